/**
 * Property: random consistent values of both templates, rendered as glued crawl text in many
 * variants (crawl header or not, one or a few long lines, spaces or not between label and digits and
 * now and then between cells, full-width digits, prose with totals or not, 2021's collapsed
 * 其他处理, Traditional script, GB18030), parse back with every cell either exactly the truth or
 * blank with a cells_ambiguous warning naming it — never another number — and most cells decided.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPLICANT_COLS, cellKey, cellsOf, expandedRowsOf, rowsOf, type TemplateVersion } from '../src/lib/template.ts';
import type { ParsedReport } from '../src/lib/types.ts';
import { parseDocument } from '../src/parser/index.ts';
import { collapseOther, encode, gluedText, type GluedStyle, type SynthReport } from '../src/synth/index.ts';
import { traditional } from '../src/synth/render.ts';

type Cells = Record<string, number | null>;
const ORGS = ['江源街道办事处', '横峰县人民政府办公室', '蓉江新区政务服务和大数据发展中心', '北京市海淀区人民政府', '广州市天河区教育局', '孝义市新义街道办事处'];
const BALANCE_ROWS = new Set(['new_received', 'carried_over', 'total', 'carried_forward']);
const APPLICANTS = APPLICANT_COLS.filter((c) => c.col !== 'total').map((c) => c.col);

/** Mostly zeros, some small counts, a few large ones (a busy body). */
const count = (large: number) =>
  fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 9 }), weight: 2 }, { arbitrary: fc.integer({ min: 10, max: large }), weight: 1 });

/** Section 3 with its arithmetic holding: outcomes per applicant column, their sums, the balance, row totals. */
function requestsArb(t: TemplateVersion, large: number): fc.Arbitrary<Cells> {
  const outcomes = expandedRowsOf(t, 'requests').filter((r) => !BALANCE_ROWS.has(r.row));
  const column = fc.record({
    outcomes: fc.array(count(large), { minLength: outcomes.length, maxLength: outcomes.length }),
    forward: count(large),
    overShare: fc.constantFrom(0, 0, 0.1, 0.5, 1),
  });
  return fc.array(column, { minLength: APPLICANTS.length, maxLength: APPLICANTS.length }).map((cols) => {
    const cells: Cells = {};
    const set = (row: string, col: string, v: number) => (cells[cellKey('requests', row, col)] = v);
    cols.forEach((c, i) => {
      const col = APPLICANTS[i]!;
      const handled = c.outcomes.reduce((a, b) => a + b, 0);
      const over = Math.floor((handled + c.forward) * c.overShare);
      outcomes.forEach((r, j) => set(r.row, col, c.outcomes[j]!));
      set('total', col, handled);
      set('carried_forward', col, c.forward);
      set('carried_over', col, over);
      set('new_received', col, handled + c.forward - over);
    });
    for (const r of rowsOf(t, 'requests')) {
      if (cells[cellKey('requests', r.row, APPLICANTS[0]!)] === undefined) continue;
      set(r.row, 'total', APPLICANTS.reduce((n, col) => n + cells[cellKey('requests', r.row, col)]!, 0));
    }
    return cells;
  });
}

function appealsArb(t: TemplateVersion): fc.Arbitrary<Cells> {
  const rows = rowsOf(t, 'appeals');
  return fc.array(fc.array(count(40), { minLength: 4, maxLength: 4 }), { minLength: rows.length, maxLength: rows.length }).map((parts) => {
    const cells: Cells = {};
    rows.forEach((r, i) => {
      r.cols.slice(0, 4).forEach((c, j) => (cells[r.keys[j]!] = parts[i]![j]!));
      // The fifth column is 总计.
      cells[r.keys[4]!] = parts[i]!.reduce((a, b) => a + b, 0);
    });
    return cells;
  });
}

function activeArb(t: TemplateVersion): fc.Arbitrary<Cells> {
  const cells = cellsOf(t).filter((c) => c.section === 'active');
  return fc.tuple(
    ...cells.map((c) =>
      c.unit === 'wan_yuan'
        ? fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50_000_000 }).map((n) => n / 100))
        : c.signed
          ? fc.oneof(fc.constant(0), fc.integer({ min: -99, max: 99 }))
          : fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10, max: 250_000 })),
    ),
  ).map((vs) => Object.fromEntries(cells.map((c, i) => [c.key, vs[i]!])));
}

const styleArb: fc.Arbitrary<GluedStyle> = fc.record({
  header: fc.constantFrom('crawl' as const, 'short' as const, 'none' as const),
  lines: fc.constantFrom('one' as const, 'sections' as const, 'paragraphs' as const),
  labelGap: fc.constantFrom('' as const, ' ' as const),
  cellSpaces: fc.constantFrom(0, 0, 0.15),
  fullWidth: fc.boolean(),
  halfWidth: fc.boolean(),
  proseTotals: fc.boolean(),
  appeals: fc.constantFrom('wide' as const, 'rows' as const),
});

interface Case {
  report: SynthReport;
  style: GluedStyle;
  v: number;
}

function caseArb(t: TemplateVersion): fc.Arbitrary<Case> {
  return fc
    .record({
      year: t === '2019' ? fc.integer({ min: 2019, max: 2020 }) : fc.integer({ min: 2021, max: 2025 }),
      org: fc.constantFrom(...ORGS),
      script: fc.constantFrom('simplified' as const, 'simplified' as const, 'traditional' as const),
      encoding: fc.constantFrom('utf8' as const, 'gb18030' as const),
      large: fc.constantFrom(99, 99, 2_000),
      collapsed: fc.boolean(),
      style: styleArb,
      v: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .chain((o) =>
      fc.tuple(activeArb(t), requestsArb(t, o.large), appealsArb(t)).map(([a, q, p]) => {
        const all: Cells = { ...a, ...q, ...p };
        // Every key of the template, in its order; 2021's collapsed 其他处理 is blank unless the report collapses.
        let cells: Cells = Object.fromEntries(cellsOf(t).map((c) => [c.key, all[c.key] ?? null]));
        if (o.collapsed) cells = collapseOther(t, cells);
        const report: SynthReport = { org: o.org, year: o.year, template: t, script: o.script, layout: 'glued', encoding: o.encoding, cells };
        return { report, style: o.style, v: o.v };
      }),
    );
}

const tally = new Map<string, { cells: number; decided: number }>();
function count1(section: string, decided: boolean) {
  const t = tally.get(section) ?? { cells: 0, decided: 0 };
  t.cells++;
  if (decided) t.decided++;
  tally.set(section, t);
}

/** Exactly the truth, or blank with a cells_ambiguous warning naming the row and the column. */
function checkCells(r: SynthReport, parsed: ParsedReport) {
  const ambiguous = parsed.errors.filter((e) => e.code === 'cells_ambiguous').map((e) => e.message);
  for (const row of rowsOf(r.template))
    row.cols.forEach((col, i) => {
      const key = row.keys[i]!;
      const want = r.cells[key] ?? null;
      const got = parsed.cells[key] ?? null;
      if (want === null) return expect(got, key).toBeNull();
      count1(row.section, got !== null);
      if (got === null) expect(ambiguous.some((m) => m.includes(row.label) && m.includes(col.label)), `${key} blank without cells_ambiguous`).toBe(true);
      else expect(got, key).toBe(want);
    });
}

describe('glued crawl text round-trips: exact, or blank with cells_ambiguous, never a wrong number', () => {
  for (const t of ['2019', '2021'] as const)
    it(`template ${t}`, () => {
      fc.assert(
        fc.property(caseArb(t), ({ report: r, style, v }) => {
          const text = gluedText(r, style, v);
          const bytes = encode(r.script === 'traditional' ? traditional(text) : text, r.encoding);
          const { report } = parseDocument('page.txt', bytes);
          expect(report.template).toBe(r.template);
          expect(report.year).toBe(r.year);
          expect(report.org).toBe(r.org);
          expect(report.script).toBe(r.script);
          checkCells(r, report);
          // The reader names no cell it decided, and warns about nothing else that could blank a cell.
          expect(report.errors.filter((e) => e.code === 'cells_unsplittable')).toEqual([]);
        }),
        { numRuns: 150, seed: 20261202 },
      );
    });

  it('decides most cells exactly (measured over the runs above)', () => {
    // The share decided exactly, per table: section 3 and 4 have their arithmetic, section 2 none.
    const share = (s: string) => tally.get(s)!.decided / tally.get(s)!.cells;
    console.log(`glued decided share: ${[...tally].map(([s, t]) => `${s} ${((100 * t.decided) / t.cells).toFixed(1)}% of ${t.cells}`).join(', ')}`);
    expect(share('requests')).toBeGreaterThan(0.9);
    expect(share('appeals')).toBeGreaterThan(0.9);
    expect(share('active')).toBeGreaterThan(0.3);
  });
});

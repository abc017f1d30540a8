/**
 * The reading-order reader (`pdftotext` without -layout: one cell a line): random values rendered into
 * variants of the form (src/synth/readingorder.ts) read back exactly where a row prints all its
 * numbers and blank (with a warning) where it does not; the real report's reading-order text gives no
 * wrong number; the reader declines every other form.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsOf, collapsedKeys, type CellDef, type TemplateVersion } from '../src/lib/template.ts';
import { parseText } from '../src/parser/index.ts';
import { readReadingOrder } from '../src/parser/readers/readingorder.ts';
import { seededRng } from '../src/synth/index.ts';
import { layoutDocument, randomLayoutStyle } from '../src/synth/layout.ts';
import { proseOf } from '../src/synth/prose.ts';
import { randomReadingOrderStyle, readingOrderDocument, readingOrderExpected } from '../src/synth/readingorder.ts';
import { corpus, goldenOf, reportBytes } from './helpers/corpus.ts';
import { blankAtRate } from './helpers/cell-values.ts';

const ORGS = ['淮安市人民政府', '孝义市新义街道办事处', '北京市海淀区人民政府', '广州市天河区教育局'];

const valueOf = (cell: CellDef, blankRate: number): fc.Arbitrary<number | null> => blankAtRate(cell, blankRate);

const caseArb = fc
  .record({
    year: fc.integer({ min: 2019, max: 2025 }),
    org: fc.constantFrom(...ORGS),
    blankRate: fc.constantFrom(0, 0.02, 0.1),
    styleSeed: fc.integer(),
    // proseOf variants that print the body's name in the title (finding it in wrapped prose is meta.ts's part).
    prose: fc.nat(1_000_000).map((n) => n - (n % 5) + (n % 3)),
  })
  .chain(({ year, org, blankRate, styleSeed, prose }) => {
    const template: TemplateVersion = year <= 2020 ? '2019' : '2021';
    const collapsed = collapsedKeys(template);
    const cells = fc.record(Object.fromEntries(cellsOf(template).map((c) => [c.key, collapsed.has(c.key) ? fc.constant(null) : valueOf(c, blankRate)])));
    return cells.map((c) => ({ org, year, template, cells: c as Record<string, number | null>, style: randomReadingOrderStyle(seededRng(styleSeed)), prose }));
  });

describe('reading-order text (pdftotext without -layout)', () => {
  it('random values in random variants: exact where a row prints every number, blank with a warning where not', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = { org: c.org, year: c.year, template: c.template, script: 'simplified' as const, layout: 'tab' as const, encoding: 'utf8' as const, cells: c.cells };
        const text = readingOrderDocument(c.template, c.cells, proseOf(r, c.prose, 0), c.style);
        expect(readReadingOrder(text, 'r.txt')).not.toBeNull();
        const { report } = parseText('r.txt', text);
        expect({ template: report.template, year: report.year, org: report.org }).toEqual({ template: c.template, year: c.year, org: c.org });
        const expected = readingOrderExpected(c.template, c.cells);
        const wrong = Object.keys(expected).filter((k) => report.cells[k] !== expected[k]).map((k) => `${k}: ${report.cells[k]} ≠ ${expected[k]}`);
        expect({ style: c.style, wrong: wrong.slice(0, 8) }).toEqual({ style: c.style, wrong: [] });
        const partial = Object.keys(expected).some((k) => expected[k] !== c.cells[k]);
        if (partial) expect(report.errors.map((e) => e.code)).toContain('reading_order_short_row');
      }),
      { numRuns: 150, seed: 20261202 },
    );
  });

  it('the real report as pdftotext prints it without -layout: most cells, never a wrong number', () => {
    const text = readFileSync(new URL('./fixtures/huaian-2024.reading-order.txt', import.meta.url), 'utf8');
    const g = goldenOf('huaian-2024.layout.txt');
    const { report } = parseText('huaian-2024.txt', text);
    expect({ org: report.org, year: report.year, template: report.template }).toEqual({ org: g.org, year: g.year, template: g.template });
    let right = 0;
    for (const [k, v] of Object.entries(g.cells)) {
      const got = report.cells[k];
      if (got === v) right++;
      else expect({ k, got }).toEqual({ k, got: null });
    }
    // Where the tool put labels away from their numbers, those rows stay blank (measured: 150 of 207).
    expect(right).toBeGreaterThanOrEqual(150);
  });

  it('declines every other form: the bundled reports, pdftotext -layout text', () => {
    for (const e of corpus()) {
      if (e.file.endsWith('.pdf')) continue;
      expect(readReadingOrder(new TextDecoder().decode(reportBytes(e.file)), e.file)).toBeNull();
    }
    for (let seed = 0; seed < 5; seed++) {
      const cells = Object.fromEntries(cellsOf('2021').map((c) => [c.key, 1]));
      const r = { org: '淮安市人民政府', year: 2022, template: '2021' as const, script: 'simplified' as const, layout: 'tab' as const, encoding: 'utf8' as const, cells };
      expect(readReadingOrder(layoutDocument('2021', cells, proseOf(r, 0, 0), randomLayoutStyle(seededRng(seed))), 'x.txt')).toBeNull();
    }
  });
});

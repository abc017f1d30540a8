/**
 * The `pdftotext -layout` reader: random cell values rendered into many variants of laid-out PDF
 * text (src/synth/layout.ts) parse back exactly, and the reader declines every other form.
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsOf, collapsedKeys, type CellDef, type TemplateVersion } from '../src/lib/template.ts';
import { parseText } from '../src/parser/index.ts';
import { readLayout } from '../src/parser/readers/layout.ts';
import { seededRng } from '../src/synth/index.ts';
import { layoutDocument, randomLayoutStyle, type LayoutStyle } from '../src/synth/layout.ts';
import { proseOf } from '../src/synth/prose.ts';
import { blankAtRate } from './helpers/cell-values.ts';

const ORGS = ['淮安市人民政府', '孝义市新义街道办事处', '北京市海淀区人民政府', '广州市天河区教育局'];

const valueOf = (cell: CellDef, blankRate: number): fc.Arbitrary<number | null> => blankAtRate(cell, blankRate);

interface Case {
  org: string;
  year: number;
  template: TemplateVersion;
  cells: Record<string, number | null>;
  style: LayoutStyle;
  /** proseOf's variant: one that prints the body's name in the title (finding it in wrapped prose is meta.ts's job). */
  prose: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({ year: fc.integer({ min: 2019, max: 2025 }), org: fc.constantFrom(...ORGS), blankRate: fc.constantFrom(0, 0.05, 0.2), styleSeed: fc.integer(), prose: fc.nat(1_000_000).map((n) => n - (n % 5) + (n % 3)) })
  .chain(({ year, org, blankRate, styleSeed, prose }) => {
    const template: TemplateVersion = year <= 2020 ? '2019' : '2021';
    const collapsed = collapsedKeys(template);
    const cells = fc.record(Object.fromEntries(cellsOf(template).map((c) => [c.key, collapsed.has(c.key) ? fc.constant(null) : valueOf(c, blankRate)])));
    return cells.map((c) => ({ org, year, template, cells: c as Record<string, number | null>, style: randomLayoutStyle(seededRng(styleSeed)), prose }));
  });

function render(c: Case): string {
  const r = { org: c.org, year: c.year, template: c.template, script: 'simplified' as const, layout: 'layout' as const, encoding: 'utf8' as const, cells: c.cells };
  return layoutDocument(c.template, c.cells, proseOf(r, c.prose, 0), c.style);
}

describe('pdftotext -layout text', () => {
  it('random values in random layout variants parse back exactly, or blank with a warning, never a wrong number', () => {
    let unclear = 0;
    let runs = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        if (process.env.LAYOUT_DUMP) writeFileSync(process.env.LAYOUT_DUMP, JSON.stringify(c));
        const text = render(c);
        expect(readLayout(text, 'r.txt')).not.toBeNull();
        const { report } = parseText('r.txt', text);
        expect(report.template).toBe(c.template);
        expect(report.year).toBe(c.year);
        expect(report.org).toBe(c.org);
        // A page whose rows leave its columns in doubt is read blank with layout_columns_unclear.
        const warned = report.errors.some((e) => e.code === 'layout_columns_unclear');
        const wrong = Object.keys(c.cells)
          .filter((k) => report.cells[k] !== c.cells[k] && !(warned && report.cells[k] === null))
          .map((k) => `${k}: ${report.cells[k]} ≠ ${c.cells[k]}`);
        // Differences listed with the style, so that a failure says which variant broke.
        expect({ style: c.style, wrong: wrong.slice(0, 8) }).toEqual({ style: c.style, wrong: [] });
        runs++;
        if (warned) unclear++;
        else expect(report.cells).toEqual(c.cells);
      }),
      { numRuns: 200, seed: 20261202, endOnFailure: !!process.env.LAYOUT_DUMP },
    );
    // Blank-with-warning is the exception: nearly every variant reads exactly.
    if (process.env.LAYOUT_DUMP) console.log(`unclear ${unclear}/${runs}`);
    expect(unclear / runs).toBeLessThan(0.05);
  });
});

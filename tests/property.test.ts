/**
 * Property: any cell values, rendered into any layout seen in the corpus (and HTML), in either
 * script and any encoding, parse back exactly. Values come from fast-check, not from the realistic
 * generator, so that negatives, decimals, blanks and large numbers turn up everywhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsOf, collapsedKeys, type CellDef, type TemplateVersion } from '../src/lib/template.ts';
import { parseFile } from '../src/parser/read.ts';
import { ENCODINGS, LAYOUTS, renderReport, templateOfYear, type Layout, type SynthReport } from '../src/synth/index.ts';
import { printedNumber, printedOrBlank } from './helpers/cell-values.ts';

const ORGS = ['江源街道办事处', '横峰县人民政府办公室', '蓉江新区政务服务和大数据发展中心', '文峰区头二三街道办事处', '北京市海淀区人民政府', '广州市天河区教育局', '孝义市新义街道办事处'];

const valueOf = (cell: CellDef, blanks: boolean): fc.Arbitrary<number | null> => (blanks ? printedOrBlank(cell, 5) : printedNumber(cell));

function reportArb(layout: Layout): fc.Arbitrary<SynthReport> {
  return fc
    .record({
      year: fc.integer({ min: 2019, max: 2025 }),
      org: fc.constantFrom(...ORGS),
      script: fc.constantFrom('simplified' as const, 'traditional' as const),
      encoding: fc.constantFrom(...ENCODINGS),
    })
    .chain(({ year, org, script, encoding }) => {
      const template: TemplateVersion = templateOfYear(year);
      // PDF text with wrapped labels has no position for a blank cell, so that layout prints numbers.
      const blanks = layout !== 'tab-wrapped';
      // A report prints 2021's （六）其他处理 either collapsed or as its sub-rows: these layouts print the sub-rows.
      const collapsed = collapsedKeys(template);
      const cells = fc.record(Object.fromEntries(cellsOf(template).map((c) => [c.key, collapsed.has(c.key) ? fc.constant(null) : valueOf(c, blanks)])));
      return cells.map((c) => ({ org, year, template, script, layout, encoding, cells: c as Record<string, number | null> }));
    });
}

describe('random cell values round-trip through every layout', () => {
  for (const layout of LAYOUTS)
    it(`${layout}`, async () => {
      await fc.assert(
        fc.asyncProperty(reportArb(layout), async (r) => {
          const { bytes, ext } = renderReport(r);
          const { report } = await parseFile(`report${ext}`, bytes);
          expect(report.template).toBe(r.template);
          expect(report.script).toBe(r.script);
          expect(report.year).toBe(r.year);
          expect(report.org).toBe(r.org);
          expect(report.cells).toEqual(r.cells);
        }),
        { numRuns: 60, seed: 20241123 },
      );
    });
});

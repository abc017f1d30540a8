/**
 * Property: any cell values, drawn into a PDF in any of the layouts published reports use (ruled or
 * not, the requests table broken across pages with or without its header, labels wrapped over 2–3
 * lines, the vertical outcome group label, footers, full-width digits, aligned any way), parse back
 * exactly through parseFile — the PDF reader, the layout reader and the row model together.
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsOf, collapsedKeys, type TemplateVersion } from '../src/lib/template.ts';
import { parseFile } from '../src/parser/read.ts';
import { templateOfYear, type SynthReport } from '../src/synth/index.ts';
import { renderPdf, type PdfVariant } from '../src/synth/pdf.ts';
import { pdfCellValue, pdfVariantArb } from './helpers/pdf-variants.ts';

const ORGS = ['江源街道办事处', '横峰县人民政府办公室', '蓉江新区政务服务和大数据发展中心', '北京市海淀区人民政府', '广州市天河区教育局'];

const valueOf = pdfCellValue;
const variantArb = pdfVariantArb;

function reportArb(blanks: boolean): fc.Arbitrary<SynthReport> {
  return fc
    .record({ year: fc.integer({ min: 2019, max: 2025 }), org: fc.constantFrom(...ORGS) })
    .chain(({ year, org }) => {
      const template: TemplateVersion = templateOfYear(year);
      // The PDF prints 2021's （六）其他处理 as its three sub-rows: the collapsed row stays blank.
      const collapsed = collapsedKeys(template);
      const cells = fc.record(Object.fromEntries(cellsOf(template).map((c) => [c.key, collapsed.has(c.key) ? fc.constant(null) : valueOf(c, blanks)])));
      return cells.map((c): SynthReport => ({ org, year, template, script: 'simplified', layout: 'pdf', encoding: 'utf8', cells: c as Record<string, number | null> }));
    });
}

let dumped = 0;

async function roundTrip(r: SynthReport, v: PdfVariant, everyCell = false): Promise<void> {
  // (v is compared in the failure message so that it says which variant broke.)
  const bytes = renderPdf(r, v);
  // PDF_DUMP=dir keeps each PDF with its cells, to look at a failure with pdftotext or a viewer.
  if (process.env.PDF_DUMP) {
    const stem = `${process.env.PDF_DUMP}/case-${(dumped++).toString().padStart(2, '0')}`;
    writeFileSync(`${stem}.pdf`, bytes);
    writeFileSync(`${stem}.json`, JSON.stringify({ variant: v, cells: r.cells }));
  }
  const { report } = await parseFile('report.pdf', bytes);
  expect(report.errors.filter((e) => e.level === 'error')).toEqual([]);
  expect(report.template).toBe(r.template);
  expect(report.year).toBe(r.year);
  expect(report.org).toBe(r.org);
  // The layout reader's rule: a page whose rows leave its columns in doubt is read blank with
  // layout_columns_unclear — never a wrong number; without that warning every cell is exact.
  const warned = report.errors.some((e) => e.code === 'layout_columns_unclear');
  // Where every row prints every cell, the reader places numbers by where pdf.js says they print:
  // nothing is left in doubt, so every cell is exact.
  if (everyCell) expect({ variant: v, unclear: report.errors.filter((e) => e.code === 'layout_columns_unclear').map((e) => e.message) }).toEqual({ variant: v, unclear: [] });
  const wrong = Object.entries(r.cells)
    .filter(([k, want]) => report.cells[k] !== want && !(warned && report.cells[k] === null))
    .map(([k, want]) => `${k}: ${want} → ${report.cells[k]}`);
  expect({ variant: v, wrong: wrong.slice(0, 8) }).toEqual({ variant: v, wrong: [] });
  if (!warned) expect(report.cells).toEqual(r.cells);
}

describe('random cell values round-trip through generated PDFs', () => {
  it('every cell printed (no blanks), any layout variant', async () => {
    // No shrinking: a PDF round trip costs ~0.3 s, and the counterexample's variant says enough.
    await fc.assert(fc.asyncProperty(reportArb(false), variantArb, (r, v) => roundTrip(r, v, true)), { numRuns: 16, seed: 20261202, endOnFailure: true });
  }, 120_000);

  it('with blank cells, any layout variant', async () => {
    await fc.assert(fc.asyncProperty(reportArb(true), variantArb, (r, v) => roundTrip(r, v)), { numRuns: 12, seed: 20261203, endOnFailure: true });
  }, 120_000);
});

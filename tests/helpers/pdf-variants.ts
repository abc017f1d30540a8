/** The PDF layouts drawn by src/synth/pdf.ts, as the PDF property test and `npm run bench -- pdfcells` draw them. */
import fc from 'fast-check';
import type { CellDef } from '../../src/lib/template.ts';
import type { PdfVariant } from '../../src/synth/pdf.ts';
import { printedNumber, printedOrBlank } from './cell-values.ts';

export const pdfVariantArb: fc.Arbitrary<PdfVariant> = fc.record({
  rules: fc.boolean(),
  repeatHeader: fc.boolean(),
  fullWidth: fc.boolean(),
  labelWidth: fc.constantFrom(150, 110, 84),
  verticalGroup: fc.boolean(),
  footer: fc.constantFrom('dash' as const, 'spaced' as const, 'emdash' as const, 'none' as const),
  fontSize: fc.constantFrom(7.5, 8, 9),
  align: fc.constantFrom('center' as const, 'right' as const, 'left' as const),
  valign: fc.constantFrom('top' as const, 'middle' as const),
  breakAfter: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
  headerAlign: fc.constantFrom('left' as const, 'center' as const),
  columnWidths: fc.constantFrom('equal' as const, 'uneven' as const),
});

/** A cell of a generated PDF: counts up to eight digits, blank one time in six where blanks are drawn. */
export const pdfCellValue = (cell: CellDef, blanks: boolean): fc.Arbitrary<number | null> => (blanks ? printedOrBlank(cell, 6, true) : printedNumber(cell, true));

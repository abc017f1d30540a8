/**
 * Cell values as the property tests of every form draw them: zeros and small counts (most cells),
 * large counts, decimals in 万元, negative 本年增/减 — and blanks, which must stay blank, never 0.
 */
import fc from 'fast-check';
import type { CellDef } from '../../src/lib/template.ts';

/** A number a report prints in the cell; `wide` adds counts up to eight digits (wide columns in a PDF). */
export function printedNumber(cell: CellDef, wide = false): fc.Arbitrary<number> {
  if (cell.unit === 'wan_yuan') return fc.integer({ min: 0, max: 50_000_000 }).map((n) => n / 100);
  if (cell.signed) return fc.integer({ min: -9999, max: 9999 });
  const small = fc.integer({ min: 0, max: 9 });
  const usual = fc.integer({ min: 0, max: 250_000 });
  return wide ? fc.oneof(small, usual, fc.integer({ min: 0, max: 99_999_999 })) : fc.oneof(small, usual);
}

/** A printed number, or a blank one time in `freq`. */
export const printedOrBlank = (cell: CellDef, freq: number, wide = false): fc.Arbitrary<number | null> => fc.option(printedNumber(cell, wide), { freq, nil: null });

/** A printed number, or a blank at `rate` (0–1) of the cells. */
export const blankAtRate = (cell: CellDef, rate: number): fc.Arbitrary<number | null> =>
  rate === 0 ? printedNumber(cell) : fc.oneof({ weight: Math.round(100 * rate), arbitrary: fc.constant(null) }, { weight: 100, arbitrary: printedNumber(cell) });

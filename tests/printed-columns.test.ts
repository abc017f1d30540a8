/**
 * Placing numbers by where they print (src/parser/readers/printed-columns.ts): columns from full
 * rows, from tight clusters, and under header words — each placement certain or none.
 */
import { describe, expect, it } from 'vitest';
import { clusterColumns, learnColumns, placeRow, placeUnderHeaders, type Span } from '../src/parser/readers/printed-columns.ts';

/** A right-aligned number of `digits` digits ending at `right` (a digit 1.4 units wide). */
const right = (end: number, digits: number): Span => ({ x: end - 1.4 * digits, end });

describe('printed columns', () => {
  // Four cells 20 units wide, numbers right-aligned 1 unit before each cell's right edge.
  const edges = [29, 49, 69, 89];
  const full = [
    [right(29, 3), right(49, 1), right(69, 6), right(89, 2)],
    [right(29, 8), right(49, 2), right(69, 1), right(89, 5)],
  ];

  it('learns the columns by the edge the full rows keep, and places a row with blanks there', () => {
    const learned = learnColumns(full, 4)!;
    expect(learned).not.toBeNull();
    expect(placeRow([right(49, 7), right(89, 1)], learned)).toEqual([1, 3]);
    expect(placeRow([right(29, 1), right(69, 4), right(89, 8)], learned)).toEqual([0, 2, 3]);
  });

  it('leaves a number that prints between two columns blank', () => {
    const learned = learnColumns(full, 4)!;
    expect(placeRow([right(59, 2)], learned)).toBeNull();
  });

  it('finds the columns from rows with blanks only where they print in exactly as many tight clusters', () => {
    const partial = [
      [right(29, 3), right(69, 6)],
      [right(49, 2), right(89, 5)],
      [right(29, 1), right(49, 8)],
    ];
    const learned = clusterColumns(partial, 4, 0.25)!;
    expect(learned).not.toBeNull();
    expect(learned.fits[1]!.cols).toEqual(edges);
    expect(placeRow([right(69, 2)], learned)).toEqual([2]);
    // Only three columns printed anywhere: the fourth is not known.
    expect(clusterColumns(partial.map((r) => r.filter((v) => v.end !== 89)), 4, 0.25)).toBeNull();
  });

  it('places a number under header words only where no other cell could hold it', () => {
    // Header words set at each cell's left (cells start at 10, 30, 50, 70).
    const spans: [number, number][] = [
      [11, 19],
      [31, 39],
      [51, 59],
      [71, 79],
    ];
    // Under a header word: that column.
    expect(placeUnderHeaders([{ x: 52, end: 56 }], spans)).toEqual([2]);
    // Right of the last header word: only the last cell.
    expect(placeUnderHeaders([right(89, 2)], spans)).toEqual([3]);
    // Between two header words with nothing else to decide: either cell.
    expect(placeUnderHeaders([right(49, 2)], spans)).toBeNull();
    // The same number, with a later number under the third header: the row's order decides.
    expect(placeUnderHeaders([{ x: 20, end: 24 }, { x: 52, end: 56 }], spans)).toBeNull();
    expect(placeUnderHeaders([right(49, 2), { x: 52, end: 56 }, right(89, 1)], spans)).toEqual([1, 2, 3]);
  });
});

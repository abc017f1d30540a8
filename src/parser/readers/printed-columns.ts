/**
 * Columns of a table read from where its numbers really print (the PDF reader's positions, one x
 * scale for the whole document), not from a character grid. A table keeps its columns on every page
 * it runs over, so they are learned once, from every row on any page that prints every column, by
 * the edge the numbers keep (centred, right- or left-aligned: the least spread); each number of a row
 * with blanks goes to the column its edge lies on. Where no row prints every column, a number goes to
 * the column whose header words it lies under (a header's words stay inside its cell, as the
 * numbers do). Anything less clear is left blank: never a guess.
 */
import { placeInColumns, placementMargin } from './columns.ts';

/** A printed number's extent on the document's x scale. */
export interface Span {
  x: number;
  end: number;
}

const ANCHORS: readonly ((c: Span) => number)[] = [(c) => (c.x + c.end) / 2, (c) => c.end, (c) => c.x];

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
};

export interface PrintedColumns {
  /** For each anchor (centre, right, left): the columns, and how far the full rows' numbers stray from them at most. */
  fits: { cols: number[]; spread: number }[];
  /** The median distance between neighbouring columns. */
  gap: number;
}

/**
 * The table's columns from its rows that print all `width` columns (their numbers in order), or
 * null when there is none or they disagree (a column's numbers stray over a sixth of the column
 * distance by every edge: not one table's columns).
 */
export function learnColumns(full: readonly (readonly Span[])[], width: number): PrintedColumns | null {
  const rows = full.filter((r) => r.length === width);
  if (rows.length === 0 || width < 2) return null;
  const fits = ANCHORS.map((a) => {
    const cols = Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + a(r[j]!), 0) / rows.length);
    const spread = Math.max(...rows.flatMap((r) => r.map((v, j) => Math.abs(a(v) - cols[j]!))));
    return { cols, spread };
  });
  const gap = median(fits[0]!.cols.slice(1).map((x, j) => x - fits[0]!.cols[j]!));
  if (!(gap > 0) || Math.min(...fits.map((f) => f.spread)) > gap / 6) return null;
  return { fits, gap };
}

/** Clusters of sorted points, each point within `tol` of the one before and all within 2·tol. */
function clusters(points: readonly number[], tol: number): number[][] | null {
  const sorted = [...points].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x - last[last.length - 1]! <= tol) {
      if (x - last[0]! > 2 * tol) return null;
      last.push(x);
    } else out.push([x]);
  }
  return out;
}

/**
 * The table's columns where no row prints them all: the numbers of all its rows, by an edge that
 * puts them in exactly `width` tight clusters (numbers printed at the same x, as a table sets a
 * column's right edges, centres or left edges) set well apart. Null unless exactly one edge does;
 * `tol` is how far numbers of one column may print apart.
 */
export function clusterColumns(rows: readonly (readonly Span[])[], width: number, tol: number): PrintedColumns | null {
  const found: { k: number; cols: number[]; spread: number }[] = [];
  for (const [k, a] of ANCHORS.entries()) {
    const cs = clusters(rows.flatMap((r) => r.map(a)), tol);
    if (!cs || cs.length !== width) continue;
    const cols = cs.map((c) => c.reduce((s, x) => s + x, 0) / c.length);
    const spread = Math.max(...cs.map((c, j) => Math.max(...c.map((x) => Math.abs(x - cols[j]!)))));
    const gaps = cols.slice(1).map((x, j) => x - cols[j]!);
    // Columns set apart by far more than their numbers stray: a column distance under 8·tol is a
    // column's numbers spread over two clusters, not two columns.
    if (Math.min(...gaps) < 8 * tol) continue;
    found.push({ k, cols, spread });
  }
  if (found.length !== 1) return null;
  const { k, cols, spread } = found[0]!;
  const gap = median(cols.slice(1).map((x, j) => x - cols[j]!));
  return { fits: ANCHORS.map((_, i) => (i === k ? { cols, spread } : { cols, spread: Number.POSITIVE_INFINITY })), gap };
}

/**
 * The columns of a row's numbers (ascending), or null when not clear. A number stands in a column
 * when, by an edge the table's full rows keep (spread within a sixth of the column distance), it lies
 * within a sixth of the distance of that column and every other placement of the row is further off
 * by over a third of it; every such edge must give the same columns.
 */
export function placeRow(values: readonly Span[], learned: PrintedColumns): number[] | null {
  const { fits, gap } = learned;
  const width = fits[0]!.cols.length;
  if (values.length > width || values.length === 0) return null;
  let got: number[] | null = null;
  for (const [k, f] of fits.entries()) {
    if (f.spread > gap / 6) continue;
    const points = values.map(ANCHORS[k]!);
    const at = placeInColumns(points, f.cols);
    const tol = Math.max(gap / 6, 2 * f.spread);
    if (!points.every((x, i) => Math.abs(x - f.cols[at[i]!]!) <= tol)) continue;
    if (placementMargin(points, f.cols, at) < Math.max(gap / 3, 4 * f.spread)) return null;
    if (got && got.some((j, i) => j !== at[i])) return null;
    got = at;
  }
  return got;
}

/**
 * The columns of a row's numbers by the header words above them, or null when not certain. A
 * column's header words and its numbers lie inside its cell, and cells do not overlap: so a number
 * is in column k only if it starts right of every header word of the columns before k and ends left
 * of every header word of the columns after it (a number under a header word's extent is in that
 * column). The row is placed when exactly one placement in order, no two numbers in one column,
 * keeps every number within its possible columns.
 */
export function placeUnderHeaders(values: readonly Span[], spans: readonly (readonly [number, number])[]): number[] | null {
  const n = spans.length;
  const m = values.length;
  if (m === 0 || m > n) return null;
  const possible = (v: Span, k: number) => spans.every(([x, end], j) => (j < k ? end <= v.x : j > k ? v.end <= x : true));
  // ways[i][j]: placements of the first i numbers into columns before j (counted up to 2).
  const ways = Array.from({ length: m + 1 }, () => Array<number>(n + 1).fill(0));
  for (let j = 0; j <= n; j++) ways[0]![j] = 1;
  for (let i = 1; i <= m; i++)
    for (let j = 1; j <= n; j++) ways[i]![j] = Math.min(2, ways[i]![j - 1]! + (possible(values[i - 1]!, j - 1) ? ways[i - 1]![j - 1]! : 0));
  if (ways[m]![n] !== 1) return null;
  const at = Array<number>(m).fill(0);
  let j = n;
  for (let i = m; i > 0; i--) {
    while (!(possible(values[i - 1]!, j - 1) && ways[i - 1]![j - 1]! === 1 && ways[i]![j - 1]! === 0)) j--;
    at[i - 1] = j - 1;
    j--;
  }
  return at;
}

/**
 * Rows of numbers printed without their label, placed by template order.
 *
 * PDF converters cut a table's label cells off their numbers when a label spans several lines: the
 * label comes out as loose text somewhere near (before or after, sometimes past the next row) and the
 * numbers as a row with no label. Reports print their rows in template order, so between two rows
 * whose labels were matched (anchors) the unlabeled rows can only be the template rows missing
 * between them, in order. That is taken only where it leaves no choice: as many unlabeled rows as
 * missing rows, each holding a value count that fits its row. Anything else (more or fewer rows, an
 * unreadable label among them, a row of the wrong width) is left blank with a `rows_unplaced`
 * warning: a guessed position would put real numbers in the wrong cells.
 */
import type { RowDef } from '../lib/template.ts';
import type { ParseIssue } from '../lib/types.ts';
import type { RawRow } from './rows.ts';

export interface Placed {
  row: RawRow;
  def: RowDef;
  k: number;
  at: number;
}

interface Anchor {
  /** Index of the row in the table's rows, -1 / rows.length for the table's ends. */
  at: number;
  /** Index of its template row in defs, -1 / defs.length for the table's ends. */
  t: number;
}

/**
 * The sequences of template rows the missing rows of a gap can be printed as: 2021's （六）其他处理 is
 * printed either as one collapsed row or as its sub-rows, never both; where the report shows which
 * (one of them matched elsewhere), only that one.
 */
function printings(gap: readonly RowDef[], defs: readonly RowDef[], isTaken: (d: RowDef) => boolean): RowDef[][] {
  let out: RowDef[][] = [gap.filter((d) => !defs.some((c) => isTaken(c) && c.collapses?.includes(d.row)))];
  for (const c of gap) {
    const subs = defs.filter((d) => c.collapses?.includes(d.row));
    if (subs.length === 0) continue;
    const expanded = (v: RowDef[]) => v.filter((d) => d !== c);
    const collapsed = (v: RowDef[]) => v.filter((d) => !subs.includes(d));
    out = out.flatMap((v) => (subs.some(isTaken) ? [expanded(v)] : [expanded(v), collapsed(v)]));
  }
  return out;
}

type Windows = (cells: readonly string[], k: number) => number[];

/** Printed width of a row (its label columns and cells) → the printed columns its values were seen to start at. */
type Starts = Map<number, Set<number>>;
const widthOf = (row: RawRow): number => row.firstCol + row.cells.length;
const learn = (known: Starts, row: RawRow, start: number) => known.set(widthOf(row), (known.get(widthOf(row)) ?? new Set()).add(row.firstCol + start));

/**
 * Where each row's values start when `seq` are the template rows they are: all its cells, or the one
 * window of k cells that holds every printed number, or, where blanks at its edges leave several,
 * the printed column that the table's other rows of its printed width agree on (their numbers
 * leaving them no choice: rows of one width are rows of one table, with the same label columns).
 * Null where a row does not fit its template row.
 */
function startsOf(bare: readonly RawRow[], seq: readonly RowDef[], windows: Windows, seen: Starts): number[] | null {
  if (seq.length !== bare.length) return null;
  const options = bare.map((row, j): number[] => {
    const k = seq[j]!.cols.length;
    const n = row.cells.length;
    if (n === k) return [0];
    if (n < k || row.kind === 'pipe') return [];
    return windows(row.cells, k);
  });
  if (options.some((o) => o.length === 0)) return null;
  const known: Starts = new Map([...seen].map(([w, set]) => [w, new Set(set)]));
  options.forEach((o, j) => {
    if (o.length === 1) learn(known, bare[j]!, o[0]!);
  });
  const starts: number[] = [];
  for (let j = 0; j < bare.length; j++) {
    const o = options[j]!;
    if (o.length === 1) {
      starts.push(o[0]!);
      continue;
    }
    const agreed = known.get(widthOf(bare[j]!));
    const [start] = agreed ?? [];
    const at = start === undefined ? -1 : start - bare[j]!.firstCol;
    if (agreed?.size !== 1 || !o.includes(at)) return null;
    starts.push(at);
  }
  return starts;
}

/**
 * The unlabeled rows of one table that template order places, as rows for the matcher to assign.
 * `matched` are the rows whose labels were matched, in report order; `unknown` the positions of rows
 * with values under labels no template row matches; `windows(cells, k)` the offsets at which k
 * consecutive cells hold every printed number. A placed row carries just its k value cells.
 */
export function placeUnlabelled(
  defs: readonly RowDef[],
  rows: readonly RawRow[],
  matched: readonly { at: number; def: RowDef }[],
  unknown: readonly number[],
  isTaken: (d: RowDef) => boolean,
  issues: ParseIssue[],
  windows: Windows,
): Placed[] {
  const candidates: number[] = [];
  rows.forEach((r, i) => {
    if (r.labels.length === 0 && r.cells.some((c) => c !== '')) candidates.push(i);
  });
  if (candidates.length === 0) return [];
  const anchors: Anchor[] = [
    { at: -1, t: -1 },
    ...matched.map((m) => ({ at: m.at, t: defs.indexOf(m.def) })),
    { at: rows.length, t: defs.length },
  ];
  const seen: Starts = new Map();
  for (const m of matched) {
    const k = m.def.cols.length;
    const row = rows[m.at]!;
    const w = row.cells.length === k ? [0] : row.kind === 'tab' ? windows(row.cells, k) : [];
    if (w.length === 1) learn(seen, row, w[0]!);
  }
  const placed: Placed[] = [];
  for (let a = 0; a + 1 < anchors.length; a++) {
    const from = anchors[a]!;
    const to = anchors[a + 1]!;
    const inGap = candidates.filter((i) => i > from.at && i < to.at);
    if (inGap.length === 0) continue;
    // Rows out of template order leave no sequence to align with.
    if (to.t <= from.t) continue;
    const missing = defs.slice(from.t + 1, to.t).filter((d) => !isTaken(d));
    if (missing.length === 0) continue;
    const line = rows[inGap[0]!]!.line;
    const strangers = unknown.some((i) => i > from.at && i < to.at);
    const bare = inGap.map((i) => rows[i]!);
    const fitting = strangers ? [] : printings(missing, defs, isTaken).flatMap((seq) => {
      const starts = startsOf(bare, seq, windows, seen);
      return starts ? [{ seq, starts }] : [];
    });
    if (fitting.length !== 1) {
      const why = strangers ? '其间还有无法识别标签的数据行' : `缺少的是 ${missing.length} 行：${missing.map((d) => d.label).join('、')}`;
      issues.push({
        level: 'warning',
        code: 'rows_unplaced',
        message: `第 ${line} 行起有 ${inGap.length} 行数值没有行标签，无法按表格顺序确定它们是哪几行（${why}），这些数值未采用`,
      });
      continue;
    }
    const { seq, starts } = fitting[0]!;
    seq.forEach((def, j) => {
      const row = bare[j]!;
      const k = def.cols.length;
      const w = starts[j]!;
      learn(seen, row, w);
      placed.push({ row: { ...row, cells: row.cells.slice(w, w + k), firstCol: row.firstCol + w }, def, k, at: inGap[j]! });
    });
  }
  return placed;
}

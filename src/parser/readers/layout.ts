/**
 * Text that a PDF tool laid out on a character grid (`pdftotext -layout`, and the PDF reader's own
 * layout of pdf.js text items): table cells aligned with runs of spaces, no separators. Each table row
 * becomes a tab row of the row model, `label…\tv1\t…\tvn`, with every number in its column:
 * - number lines are the lines ending in numbers; the tables are the runs of number lines with only
 *   label fragments (text left of the numbers) between them;
 * - a row's label may wrap over lines above and below its numbers; label fragments are given to the
 *   row above or below by their label column (group, sub-group, item), their numbering ("（三）",
 *   "2.", "1、" starts a label) and their distance;
 * - group labels set vertically (one or two characters a line, `三、本年度办理结果`) are joined into
 *   one line of their own;
 * - page numbers (-3-, — 3 —, 第 3 页) and form feeds are dropped; a page break ends a page's part of
 *   a table, whose columns are learned again (see columns.ts).
 * Declines text with tabs or pipes (the row model's own forms, markdown) and text with fewer than
 * three lines of spaced numbers.
 */
import type { ParseIssue } from '../../lib/types.ts';
import { compact } from '../normalize.ts';
import { columnsOf, completeColumns, placeInColumns } from './columns.ts';
import { type Chunk, chunksOf, halfWidthSameLength, isPageNumber, valueTail } from './layoutlines.ts';
import type { TextRead } from './types.ts';

interface Line {
  raw: string;
  kind: 'blank' | 'page' | 'num' | 'text';
  chunks: Chunk[];
  /** num lines: index of the first value chunk. */
  tail: number;
  page: number;
}

/** A label starts with its numbering: 一、 （三） (六) 2. 1、 3． */
const NUMBERED = /^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[①-⑳])/;
/** A section heading or other top-level line: never a row label fragment. */
const HEADING = /^[一二三四五六七八九十]+、\S{6,}/;
/** Fragments of a label set vertically are this short. */
const VERTICAL_MAX = 2;

export function readLayout(text: string, _file: string): TextRead | null {
  if (!looksLikeLayout(text)) return null;
  const lines = classify(text);
  const issues: ParseIssue[] = [];
  const out = layoutToRows(lines, issues);
  return { text: out.join('\n'), issues };
}

/** At least three lines of two or more numbers set apart by spaces; no tabs, no pipe cells. */
export function looksLikeLayout(text: string): boolean {
  let spaced = 0;
  let tabs = 0;
  let pipes = 0;
  for (const raw of text.split('\n')) {
    if (raw.includes('\t')) tabs++;
    if (raw.includes('|')) pipes++;
    if (tabs >= 3 || pipes >= 3) return false;
    if (spaced >= 3 || !/\d\s{2,}[-\d]/.test(raw)) continue;
    const chunks = chunksOf(halfWidthSameLength(raw));
    const tail = valueTail(chunks);
    if (tail >= 0 && chunks.length - tail >= 2) spaced++;
  }
  return spaced >= 3;
}

function classify(text: string): Line[] {
  const lines: Line[] = [];
  let page = 0;
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    let raw = rawLine;
    if (raw.includes('\f')) {
      page++;
      raw = raw.replace(/\f/g, '');
    }
    raw = halfWidthSameLength(raw).trimEnd();
    if (raw.trim() === '') {
      lines.push({ raw: '', kind: 'blank', chunks: [], tail: -1, page });
      continue;
    }
    if (isPageNumber(raw)) {
      lines.push({ raw, kind: 'page', chunks: [], tail: -1, page });
      page++;
      continue;
    }
    const chunks = chunksOf(raw);
    const tail = valueTail(chunks);
    lines.push({ raw, kind: tail >= 0 ? 'num' : 'text', chunks, tail, page });
  }
  return lines;
}

const firstValueX = (l: Line): number => l.chunks[l.tail]!.x;
const labelsOf = (l: Line): Chunk[] => l.chunks.slice(0, l.tail);
const valuesOf = (l: Line): Chunk[] => l.chunks.slice(l.tail);

/** A text line that can be part of a table row's label: all of it left of the numbers, short, no heading. */
function labelLike(l: Line, limit: number): boolean {
  if (l.kind !== 'text') return false;
  if (HEADING.test(compact(l.raw))) return false;
  return l.chunks.every((c) => c.end <= limit + 1 && c.s.length <= 24);
}

interface Table {
  /** Line indices of its number lines, in order. */
  rows: number[];
}

/** Runs of number lines with only blank lines, page numbers and label fragments between them. */
function tablesOf(lines: readonly Line[]): Table[] {
  const tables: Table[] = [];
  let cur: Table | null = null;
  let last = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.kind !== 'num') continue;
    if (cur && last >= 0) {
      const limit = Math.max(firstValueX(lines[last]!), firstValueX(l));
      let ok = true;
      let texts = 0;
      for (let k = last + 1; k < i && ok; k++) {
        const m = lines[k]!;
        if (m.kind !== 'text') continue;
        texts++;
        if (!labelLike(m, limit) || texts > 12) ok = false;
      }
      if (!ok) cur = null;
    }
    if (!cur) tables.push((cur = { rows: [] }));
    cur.rows.push(i);
    last = i;
  }
  return tables;
}

interface Frag {
  line: number;
  x: number;
  s: string;
}

/** Label columns: fragment start positions, grouped where they lie within 3 characters of each other. */
function labelColumns(frags: readonly Frag[]): (x: number) => number {
  const xs = [...new Set(frags.map((f) => f.x))].sort((a, b) => a - b);
  const starts: number[] = [];
  let prev = Number.NEGATIVE_INFINITY;
  for (const x of xs) {
    if (x - prev > 3) starts.push(x);
    prev = x;
  }
  return (x: number) => {
    let c = 0;
    for (let k = 0; k < starts.length; k++) if (x >= starts[k]!) c = k;
    return c;
  };
}

interface RowOut {
  /** label fragments per label column, in line order. */
  labels: Map<number, string[]>;
  values: string[];
}

function layoutToRows(lines: Line[], issues: ParseIssue[]): string[] {
  const absorbed = new Set<number>();
  const rowText = new Map<number, string>();
  const extraLines = new Map<number, string>();
  for (const table of tablesOf(lines)) readTable(lines, table, absorbed, rowText, extraLines, issues);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const extra = extraLines.get(i);
    if (extra !== undefined) out.push(extra);
    const l = lines[i]!;
    if (l.kind === 'page' || absorbed.has(i)) continue;
    out.push(rowText.get(i) ?? l.raw);
  }
  return out;
}

function readTable(
  lines: Line[],
  table: Table,
  absorbed: Set<number>,
  rowText: Map<number, string>,
  extraLines: Map<number, string>,
  issues: ParseIssue[],
) {
  const rows = table.rows;
  const first = rows[0]!;
  const lastRow = rows[rows.length - 1]!;
  // Candidate fragments: label chunks of the number lines, text lines between them, and a few
  // label-like lines just above the first and just below the last row (a wrapped label's ends).
  const frags: Frag[] = [];
  const limitAt = (i: number) => firstValueX(lines[i]!);
  const between: number[] = [];
  for (let k = first; k <= lastRow; k++) if (lines[k]!.kind === 'text') between.push(k);
  const edge = (from: number, step: number, limit: number): number[] => {
    const got: number[] = [];
    for (let k = from; k >= 0 && k < lines.length && got.length < 2; k += step) {
      const l = lines[k]!;
      // Only lines touching the row: a blank line ends a wrapped label's edge.
      if (l.kind === 'blank') break;
      if (!labelLike(l, limit)) break;
      got.push(k);
    }
    return got;
  };
  const above = edge(first - 1, -1, limitAt(first)).reverse();
  const below = edge(lastRow + 1, 1, limitAt(lastRow));
  for (const k of [...above, ...between, ...below]) for (const c of lines[k]!.chunks) frags.push({ line: k, x: c.x, s: compact(c.s) });
  for (const r of rows) for (const c of labelsOf(lines[r]!)) frags.push({ line: r, x: c.x, s: compact(c.s) });
  frags.sort((a, b) => a.line - b.line || a.x - b.x);
  const colOf = labelColumns(frags);

  const out = new Map<number, RowOut>(rows.map((r) => [r, { labels: new Map(), values: [] }]));
  const add = (r: number, col: number, s: string, front = false) => {
    const labels = out.get(r)!.labels;
    const list = labels.get(col) ?? [];
    if (front) list.unshift(s);
    else list.push(s);
    labels.set(col, list);
  };

  // Group labels set vertically: a label column holding three or more very short fragments off the number lines.
  const byCol = new Map<number, Frag[]>();
  for (const f of frags) byCol.set(colOf(f.x), [...(byCol.get(colOf(f.x)) ?? []), f]);
  const vertical = new Set<Frag>();
  for (const fs of byCol.values()) {
    const short = fs.filter((f) => f.s.length <= VERTICAL_MAX);
    if (short.filter((f) => lines[f.line]!.kind === 'text').length < 3) continue;
    for (const f of short) vertical.add(f);
    extraLines.set(short[0]!.line, short.map((f) => f.s).join(''));
  }

  // Each number line's own label chunks first.
  for (const r of rows) for (const c of labelsOf(lines[r]!)) {
    const f = frags.find((g) => g.line === r && g.x === c.x)!;
    if (!vertical.has(f)) add(r, colOf(c.x), f.s);
  }
  const textFrags = frags.filter((f) => lines[f.line]!.kind === 'text' && !vertical.has(f));
  const used = new Set<Frag>();
  // Fragments above the first row: only from a numbered fragment on (what is above it is a header).
  const assignEdge = (fs: Frag[], r: number, before: boolean) => {
    for (const [col, list] of groupByCol(fs, colOf)) {
      const own = out.get(r)!.labels.get(col);
      if (before) {
        if (own && NUMBERED.test(own[0]!)) continue;
        const start = lastIndex(list, (f) => NUMBERED.test(f.s));
        const take = start >= 0 ? list.slice(start) : list.slice(-1);
        take.reverse().forEach((f) => (add(r, col, f.s, true), used.add(f)));
      } else {
        if (!own) continue;
        const stop = list.findIndex((f) => NUMBERED.test(f.s));
        for (const f of stop >= 0 ? list.slice(0, stop) : list) (add(r, col, f.s), used.add(f));
      }
    }
  };
  assignEdge(
    textFrags.filter((f) => f.line < first),
    first,
    true,
  );
  for (let k = 0; k + 1 < rows.length; k++) {
    const a = rows[k]!;
    const b = rows[k + 1]!;
    const fs = textFrags.filter((f) => f.line > a && f.line < b);
    for (const [col, list] of groupByCol(fs, colOf)) {
      const split = splitAt(list, a, b, out.get(a)!.labels.get(col), out.get(b)!.labels.get(col));
      list.slice(0, split).forEach((f) => (add(a, col, f.s), used.add(f)));
      list
        .slice(split)
        .reverse()
        .forEach((f) => (add(b, col, f.s, true), used.add(f)));
    }
  }
  assignEdge(
    textFrags.filter((f) => f.line > lastRow),
    lastRow,
    false,
  );
  // A text line is absorbed when every fragment of it went into a row (or a vertical label).
  const lineFrags = new Map<number, Frag[]>();
  for (const f of frags) if (lines[f.line]!.kind === 'text') lineFrags.set(f.line, [...(lineFrags.get(f.line) ?? []), f]);
  for (const [line, fs] of lineFrags) if (fs.every((f) => used.has(f) || vertical.has(f))) absorbed.add(line);

  placeValues(lines, rows, out, issues);
  for (const r of rows) {
    const o = out.get(r)!;
    const labels = [...o.labels.entries()].sort((p, q) => p[0] - q[0]).map(([, l]) => l.join(''));
    const cells = [...labels, ...o.values];
    rowText.set(r, cells.length === 1 ? `${cells[0]}\t` : cells.join('\t'));
  }
}

/** How many of one label column's fragments between rows a and b continue a's label; the rest start b's. */
function splitAt(list: readonly Frag[], a: number, b: number, ownA: readonly string[] | undefined, ownB: readonly string[] | undefined): number {
  const numbered = list.findIndex((f) => NUMBERED.test(f.s));
  if (numbered >= 0) return numbered;
  // b's own label starts with its numbering: nothing comes before it.
  if (ownB && ownB.length > 0 && NUMBERED.test(ownB[0]!)) return list.length;
  let split = 0;
  for (const f of list) {
    const da = f.line - a;
    const db = b - f.line;
    if (da < db || (da === db && ownA && ownA.length > 0)) split++;
    else break;
  }
  return split;
}

function groupByCol(fs: readonly Frag[], colOf: (x: number) => number): Map<number, Frag[]> {
  const m = new Map<number, Frag[]>();
  for (const f of fs) m.set(colOf(f.x), [...(m.get(colOf(f.x)) ?? []), f]);
  return m;
}

function lastIndex<T>(xs: readonly T[], p: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i]!)) return i;
  return -1;
}

/** Every row's numbers into the columns of its page's part of the table. */
function placeValues(lines: readonly Line[], rows: readonly number[], out: Map<number, RowOut>, issues: ParseIssue[]) {
  const centre = (c: Chunk) => (c.x + c.end) / 2;
  const pages = new Map<number, number[]>();
  for (const r of rows) pages.set(lines[r]!.page, [...(pages.get(lines[r]!.page) ?? []), r]);
  const cols = new Map<number, number[] | null>();
  for (const [p, rs] of pages) cols.set(p, columnsOf(rs.map((r) => valuesOf(lines[r]!).map(centre))));
  const width = Math.max(...[...cols.values()].map((c) => c!.length));
  const full = [...cols.entries()].filter(([, c]) => c!.length === width);
  for (const [p, c] of cols) {
    if (c!.length === width) continue;
    // A page none of whose rows prints every cell: its columns from the nearest page that does.
    const ref = full.reduce((best, e) => (Math.abs(e[0] - p) < Math.abs(best[0] - p) ? e : best))[1]!;
    cols.set(p, completeColumns(c!, ref));
  }
  for (const r of rows) {
    const vs = valuesOf(lines[r]!);
    const c = cols.get(lines[r]!.page)!;
    const o = out.get(r)!;
    if (c === null) {
      o.values = Array<string>(width).fill('');
      issues.push({
        level: 'warning',
        code: 'layout_columns_unclear',
        message: `第 ${r + 1} 行：这一页的表格没有一行印全所有栏目，无法确定数值所在的栏目，按空白处理`,
      });
      continue;
    }
    const at = placeInColumns(vs.map(centre), c);
    o.values = Array<string>(c.length).fill('');
    vs.forEach((v, i) => (o.values[at[i]!] = v.s));
  }
}

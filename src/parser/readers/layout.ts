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
import { ROWS, SECTIONS, rowsOf, type TemplateVersion } from '../../lib/template.ts';
import type { ParseIssue } from '../../lib/types.ts';
import { detectTemplate } from '../meta.ts';
import { compact, detectScript, normalizeText } from '../normalize.ts';
import { FALLBACK } from '../sections.ts';
import { alignToHeader, columnsOf, completeColumns, fit, placeInColumns, placementMargin } from './columns.ts';
import { clusterColumns, learnColumns, placeRow, placeUnderHeaders } from './printed-columns.ts';
import { type Chunk, chunksOf, halfWidthSameLength, isPageNumber, valueTail } from './layoutlines.ts';
import type { LinePositions } from './pdf-text.ts';
import type { TextRead } from './types.ts';

interface Line {
  raw: string;
  kind: 'blank' | 'page' | 'num' | 'text';
  chunks: Chunk[];
  /** num lines: index of the first value chunk. */
  tail: number;
  /** text lines: the text compact, Simplified and half-width, for recognising headings. */
  plain: string;
  /** text lines: a chunk of it is a template column's header (本年处理决定数量), or it is an active-table header line (第二十条第（五）项, 信息内容): never a label. */
  colHeader?: boolean;
  page: number;
}

/** A label starts with its numbering: 一、 （三） (六) 2. 1、 3． */
const NUMBERED = /^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[①-⑳])/;
/** A section heading (the template's, or 一、总体情况 … 六、其他需要报告的事项): never a row label fragment. */
const PART_HEADING = /^[一二三四五六七八九十]+、.{2,30}(情况|事项)$/;
const isHeading = (s: string): boolean => {
  return PART_HEADING.test(s) || SECTIONS.some((sec) => sec.heading.test(s.replace(/^[一二三四五六七八九十]+、/, '')));
};
/** The template's column headers, compact: a line holding one is a table header. */
const COLUMN_LABELS = new Set(ROWS.flatMap((r) => r.cols.map((c) => compact(normalizeText(c.label, 'simplified')))));
/** Fragments of a label set vertically are this short. */
const VERTICAL_MAX = 2;

/**
 * `positions` (the PDF reader's): where each line's characters really print, on one x scale for the
 * whole document. Chunks are then placed by those positions rather than by their character columns,
 * and a table's columns are at the same x on every page.
 */
export function readLayout(text: string, _file: string, positions?: readonly LinePositions[]): TextRead | null {
  if (!looksLikeLayout(text)) return null;
  // Labels and headings are recognised in Simplified script, as the matcher will read them.
  const script = detectScript(text);
  const memo = new Map<string, string>();
  const norm = (s: string): string => {
    let n = memo.get(s);
    if (n === undefined) memo.set(s, (n = compact(normalizeText(s, script))));
    return n;
  };
  const lines = classify(text, norm, positions);
  const issues: ParseIssue[] = [];
  const out = layoutToRows(lines, detectTemplate(compact(normalizeText(text, script))), norm, issues, positions !== undefined);
  return { text: out.join('\n'), issues };
}

/** At least three lines of two or more numbers set apart by spaces; no tabs, no pipe cells. */
export function looksLikeLayout(text: string): boolean {
  let spaced = 0;
  let tabs = 0;
  let pipes = 0;
  for (const line of text.split('\n')) {
    const raw = halfWidthSameLength(line);
    if (raw.includes('\t')) tabs++;
    if (raw.includes('|')) pipes++;
    if (tabs >= 3 || pipes >= 3) return false;
    if (spaced >= 3 || !/\d\s{2,}[-\d]/.test(raw)) continue;
    const chunks = chunksOf(raw);
    const tail = valueTail(chunks);
    if (tail >= 0 && chunks.length - tail >= 2) spaced++;
  }
  return spaced >= 3;
}

/** Chunks moved from their character columns to where they print (a chunk's first character's left, its last's right). */
function placeChunks(chunks: Chunk[], pos: LinePositions): void {
  for (const c of chunks) {
    const x = pos[c.x]?.[0];
    const end = pos[c.end - 1]?.[1];
    if (x === undefined || end === undefined) continue;
    c.x = x;
    c.end = end;
  }
}

function classify(text: string, norm: (s: string) => string, positions?: readonly LinePositions[]): Line[] {
  const lines: Line[] = [];
  let page = 0;
  const all = text.replace(/\r\n?/g, '\n').split('\n');
  for (const [index, rawLine] of all.entries()) {
    let raw = rawLine;
    if (raw.includes('\f')) {
      page++;
      raw = raw.replace(/\f/g, '');
    }
    raw = halfWidthSameLength(raw).trimEnd();
    if (raw.trim() === '') {
      lines.push({ raw: '', kind: 'blank', chunks: [], tail: -1, page, plain: '' });
      continue;
    }
    if (isPageNumber(raw)) {
      lines.push({ raw, kind: 'page', chunks: [], tail: -1, page, plain: '' });
      page++;
      continue;
    }
    const chunks = chunksOf(raw);
    const tail = valueTail(chunks);
    const pos = positions?.[index];
    if (pos) placeChunks(chunks, pos);
    const colHeader = tail < 0 && (FALLBACK.active.test(norm(raw)) || chunks.some((c) => COLUMN_LABELS.has(norm(c.s))));
    lines.push({ raw, kind: tail >= 0 ? 'num' : 'text', chunks, tail, page, plain: tail >= 0 ? '' : norm(raw), colHeader });
  }
  return lines;
}

const firstValueX = (l: Line): number => l.chunks[l.tail]!.x;
const labelsOf = (l: Line): Chunk[] => l.chunks.slice(0, l.tail);
const valuesOf = (l: Line): Chunk[] => l.chunks.slice(l.tail);

/** A text line that can be part of a table row's label: all of it left of the numbers, short, no heading. */
function labelLike(l: Line, limit: number): boolean {
  if (l.kind !== 'text') return false;
  if (isHeading(l.plain) || l.colHeader) return false;
  // A label ends at least a space before the numbers; a header word reaches over them.
  return l.chunks.every((c) => c.end < limit && c.s.length <= 40);
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
      const limit = Math.min(firstValueX(lines[last]!), firstValueX(l));
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
  end: number;
  s: string;
}

/** Label columns: fragment start positions, grouped where each lies within 2 characters of the previous. */
function labelColumns(frags: readonly Frag[]): (x: number) => number {
  const xs = [...new Set(frags.map((f) => f.x))].sort((a, b) => a - b);
  const starts: number[] = [];
  let prev = Number.NEGATIVE_INFINITY;
  for (const x of xs) {
    if (x - prev > 2) starts.push(x);
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

function layoutToRows(lines: Line[], template: TemplateVersion | null, norm: (s: string) => string, issues: ParseIssue[], exact: boolean): string[] {
  const absorbed = new Set<number>();
  const rowText = new Map<number, string>();
  const extraLines = new Map<number, string>();
  for (const table of tablesOf(lines)) readTable(lines, table, template, norm, absorbed, rowText, extraLines, issues, exact);
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
  template: TemplateVersion | null,
  norm: (s: string) => string,
  absorbed: Set<number>,
  rowText: Map<number, string>,
  extraLines: Map<number, string>,
  issues: ParseIssue[],
  exact: boolean,
) {
  const rows = table.rows;
  const first = rows[0]!;
  const lastRow = rows[rows.length - 1]!;
  // Candidate fragments: label chunks of the number lines, text lines between them, and a few
  // label-like lines just above the first and just below the last row (a wrapped label's ends).
  const frags: Frag[] = [];
  // (On the character grid a label ends where its characters without spaces do.)
  const fragOf = (line: number, c: Chunk): Frag => {
    const s = compact(c.s);
    return { line, x: c.x, end: exact ? c.end : c.x + s.length, s };
  };
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
  for (const k of [...above, ...between, ...below]) for (const c of lines[k]!.chunks) frags.push(fragOf(k, c));
  for (const r of rows) for (const c of labelsOf(lines[r]!)) frags.push(fragOf(r, c));
  frags.sort((a, b) => a.line - b.line || a.x - b.x);
  const colOf = labelColumns(frags);

  const out = new Map<number, RowOut>(rows.map((r) => [r, { labels: new Map(), values: [] }]));
  const used = new Set<Frag>();
  // A fragment that names a template row on its own is a row whose cells are all blank (it printed no
  // number line): it never joins a row whose label already names one.
  const defs = template ? rowsOf(template) : ROWS;
  const names = (s: string) => {
    const t = norm(s);
    return t !== '' && defs.some((d) => d.match.some((re) => re.test(t)));
  };
  const add = (r: number, col: number, s: string, front = false, own = false): boolean => {
    const labels = out.get(r)!.labels;
    const list = labels.get(col) ?? [];
    if (!own && list.length > 0 && names(list.join('')) && names(s)) return false;
    if (front) list.unshift(s);
    else list.push(s);
    labels.set(col, list);
    return true;
  };
  /** Fragments into a row, nearest first; the first refused stops the rest. */
  const addAll = (r: number, col: number, fs: readonly Frag[], front: boolean) => {
    for (const f of fs) {
      if (!add(r, col, f.s, front)) break;
      used.add(f);
    }
  };

  // Group labels set vertically: a label column of very short fragments (three or more off the number
  // lines, most of the column's): the short ends of wrapped labels sit among their long labels.
  const byCol = new Map<number, Frag[]>();
  for (const f of frags) byCol.set(colOf(f.x), [...(byCol.get(colOf(f.x)) ?? []), f]);
  const vertical = new Set<Frag>();
  for (const fs of byCol.values()) {
    const short = fs.filter((f) => f.s.length <= VERTICAL_MAX);
    if (short.filter((f) => lines[f.line]!.kind === 'text').length < 3 || short.length * 2 < fs.length) continue;
    for (const f of short) vertical.add(f);
    extraLines.set(short[0]!.line, short.map((f) => f.s).join(''));
  }

  // Each number line's own label chunks first.
  for (const r of rows) for (const c of labelsOf(lines[r]!)) {
    const f = frags.find((g) => g.line === r && g.x === c.x)!;
    if (!vertical.has(f)) add(r, colOf(c.x), f.s, false, true);
  }
  const textFrags = frags.filter((f) => lines[f.line]!.kind === 'text' && !vertical.has(f));
  // Fragments above the first row: only from a numbered fragment on (what is above it is a header).
  const assignEdge = (fs: Frag[], r: number, before: boolean) => {
    for (const [col, list] of groupByCol(fs, colOf)) {
      const own = out.get(r)!.labels.get(col);
      if (before) {
        if (own && NUMBERED.test(own[0]!)) continue;
        const start = lastIndex(list, (f) => NUMBERED.test(f.s));
        const take = start >= 0 ? list.slice(start) : list.slice(-1);
        addAll(r, col, take.reverse(), true);
      } else {
        if (!own) continue;
        const stop = list.findIndex((f) => NUMBERED.test(f.s));
        addAll(r, col, stop >= 0 ? list.slice(0, stop) : list, false);
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
      addAll(a, col, list.slice(0, split), false);
      addAll(b, col, list.slice(split).reverse(), true);
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

  const labelsOfRow = (r: number) => [...out.get(r)!.labels.entries()].sort((p, q) => p[0] - q[0]).map(([, l]) => l.join(''));
  const width = template ? templateWidth(template, rows.map(labelsOfRow), norm) : undefined;
  placeValues(lines, rows, out, width, headerColumns(lines, first, frags, exact), issues, exact);
  // A number line with no label in a table of labelled rows: a row's numbers the tool set on a line
  // of their own (a number set smaller sits lower). Which row it belongs to is not known, so its
  // neighbours and it are blank rather than one of them short of numbers.
  if (width !== undefined)
    rows.forEach((r, k) => {
      if (labelsOfRow(r).join('') !== '') return;
      for (const q of [rows[k - 1], r, rows[k + 1]]) {
        if (q === undefined) continue;
        const o = out.get(q)!;
        if (o.values.every((v) => v === '')) continue;
        o.values = o.values.map(() => '');
        issues.push({ level: 'warning', code: 'layout_columns_unclear', message: `第 ${q + 1} 行：表格中有一行数值没有栏目名称，不知属于上一行还是下一行，按空白处理` });
      }
    });
  for (const r of rows) {
    const o = out.get(r)!;
    const labels = labelsOfRow(r);
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

/**
 * How many value columns the table's rows have in the template, when every row whose label the
 * template knows agrees (section 3: seven); undefined when none is known (section 4's unlabelled row).
 */
function templateWidth(t: TemplateVersion, rowLabels: readonly string[][], norm: (s: string) => string): number | undefined {
  const widths = new Set<number>();
  for (const labels of rowLabels) {
    const s = norm(labels.join(''));
    if (s === '') continue;
    const def = rowsOf(t).find((d) => d.match.some((re) => re.test(s)));
    if (def) widths.add(def.cols.length);
  }
  return widths.size === 1 ? [...widths][0] : undefined;
}

/** Header column centres, and the extent of each column's header words (every line of them). */
type HeaderCols = number[] & { spans: [number, number][] };

/**
 * Column positions from the column headers above the table's first row: header words right of the
 * labels, grouped by where they start (a header wrapped over lines starts each line at its column;
 * a group header starts with its first column). Centres of the groups, left to right.
 */
function headerColumns(lines: readonly Line[], first: number, frags: readonly Frag[], exact: boolean): HeaderCols {
  // (A row with no label, the appeals table's one row: headers from the page's left edge.)
  const labelEnd = Math.max(-1, ...frags.filter((f) => f.line === first).map((f) => f.end));
  const valueX = firstValueX(lines[first]!);
  const from = Math.min(valueX - 1, labelEnd + 1);
  // Header lines from the one nearest the table up: a word starting where a column starts joins it;
  // one above columns already found (a group header such as 法人或其他组织) is not a column.
  const groups: Chunk[][] = [];
  let texts = 0;
  for (let k = first - 1; k >= 0 && texts < 8; k--) {
    const l = lines[k]!;
    if (l.kind === 'num' || l.kind === 'page') break;
    if (l.kind !== 'text') continue;
    if (isHeading(l.plain)) break;
    texts++;
    for (const c of l.chunks) {
      if (c.x < from) continue;
      const g = groups.find((g) => Math.abs(g[0]!.x - c.x) <= 2);
      // Where words print as wide as they are, one reaching over another column's words is a group
      // header that starts with its first column (法人或其他组织 over 商业企业…): not that column's.
      if (g && exact && groups.some((h) => h !== g && h.some((d) => c.x < d.end && d.x < c.end))) continue;
      if (g) g.push(c);
      else if (!groups.some((g) => g.some((d) => c.x < d.end && d.x < c.end)) && !nearAColumn(groups, c)) groups.push([c]);
    }
  }
  groups.sort((a, b) => a[0]!.x - b[0]!.x);
  // A group's narrowest word stands for its column (a group header is wider than its first column).
  const words = groups.map((g) => g.reduce((a, b) => (b.end - b.x < a.end - a.x ? b : a)));
  return Object.assign(
    words.map((w) => (w.x + w.end) / 2),
    { spans: groups.map((g): [number, number] => [Math.min(...g.map((w) => w.x)), Math.max(...g.map((w) => w.end))]) },
  );
}

const ANCHORS: readonly ((c: Chunk) => number)[] = [(c) => (c.x + c.end) / 2, (c) => c.end, (c) => c.x];

/** A page's columns by one edge of its numbers, and how well they fit: total distance, each column beyond the widest row counted as 3. */
function fitColumns(rows: readonly (readonly number[])[], spacingHint?: number): { cols: number[]; score: number } {
  const cols = columnsOf(rows, spacingHint);
  let score = 3 * (cols.length - Math.max(...rows.map((r) => r.length)));
  for (const r of rows) {
    const at = placeInColumns(r, cols);
    r.forEach((x, i) => (score += Math.abs(x - cols[at[i]!]!)));
  }
  return { cols, score };
}

/** Whether a header word sits within half a column's distance of a column found already (a group header). */
function nearAColumn(groups: readonly Chunk[][], c: Chunk): boolean {
  if (groups.length < 2) return false;
  const centres = groups.map((g) => (g[0]!.x + g[0]!.end) / 2).sort((a, b) => a - b);
  const gaps = centres.slice(1).map((x, j) => x - centres[j]!).sort((a, b) => a - b);
  const half = gaps[Math.floor(gaps.length / 2)]! / 3;
  const mid = (c.x + c.end) / 2;
  return centres.some((x) => Math.abs(x - mid) < half);
}

/**
 * Every row's numbers into the columns of its page's part of the table. The columns of a page are
 * learned from its rows; a page with fewer columns than the table (`width`, from the template, or
 * the widest page) takes the missing ones from a page that has them all, or from the column headers.
 */
function placeValues(
  lines: readonly Line[],
  rows: readonly number[],
  out: Map<number, RowOut>,
  templateCols: number | undefined,
  header: HeaderCols,
  issues: ParseIssue[],
  exact: boolean,
) {
  if (exact && placePrinted(lines, rows, out, templateCols, header, issues)) return;
  const pages = new Map<number, number[]>();
  for (const r of rows) pages.set(lines[r]!.page, [...(pages.get(lines[r]!.page) ?? []), r]);
  const cols = new Map<number, number[] | null>();
  // Numbers are centred, right- or left-aligned in their cells: each page is read by the edge its
  // columns keep best (the least spread of the numbers around their columns).
  const anchorOf = new Map<number, (c: Chunk) => number>();
  // The headers' column distance, where they name the template's columns.
  const headerGaps = header.slice(1).map((x, j) => x - header[j]!).sort((a, b) => a - b);
  const hint = templateCols !== undefined && header.length === templateCols && headerGaps.length ? headerGaps[Math.floor(headerGaps.length / 2)]! : undefined;
  for (const [p, rs] of pages) {
    // Columns are learned from numbers printed where their cells put them, not from those glued to a label.
    const rowsAt = (a: (c: Chunk) => number) => rs.map((r) => valuesOf(lines[r]!).filter((c) => !c.glued).map(a));
    const best = ANCHORS.map((a) => ({ a, ...fitColumns(rowsAt(a), hint) })).reduce((x, y) => (y.score < x.score ? y : x));
    // More columns than the template row has: numbers of one column strayed apart; the nearest merge.
    const merged = [...best.cols];
    while (templateCols !== undefined && merged.length > templateCols) {
      let j = 0;
      for (let k = 1; k + 1 < merged.length; k++) if (merged[k + 1]! - merged[k]! < merged[j + 1]! - merged[j]!) j = k;
      merged.splice(j, 2, (merged[j]! + merged[j + 1]!) / 2);
    }
    cols.set(p, merged);
    anchorOf.set(p, best.a);
  }
  const widest = Math.max(...[...cols.values()].map((c) => c!.length));
  // An unlabelled row (section 4) has no width in the template: its headers may name more columns.
  const width = templateCols !== undefined ? Math.max(templateCols, widest) : Math.max(widest, header.length <= 2 * widest ? header.length : 0);
  // A page's columns are certain where one of its rows prints every column; all its columns found
  // from rows with blanks (each number joining the nearest column or opening one) are only a guess
  // that must agree with a certain page's.
  const certain = new Set(rows.filter((r) => valuesOf(lines[r]!).length === width).map((r) => lines[r]!.page));
  const full = [...cols.entries()].filter(([p, c]) => c!.length === width && certain.has(p));
  const headerPage = lines[rows[0]!]!.page;
  for (const [p, c] of cols) {
    if (certain.has(p) && c!.length === width) continue;
    if (c!.length === width) {
      // (Else the column headers above the table, where they name as many columns.)
      const ref = full.length ? full.reduce((best, e) => (Math.abs(e[0] - p) < Math.abs(best[0] - p) ? e : best))[1]! : p === headerPage && header.length === width ? header : null;
      cols.set(p, ref && agrees(c!, ref) ? c : null);
      continue;
    }
    // The headers above it, on the table's first page (when they name as many columns), else the
    // nearest page that shows every column, moved and stretched onto this one.
    // Numbers sit under their column's header, all the same way.
    if (p === headerPage && header.length === width) {
      // A header's centre says little of where a right- or left-aligned number stands (up to half
      // a cell off, nearer the next header than its own), and a shift onto the headers fits either:
      // numbers that stand off their headers (a shift of more than a third of their distance, an
      // eighth on average after it, or one column seen) place such a page only each printed under its header word (overlapping it).
      const moved = alignToHeader(c!, header);
      const gaps = header.slice(1).map((x, j) => x - header[j]!).sort((x, y) => x - y);
      const gap = gaps[Math.floor(gaps.length / 2)]!;
      const off = !moved || c!.length < 2 || Math.abs(moved.shift) > gap / 3 || moved.stray > gap / 8;
      const a = anchorOf.get(p)!;
      const under = (r: number) => {
        const vs = valuesOf(lines[r]!);
        const at = placeInColumns(vs.map(a), moved!);
        return vs.every((v, i) => {
          const [x, end] = header.spans[at[i]!]!;
          return v.x < end && x < v.end;
        });
      };
      cols.set(p, moved && (!off || rows.filter((r) => lines[r]!.page === p).every(under)) ? moved : null);
      continue;
    }
    const ref = full.length
          ? full.reduce((best, e) => (Math.abs(e[0] - p) < Math.abs(best[0] - p) ? e : best))[1]!
          : null;
    cols.set(p, ref ? completeColumns(c!, ref) : null);
  }
  // How far a page's numbers stray from their columns where their places are certain (rows that
  // print every column): a row with blanks is only clear when no other placement comes within twice
  // that (each of its numbers may stray as far).
  const spread = new Map<number, number>();
  for (const r of rows) {
    const p = lines[r]!.page;
    const c = cols.get(p);
    const vs = valuesOf(lines[r]!);
    if (!c || vs.length !== c.length) continue;
    const a = anchorOf.get(p)!;
    spread.set(p, Math.max(spread.get(p) ?? 0, ...vs.map((v, i) => Math.abs(a(v) - c[i]!))));
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
    const points = vs.map(anchorOf.get(lines[r]!.page)!);
    const at = placeInColumns(points, c);
    // Numbers a single space apart in a row with blanks: the tool pushed them together, off their
    // columns, so their places say nothing.
    if (vs.length < c.length && vs.some((v) => v.tight)) {
      o.values = Array<string>(c.length).fill('');
      issues.push({ level: 'warning', code: 'layout_columns_unclear', message: UNCLEAR_ROW(r) });
      continue;
    }
    // A row with blanks: each number must sit clearly nearer its column than any other placement
    // puts it (within about a third of the column distance, and by more than the page's numbers
    // stray); a number about midway between two columns could be in either, and is left blank
    // rather than guessed.
    if (placementMargin(points, c, at) < Math.max(clearMargin(c), 2 * (spread.get(lines[r]!.page) ?? 0))) {
      o.values = Array<string>(c.length).fill('');
      issues.push({
        level: 'warning',
        code: 'layout_columns_unclear',
        message: `第 ${r + 1} 行：这一行有空白栏目，数值位于两个栏目之间，无法确定所在的栏目，按空白处理`,
      });
      continue;
    }
    o.values = Array<string>(c.length).fill('');
    vs.forEach((v, i) => (o.values[at[i]!] = v.s));
  }
}

const UNCLEAR_PAGE = (r: number) => `第 ${r + 1} 行：这一页的表格没有一行印全所有栏目，无法确定数值所在的栏目，按空白处理`;
const UNCLEAR_ROW = (r: number) => `第 ${r + 1} 行：这一行有空白栏目，数值位于两个栏目之间，无法确定所在的栏目，按空白处理`;

/**
 * Every row's numbers into columns by where they print (the PDF reader's positions): the table's
 * columns from its rows that print every column on any page, else each number under its header
 * words (printed-columns.ts). False, leaving the table to the character-grid rules, where the full
 * rows disagree on the columns.
 */
function placePrinted(lines: readonly Line[], rows: readonly number[], out: Map<number, RowOut>, templateCols: number | undefined, header: HeaderCols, issues: ParseIssue[]): boolean {
  const widest = Math.max(...rows.map((r) => valuesOf(lines[r]!).length));
  const width = templateCols !== undefined ? Math.max(templateCols, widest) : Math.max(widest, header.length <= 2 * widest ? header.length : 0);
  const full = rows.map((r) => valuesOf(lines[r]!)).filter((vs) => vs.length === width);
  if (full.length > 0 && !learnColumns(full, width)) return false;
  // Where no row prints every column: columns the numbers of all rows print at (a quarter of a digit's
  // width apart at most), else the header words.
  const learned = learnColumns(full, width) ?? clusterColumns(rows.map((r) => valuesOf(lines[r]!)), width, 0.25);
  for (const r of rows) {
    const vs = valuesOf(lines[r]!);
    const o = out.get(r)!;
    o.values = Array<string>(width).fill('');
    const at = vs.length === width ? vs.map((_, i) => i) : learned ? placeRow(vs, learned) : header.length === width ? placeUnderHeaders(vs, header.spans) : null;
    if (!at) {
      issues.push({ level: 'warning', code: 'layout_columns_unclear', message: learned || header.length === width ? UNCLEAR_ROW(r) : UNCLEAR_PAGE(r) });
      continue;
    }
    vs.forEach((v, i) => (o.values[at[i]!] = v.s));
  }
  return true;
}

/**
 * Whether a page's columns, all found from rows with blanks, are a certain page's moved and
 * stretched (each within an eighth of the column distance of the least-squares map).
 */
function agrees(guess: readonly number[], ref: readonly number[]): boolean {
  const { a, b } = fit(ref, guess);
  if (a < 0.6 || a > 1.6) return false;
  const margin = clearMargin(guess) * (3 / 8);
  return guess.every((y, i) => Math.abs(a * ref[i]! + b - y) <= margin);
}

/** The margin a row with blanks needs: a third of the median column distance (a number within a third of it from its column). */
function clearMargin(cols: readonly number[]): number {
  const gaps = cols.slice(1).map((x, j) => x - cols[j]!).sort((a, b) => a - b);
  return gaps.length ? gaps[Math.floor(gaps.length / 2)]! / 3 : 0;
}

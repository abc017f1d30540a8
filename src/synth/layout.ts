/**
 * The `layout` form: text as `pdftotext -layout` prints a report's PDF — every character on a grid
 * (one column a character, CJK or not), table cells aligned with runs of spaces, a blank cell only a
 * wider gap. The family varies as real PDFs do: column widths, gaps and alignment, label widths and
 * wrapping (the numbers on the first, middle, last or an own line of a wrapped label), group labels
 * set vertically or on a line of their own, sub-group labels wrapped beside their rows, page breaks
 * in mid-table with page numbers and form feeds, each page on its own grid (moved and stretched),
 * column headers repeated or not, wrapped over several lines, full-width digits, labels glued to the
 * first number by one space.
 */
import { SECTIONS, type TemplateVersion } from '../lib/template.ts';
import { headings } from './model.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, activeBlocks, appealModel, applicantHeader, requestRows } from './model.ts';
import type { Prose } from './prose.ts';
import { type Rng, chance, int, pick } from './random.ts';

type Cells = Record<string, number | null>;

export interface LayoutStyle {
  /** Left margin of the tables. */
  margin: number;
  /** Characters a line of a row label holds before it wraps. */
  labelWidth: number;
  /** Section 3's outcome group label 三、本年度办理结果: set vertically in a column of its own, on a line of its own, or not printed. */
  group: 'vertical' | 'line' | 'none';
  /** Characters a vertical group label puts on a line. */
  groupChars: 1 | 2;
  /** Characters a line of a sub-group label （三）不予公开 holds. */
  subWidth: number;
  /** Where a wrapped label's numbers are printed: on its first, middle or last line, or on a line of their own. */
  valuesAt: 'first' | 'middle' | 'last' | 'own';
  colWidth: number;
  gap: number;
  align: 'left' | 'center' | 'right';
  /** Numbers moved by a character within their cell now and then, as real layouts do. */
  jitter: boolean;
  /** Blank lines between rows. */
  rowGap: 0 | 1 | 2;
  /** Rows of section 3 after which a page ends. */
  pageBreaks: number[];
  footer: 'dash' | 'emdash' | 'page' | 'formfeed' | 'slash';
  /** Whether a page that continues a table repeats its column headers. */
  repeatHeader: boolean;
  /** How a continuation page's grid differs: columns moved by `shift` and stretched by `scale`. */
  shift: number;
  scale: number;
  fullWidthDigits: boolean;
  /** Item numbering: 1. or 1、 */
  numbering: '.' | '、';
  /** Only one space between the label column and the first (left-aligned) number column: full label lines touch their first number. */
  glue: boolean;
  /** Characters a line of a column header holds. */
  headerWidth: number;
}

export function randomLayoutStyle(rng: Rng): LayoutStyle {
  const rows = 26;
  const breaks = int(rng, 0, 2);
  const pageBreaks: number[] = [];
  for (let i = 0; i < breaks; i++) pageBreaks.push(int(rng, 3, rows - 4));
  const glue = chance(rng, 0.25);
  return {
    margin: int(rng, 0, 6),
    labelWidth: int(rng, 8, 22),
    group: pick(rng, ['vertical', 'vertical', 'line', 'none'] as const),
    groupChars: chance(rng, 0.7) ? 1 : 2,
    subWidth: int(rng, 3, 7),
    valuesAt: pick(rng, ['first', 'middle', 'last', 'own'] as const),
    colWidth: int(rng, 3, 10),
    gap: int(rng, 2, 6),
    // Numbers touch their labels only where they are left-aligned.
    align: glue ? 'left' : pick(rng, ['left', 'center', 'right'] as const),
    jitter: chance(rng, 0.4),
    rowGap: pick(rng, [0, 1, 1, 2] as const),
    pageBreaks: [...new Set(pageBreaks)].sort((a, b) => a - b),
    footer: pick(rng, ['dash', 'emdash', 'page', 'formfeed', 'slash'] as const),
    repeatHeader: chance(rng, 0.5),
    shift: int(rng, -3, 9),
    scale: 0.95 + rng() * 0.2,
    fullWidthDigits: chance(rng, 0.15),
    numbering: chance(rng, 0.7) ? '.' : '、',
    glue,
    headerWidth: int(rng, 2, 8),
  };
}

const FULL = (s: string) => s.replace(/[0-9.\-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function wrap(s: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += Math.max(1, width)) out.push(s.slice(i, i + Math.max(1, width)));
  return out.length ? out : [''];
}

/** A printed line: pieces at columns. */
type Piece = { x: number; s: string };

function render(pieces: readonly Piece[]): string {
  let line = '';
  for (const p of [...pieces].sort((a, b) => a.x - b.x)) {
    const x = Math.max(p.x, line.length === 0 ? p.x : line.length + 1);
    line += ' '.repeat(Math.max(0, x - line.length)) + p.s;
  }
  return line;
}

/** A table line before its page is known: label pieces at fixed columns, values by column index. */
interface TLine {
  labels: Piece[];
  values: { col: number; s: string }[];
  /** A page may end after this line (it ends a row). */
  rowEnd?: number;
  header?: boolean;
}

interface Grid {
  /** Left edge of each value column on the first page. */
  xs: number[];
  width: number;
  align: LayoutStyle['align'];
  jitter: boolean;
}

function gridOf(style: LayoutStyle, left: number, n: number, values: readonly string[]): Grid {
  const width = Math.max(style.colWidth, ...values.map((v) => v.length));
  return { xs: Array.from({ length: n }, (_, j) => left + j * (width + style.gap)), width, align: style.align, jitter: style.jitter };
}

/** Where a header word starts when centred over its column (as table cells centre their headers). */
const centred = (g: Grid, col: number, s: string): number => g.xs[col]! + Math.max(0, Math.floor((g.width - s.length) / 2));

/** The grid of page p: later pages are moved and stretched. */
function pageX(style: LayoutStyle, x: number, page: number, labels = false): number {
  if (page === 0) return x;
  // Numbers never move left of where the labels moved: a page's grid does not fold labels into numbers.
  const labelShift = Math.round(Math.max(0, style.shift) / 4);
  return labels ? x + labelShift : Math.max(Math.round(x * style.scale + style.shift), x + labelShift);
}

function valuePiece(g: Grid, style: LayoutStyle, col: number, s: string, page: number, glued = false): Piece {
  const x0 = pageX(style, g.xs[col]!, page);
  const slack = g.width - s.length;
  let x = g.align === 'left' ? x0 : g.align === 'right' ? x0 + slack : x0 + Math.floor(slack / 2);
  // A character either way, decided by the cell itself so that a report renders the same every time.
  if (g.jitter && slack > 0 && !glued) x = Math.min(x0 + slack, Math.max(x0, x + ((col * 7 + s.charCodeAt(0) + s.length * 3 + page) % 3) - 1));
  return { x, s };
}

function lineText(l: TLine, g: Grid, style: LayoutStyle, page: number): string {
  const labels = l.labels.map((p) => ({ x: pageX(style, p.x, page, true), s: p.s }));
  const values = l.values.map((v) => valuePiece(g, style, v.col, v.s, page, style.glue));
  return render([...labels, ...values]);
}

const numText = (v: number | null | undefined, style: LayoutStyle): string => {
  if (v === null || v === undefined) return '';
  return style.fullWidthDigits ? FULL(String(v)) : String(v);
};

/** A row: its label lines (pieces per line) and its values, as lines with the numbers on one of them. */
function rowLines(labelLines: Piece[][], values: string[], style: LayoutStyle, rowIndex: number): TLine[] {
  const vals = values.map((s, col) => ({ col, s })).filter((v) => v.s !== '');
  const n = labelLines.length;
  const out: TLine[] = labelLines.map((labels) => ({ labels, values: [] }));
  if (vals.length === 0) {
    /* a row with every cell blank prints its label only */
  } else if (style.valuesAt === 'own' && n >= 2) out.splice(Math.floor(n / 2), 0, { labels: [], values: vals });
  else out[style.valuesAt === 'first' ? 0 : style.valuesAt === 'last' ? n - 1 : Math.floor((n - 1) / 2)]!.values = vals;
  out[out.length - 1]!.rowEnd = rowIndex;
  for (let i = 0; i < style.rowGap; i++) out.push({ labels: [], values: [] });
  if (style.rowGap > 0) {
    out[out.length - 1 - style.rowGap]!.rowEnd = undefined;
    out[out.length - 1]!.rowEnd = rowIndex;
  }
  return out;
}

function footerLine(style: LayoutStyle, page: number, pages: number): string[] {
  const n = page + 1;
  switch (style.footer) {
    case 'dash':
      return ['', `${' '.repeat(30)}-${n}-`];
    case 'emdash':
      return ['', `${' '.repeat(28)}— ${n} —`];
    case 'page':
      return ['', `${' '.repeat(28)}第 ${n} 页`];
    case 'slash':
      return ['', `${' '.repeat(30)}${n} / ${pages}`];
    case 'formfeed':
      return [''];
  }
}

const itemLabel = (text: string, style: LayoutStyle) => (style.numbering === '、' ? text.replace(/^(\d+)\./, '$1、') : text);

function requestTable(t: TemplateVersion, cells: Cells, style: LayoutStyle, pageOffset: number): { lines: string[]; pages: number } {
  const rows = requestRows(t);
  const groupW = style.group === 'vertical' ? style.groupChars + 2 : 0;
  const groupX = style.margin;
  const subX = groupX + groupW;
  const itemX = subX + style.subWidth + 2;
  const valuesLeft = itemX + style.labelWidth + (style.glue ? 1 : Math.max(2, style.gap));
  const allValues = rows.flatMap((r) => r.keys.map((k) => numText(cells[k], style)));
  const g = gridOf(style, valuesLeft, 7, allValues);
  const h = applicantHeader();
  const header = (): TLine[] => {
    const cols = [...h.single, ...h.parts, h.total];
    const wrapped = cols.map((c) => wrap(c, Math.max(style.headerWidth, 2)));
    const depth = Math.max(...wrapped.map((w) => w.length));
    const note = wrap(BALANCE_NOTE, Math.max(6, itemX + style.labelWidth - style.margin - 2));
    const lines: TLine[] = [{ labels: [{ x: valuesLeft + 10, s: APPLICANT_HEADING }], values: [], header: true }];
    lines.push({ labels: [{ x: style.margin, s: note[0]! }, { x: g.xs[1]!, s: h.group }], values: [], header: true });
    for (let d = 0; d < Math.max(depth, note.length - 1); d++) {
      const pieces: Piece[] = [];
      if (note[d + 1]) pieces.push({ x: style.margin, s: note[d + 1]! });
      wrapped.forEach((w, j) => w[d] && pieces.push({ x: centred(g, j, w[d]!), s: w[d]! }));
      lines.push({ labels: pieces, values: [], header: true });
    }
    lines.push({ labels: [], values: [] });
    return lines;
  };
  const body: TLine[] = [];
  const resultRows = rows.filter((r) => r.kind !== 'top');
  let groupLineStart = -1;
  const subSpans: { label: string; from: number; to: number }[] = [];
  rows.forEach((r, index) => {
    const values = r.keys.map((k) => numText(cells[k], style));
    let start: number;
    let width: number;
    if (r.kind === 'top') [start, width] = [style.margin, itemX + style.labelWidth - style.margin];
    else if (r.kind === 'result') [start, width] = [subX, itemX + style.labelWidth - subX];
    else [start, width] = [itemX, style.labelWidth];
    if (r === resultRows[0]) {
      if (style.group === 'line') body.push({ labels: [{ x: style.margin, s: RESULT_GROUP }], values: [] });
      groupLineStart = body.length;
    }
    const text = r.kind === 'sub' ? itemLabel(r.text, style) : r.text;
    const from = body.length;
    body.push(...rowLines(wrap(text, width).map((s) => [{ x: start, s }]), values, style, index));
    if (r.kind === 'sub') {
      const last = subSpans[subSpans.length - 1];
      if (last && last.label === r.group) last.to = body.length;
      else subSpans.push({ label: r.group!, from, to: body.length });
    }
    if (r.row === 'total' && style.group === 'vertical') {
      // 三、本年度办理结果 one or two characters a line, centred on the outcome rows' lines.
      const chars = wrap(RESULT_GROUP, style.groupChars);
      const span = body.length - groupLineStart;
      const first = groupLineStart + Math.max(0, Math.floor((span - chars.length) / 2));
      chars.forEach((c, i) => {
        const at = Math.min(body.length - 1, first + i);
        body[at]!.labels.push({ x: groupX, s: c });
      });
    }
  });
  // Sub-group labels wrapped in their column, centred on their rows' lines (on blank lines too).
  for (const s of subSpans) {
    const parts = wrap(s.label, style.subWidth);
    const first = s.from + Math.max(0, Math.floor((s.to - s.from - parts.length) / 2));
    parts.forEach((p, i) => body[Math.min(s.to - 1, first + i)]!.labels.push({ x: subX, s: p }));
  }
  const lines: string[] = [];
  let page = 0;
  for (const l of header()) lines.push(lineText(l, g, style, page));
  for (const l of body) {
    lines.push(lineText(l, g, style, page));
    if (l.rowEnd !== undefined && style.pageBreaks.includes(l.rowEnd)) {
      lines.push(...footerLine(style, pageOffset + page, pageOffset + style.pageBreaks.length + 2));
      page++;
      lines.push('\f');
      if (style.repeatHeader) for (const hl of header()) lines.push(lineText(hl, g, style, page));
    }
  }
  return { lines: lines.map((l) => l.replace(/ +$/, '')).join('\n').replace(/\n\f\n/g, '\n\f').split('\n'), pages: page };
}

function activeTable(t: TemplateVersion, cells: Cells, style: LayoutStyle): string[] {
  const out: string[] = [];
  const label = Math.max(7, Math.min(style.labelWidth, 12));
  for (const b of activeBlocks(t)) {
    out.push(`${' '.repeat(style.margin)}第二十条第（${b.article}）项`, '');
    const values = b.rows.flatMap((r) => r.keys.map((k) => numText(cells[k], style)));
    const g = gridOf({ ...style, colWidth: Math.max(style.colWidth, 6) }, style.margin + label + style.gap, b.colLabels.length, values);
    const wrapped = b.colLabels.map((c) => wrap(c, Math.max(style.headerWidth + 2, 4, Math.min(g.width, c.length))));
    for (let d = 0; d < Math.max(...wrapped.map((w) => w.length)); d++) {
      const pieces: Piece[] = d === 0 ? [{ x: style.margin, s: '信息内容' }] : [];
      wrapped.forEach((w, j) => w[d] && pieces.push({ x: centred(g, j, w[d]!), s: w[d]! }));
      out.push(render(pieces));
    }
    out.push('');
    for (const r of b.rows) {
      const vs = r.keys.map((k) => numText(cells[k], style));
      for (const l of rowLines(wrap(r.label, label).map((s) => [{ x: style.margin, s }]), vs, { ...style, valuesAt: style.valuesAt === 'own' ? 'first' : style.valuesAt }, 0))
        out.push(lineText(l, g, { ...style, glue: false }, 0));
    }
    out.push('');
  }
  return out;
}

function appealTable(t: TemplateVersion, cells: Cells, style: LayoutStyle): string[] {
  const m = appealModel(t);
  const values = m.keys.map((k) => numText(cells[k], style));
  const g = gridOf({ ...style, colWidth: Math.max(3, Math.min(style.colWidth, 6)) }, style.margin, 15, values);
  const [review, litigation] = m.heads;
  const cols = m.colLabels.map((c) => wrap(c, 2));
  const lines: string[] = [];
  lines.push(render([{ x: g.xs[0]!, s: review! }, { x: g.xs[5]!, s: litigation! }]), '');
  lines.push(render([{ x: g.xs[5]!, s: m.litigation[0]! }, { x: g.xs[10]!, s: m.litigation[1]! }]), '');
  for (let d = 0; d < 2; d++) {
    const pieces: Piece[] = [];
    for (let j = 0; j < 15; j++) pieces.push({ x: centred(g, j, cols[j % 5]![d] ?? ''), s: cols[j % 5]![d] ?? '' });
    lines.push(render(pieces.filter((p) => p.s !== '')));
  }
  lines.push('');
  lines.push(render(values.map((s, j) => valuePiece(g, style, j, s, 0)).filter((p) => p.s !== '')));
  return lines;
}

/**
 * Prose wrapped as a PDF page prints it: about 30 characters a line, indented paragraphs. A report
 * title quoted in 《》 stays on one line (finding a body's name broken over lines is meta.ts's part).
 */
function paragraph(s: string, width: number): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < s.length) {
    let end = Math.min(s.length, i + width);
    const open = s.lastIndexOf('《', end - 1);
    const close = s.indexOf('》', open);
    if (open >= i && close >= end) end = open > i ? open : close + 1;
    lines.push(s.slice(i, end));
    i = end;
  }
  return lines.map((l, k) => (k === 0 ? `   ${l}` : l));
}

export function layoutDocument(t: TemplateVersion, cells: Cells, p: Prose, style: LayoutStyle): string {
  const heads = headings(SECTIONS);
  const width = 30 + (style.labelWidth % 8);
  const prose = (ps: string[]) => ps.flatMap((s) => paragraph(s, width));
  const requests = requestTable(t, cells, style, 1);
  const out = [
    ...p.title.map((l) => ' '.repeat(Math.max(0, 14 - l.length / 2)) + l),
    '',
    ...prose(p.intro),
    `   ${heads[0]}`,
    ...prose(p.overview),
    ...footerLine(style, 0, requests.pages + 3),
    '\f',
    `     ${heads[1]}`,
    ...activeTable(t, cells, style),
    `      ${heads[2]}`,
    ...requests.lines,
    '',
    `     ${heads[3]}`,
    ...appealTable(t, cells, style),
    '',
    `     ${heads[4]}`,
    ...prose(p.problems),
    `     ${heads[5]}`,
    ...prose(p.other),
    ...p.signature.map((l) => `${' '.repeat(24)}${l}`),
    ...footerLine(style, requests.pages + 2, requests.pages + 3),
  ];
  return out.join('\n').replace(/\n\f\n/g, '\n\f');
}

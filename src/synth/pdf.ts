/**
 * The `pdf` layout: a synthetic report as a PDF file, drawn with pdfkit in the Noto CJK font, laid
 * out the ways published reports are: tables with or without ruling lines, a requests table that
 * breaks across pages (with or without its header repeated), row labels wrapped over two or three
 * lines, the outcome group label 三、本年度办理结果 set one character a line or as a row of its own,
 * page footers (-3-, — 3 —, none), numbers centred, right- or left-aligned, full-width digits, header
 * words left-aligned or centred (as Word and WPS set them), value columns of equal or uneven widths.
 * Synchronous (pdfkit writes to its buffer as it draws); pdfkit and fontkit are loaded on first use,
 * so text-only synthesis never needs them. Node-only, as the rest of the synthesiser.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { SECTIONS } from '../lib/template.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, activeBlocks, appealModel, applicantHeader, headings, requestRows } from './model.ts';
import { proseOf } from './prose.ts';
import { variantOf } from './random.ts';
import type { SynthReport } from './types.ts';

export interface PdfVariant {
  rules: boolean;
  /** Repeat the requests table's header rows at the top of the page it continues on. */
  repeatHeader: boolean;
  fullWidth: boolean;
  /** Width (pt) of the requests table's item-label column: narrow widths wrap labels over 2–3 lines. */
  labelWidth: number;
  /** 三、本年度办理结果 one character a line down its merged cell, or as a row of its own. */
  verticalGroup: boolean;
  footer: 'dash' | 'spaced' | 'emdash' | 'none';
  fontSize: number;
  align: 'center' | 'right' | 'left';
  /** Where numbers sit beside a wrapped label: on its first line, or in the middle of the cell. */
  valign: 'top' | 'middle';
  /** Rows of the requests table printed on its first page before the page breaks (undefined: where it falls). */
  breakAfter?: number;
  /** Header cells' words set at the cell's left (the default) or centred in it. */
  headerAlign?: 'left' | 'center';
  /** Value columns all of one width (the default), or of widths that differ from column to column. */
  columnWidths?: 'equal' | 'uneven';
}

/** Relative widths of uneven value columns (an author dragging column borders), cycled. */
const UNEVEN = [1.25, 0.8, 1, 1.15, 0.85, 1.1, 0.9];

/** `n` value columns sharing `total` points, as the variant sets them. */
function valueWidths(v: PdfVariant, n: number, total: number): number[] {
  if (v.columnWidths !== 'uneven') return Array<number>(n).fill(total / n);
  const w = Array.from({ length: n }, (_, i) => UNEVEN[i % UNEVEN.length]!);
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => (x * total) / sum);
}

/** A report's variant, fixed by its identity so the same report always gives the same file. */
export function pdfVariantOf(r: SynthReport): PdfVariant {
  const v = variantOf(`${r.org}|${r.year}|pdf`);
  const bit = (n: number) => ((v >>> n) & 1) === 1;
  return {
    rules: bit(0),
    repeatHeader: bit(1),
    fullWidth: (v >>> 2) % 5 === 0,
    labelWidth: [150, 110, 84][(v >>> 5) % 3]!,
    verticalGroup: !bit(7) || bit(8),
    footer: (['dash', 'spaced', 'emdash', 'none'] as const)[(v >>> 9) % 4]!,
    fontSize: [7.5, 8, 9][(v >>> 11) % 3]!,
    align: (['center', 'right', 'left'] as const)[(v >>> 13) % 3]!,
    valign: bit(15) ? 'top' : 'middle',
    breakAfter: bit(16) ? 4 + ((v >>> 17) % 14) : undefined,
  };
}

const FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
];

interface Doc {
  page: { width: number; height: number };
  font(f: unknown): Doc;
  fontSize(n: number): Doc;
  text(s: string, x: number, y: number, o?: Record<string, unknown>): Doc;
  widthOfString(s: string): number;
  heightOfString(s: string, o?: Record<string, unknown>): number;
  moveTo(x: number, y: number): Doc;
  lineTo(x: number, y: number): Doc;
  lineWidth(n: number): Doc;
  stroke(): Doc;
  addPage(): Doc;
  end(): void;
  read(): Buffer | null;
  bufferedPageRange(): { start: number; count: number };
  switchToPage(n: number): void;
}

let lib: { PDFDocument: new (o: Record<string, unknown>) => Doc; font: unknown } | null = null;

function pdfkit(): NonNullable<typeof lib> {
  if (lib) return lib;
  const require = createRequire(import.meta.url);
  const file = FONT_FILES.find((f) => existsSync(f));
  if (!file) throw new Error(`synth pdf: the Noto Sans CJK font is not installed (looked for ${FONT_FILES.join(', ')})`);
  // One parsed font for every document: parsing the 20 MB collection costs more than a report.
  const fontkit = require('fontkit') as { openSync(path: string, name: string): unknown };
  lib = { PDFDocument: require('pdfkit'), font: fontkit.openSync(file, 'NotoSansCJKsc-Regular') };
  return lib;
}

const FULL = '０１２３４５６７８９';
const fullWidth = (s: string): string => s.replace(/[0-9]/g, (d) => FULL[Number(d)]!).replace(/\./g, '．').replace(/-/g, '－');

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const LEFT = 60;
const RIGHT = PAGE_W - 60;
const TOP = 70;
const BOTTOM = PAGE_H - 80;

/** A cell of a grid: row/col in the grid, spans, text; `vertical` sets it one character a line. */
interface Cell {
  row: number;
  col: number;
  rowSpan?: number;
  colSpan?: number;
  text: string;
  vertical?: boolean;
  number?: boolean;
}

interface Grid {
  /** Column widths. */
  widths: number[];
  cells: Cell[];
  rows: number;
  /** Rows at the top repeated where the grid continues on a new page (when the variant says so). */
  headerRows: number;
}

const ADVANCES = new Map<string, number>();

class Writer {
  readonly doc: Doc;
  y = TOP;
  readonly lh: number;
  constructor(
    readonly v: PdfVariant,
    font: unknown,
    PDFDocument: new (o: Record<string, unknown>) => Doc,
  ) {
    this.doc = new PDFDocument({ size: 'A4', margin: 0, bufferPages: true, autoFirstPage: true, info: { Title: '政府信息公开工作年度报告' } });
    this.doc.font(font);
    this.lh = v.fontSize * 1.35;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = TOP;
  }

  /** Advance of one character at size 1 (CJK text has no kerning: a string's width is their sum). */
  private advance(ch: string): number {
    let w = ADVANCES.get(ch);
    if (w === undefined) ADVANCES.set(ch, (w = this.doc.fontSize(100).widthOfString(ch) / 100));
    return w;
  }

  /** Characters of `text` that fit `width` at font size `fs`, line by line. */
  wrap(text: string, width: number, fs: number): string[] {
    const lines: string[] = [];
    let cur = '';
    let w = 0;
    for (const ch of Array.from(text)) {
      const a = this.advance(ch) * fs;
      if (cur && w + a > width) {
        lines.push(cur);
        cur = '';
        w = 0;
      }
      cur += ch;
      w += a;
    }
    if (cur) lines.push(cur);
    this.doc.fontSize(fs);
    return lines;
  }

  paragraph(text: string, fs: number, opts: { indent?: number; align?: 'center' | 'right'; gapAfter?: number } = {}): void {
    const width = RIGHT - LEFT;
    const lines = this.wrap(text, width - (opts.indent ?? 0), fs);
    for (const [i, line] of lines.entries()) {
      if (this.y + fs * 1.6 > BOTTOM) this.newPage();
      this.doc.fontSize(fs);
      const w = this.doc.widthOfString(line);
      const x = opts.align === 'center' ? LEFT + (width - w) / 2 : opts.align === 'right' ? RIGHT - w : LEFT + (i === 0 ? (opts.indent ?? 0) : 0);
      this.doc.text(line, x, this.y, { lineBreak: false });
      this.y += fs * 1.6;
    }
    this.y += opts.gapAfter ?? 0;
  }

  /** Draws a grid, breaking it between rows where the page ends (or where `breakAfter` says). */
  grid(g: Grid, breakAfter?: number): void {
    const fs = this.v.fontSize;
    const pad = 3;
    const xs = [LEFT];
    for (const w of g.widths) xs.push(xs[xs.length - 1]! + w);
    const spanW = (c: Cell) => xs[c.col + (c.colSpan ?? 1)]! - xs[c.col]! - 2 * pad;
    // A number is never wrapped (it is set smaller instead, see cell()).
    const linesOf = (c: Cell) => (c.vertical ? Array.from(c.text) : c.number ? (c.text ? [c.text] : []) : this.wrap(c.text, spanW(c), fs));
    // Row heights from the cells of one row; a merged cell taller than its rows stretches the last.
    const heights = Array.from({ length: g.rows }, () => this.lh + 2 * pad);
    for (const c of g.cells) if ((c.rowSpan ?? 1) === 1) heights[c.row] = Math.max(heights[c.row]!, linesOf(c).length * this.lh + 2 * pad);
    for (const c of g.cells) {
      const span = c.rowSpan ?? 1;
      if (span === 1 || c.vertical) continue;
      const have = heights.slice(c.row, c.row + span).reduce((a, b) => a + b, 0);
      const need = linesOf(c).length * this.lh + 2 * pad;
      if (need > have) heights[c.row + span - 1]! += need - have;
    }
    // Pages: rows [from, to) on each, the header rows first on every page after the first if repeated.
    const parts: { rows: number[] }[] = [];
    let y = this.y;
    let rows: number[] = [];
    for (let r = 0; r < g.rows; r++) {
      const forced = breakAfter !== undefined && r === g.headerRows + breakAfter;
      if (y + heights[r]! > BOTTOM && !rows.some((x) => x >= g.headerRows) && parts.length === 0 && this.y > TOP) {
        // Not even the header and one row fit: the whole grid starts on the next page.
        this.newPage();
        y = TOP + rows.reduce((a, i) => a + heights[i]!, 0);
      }
      if ((y + heights[r]! > BOTTOM || forced) && rows.some((x) => x >= g.headerRows)) {
        parts.push({ rows });
        rows = this.v.repeatHeader ? Array.from({ length: g.headerRows }, (_, i) => i) : [];
        y = TOP + rows.reduce((a, i) => a + heights[i]!, 0);
      }
      rows.push(r);
      y += heights[r]!;
    }
    parts.push({ rows });
    // A vertical label merged over rows on two pages is set on the page holding most of them.
    const home = new Map<Cell, number>();
    for (const c of g.cells) {
      if (!c.vertical) continue;
      const inSpan = (part: { rows: number[] }) => part.rows.filter((r) => r >= c.row && r < c.row + (c.rowSpan ?? 1)).length;
      home.set(c, parts.reduce((best, part, i) => (inSpan(part) > inSpan(parts[best]!) ? i : best), 0));
    }
    parts.forEach((part, p) => {
      if (p > 0) this.newPage();
      const top = new Map<number, number>();
      let yy = this.y;
      for (const r of part.rows) {
        top.set(r, yy);
        yy += heights[r]!;
      }
      for (const c of g.cells) {
        const span = c.rowSpan ?? 1;
        const mine = part.rows.filter((r) => r >= c.row && r < c.row + span);
        // A merged cell is drawn on the page its first row is on (as word processors print it); a
        // header cell again on every page that repeats the header.
        if (c.vertical ? home.get(c) !== p : mine.length === 0 || (!top.has(c.row) && c.row >= g.headerRows)) continue;
        const y0 = top.get(mine[0]!)!;
        const y1 = top.get(mine[mine.length - 1]!)! + heights[mine[mine.length - 1]!]!;
        this.cell(c, xs[c.col]!, xs[c.col + (c.colSpan ?? 1)]!, y0, y1, linesOf(c), pad, c.row < g.headerRows);
      }
      this.y = yy + this.lh;
    });
  }

  cell(c: Cell, x0: number, x1: number, y0: number, y1: number, lines: string[], pad: number, header = false): void {
    const d = this.doc;
    const fs = this.v.fontSize;
    if (this.v.rules) d.lineWidth(0.5).moveTo(x0, y0).lineTo(x1, y0).lineTo(x1, y1).lineTo(x0, y1).lineTo(x0, y0).stroke();
    d.fontSize(fs);
    // A vertical label set in fewer rows than it has characters closes up to fit its cell.
    const step = c.vertical ? Math.min(this.lh, (y1 - y0 - 2 * pad) / lines.length) : this.lh;
    const block = lines.length * step;
    const valign = c.number && this.v.valign === 'top' ? 'top' : 'middle';
    let y = valign === 'top' ? y0 + pad : y0 + (y1 - y0 - block) / 2;
    for (const line of lines) {
      const text = c.number && this.v.fullWidth ? fullWidth(line) : line;
      // A number wider than its column is set smaller, as an author would, never into the next cell.
      const size = c.number ? Math.min(fs, (fs * (x1 - x0 - 2 * pad)) / d.fontSize(fs).widthOfString(text)) : fs;
      d.fontSize(size);
      // pdfkit places a string by its top: a smaller one moves down to keep the row's baseline.
      const drop = ((fs - size) * ((d as unknown as { _font: { ascender: number } })._font.ascender ?? 880)) / 1000;
      const w = d.widthOfString(text);
      const align = c.number ? this.v.align : c.vertical || (header && this.v.headerAlign === 'center') ? 'center' : 'left';
      const x = align === 'center' ? (x0 + x1 - w) / 2 : align === 'right' ? x1 - pad - w : x0 + pad;
      d.text(text, x, y + (step - fs) / 2 + drop, { lineBreak: false });
      y += step;
    }
  }
}

const num = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

function activeGrids(r: SynthReport, v: PdfVariant): Grid[] {
  const width = RIGHT - LEFT;
  return activeBlocks(r.template).map((b) => {
    const n = b.colLabels.length;
    const label = 130;
    const widths = [label, ...valueWidths(v, n, width - label)];
    const cells: Cell[] = [
      { row: 0, col: 0, colSpan: n + 1, text: `第二十条第（${b.article}）项` },
      { row: 1, col: 0, text: '信息内容' },
      ...b.colLabels.map((t, i) => ({ row: 1, col: i + 1, text: t })),
    ];
    b.rows.forEach((row, i) => {
      cells.push({ row: i + 2, col: 0, text: row.label });
      row.keys.forEach((k, j) => cells.push({ row: i + 2, col: j + 1, text: num(r.cells[k]), number: true }));
    });
    return { widths, cells, rows: b.rows.length + 2, headerRows: 2 };
  });
}

function requestGrid(r: SynthReport, v: PdfVariant): Grid {
  const h = applicantHeader();
  const outer = 20;
  const group = 52;
  const values = RIGHT - LEFT - outer - group - v.labelWidth;
  const widths = [outer, group, v.labelWidth, ...valueWidths(v, 7, values)];
  const cells: Cell[] = [
    { row: 0, col: 0, colSpan: 3, rowSpan: 3, text: BALANCE_NOTE },
    { row: 0, col: 3, colSpan: 7, text: APPLICANT_HEADING },
    { row: 1, col: 3, rowSpan: 2, text: h.single[0]! },
    { row: 1, col: 4, colSpan: 5, text: h.group },
    { row: 1, col: 9, rowSpan: 2, text: h.total },
    ...h.parts.map((p, i) => ({ row: 2, col: 4 + i, text: p })),
  ];
  let row = 3;
  let groupStart = 0;
  let first = -1;
  let last = -1;
  for (const q of requestRows(r.template)) {
    if (q.kind !== 'top' && first < 0) {
      if (!v.verticalGroup) cells.push({ row: row++, col: 0, colSpan: 3, text: RESULT_GROUP });
      first = row;
    }
    // With the vertical group label, column 0 of the outcome rows is its merged cell.
    const c0 = q.kind !== 'top' && v.verticalGroup ? 1 : 0;
    if (q.kind === 'sub') {
      if (q.index === 0) groupStart = row;
      cells.push({ row, col: 2, text: q.text });
      if (q.index === q.groupSize - 1) cells.push({ row: groupStart, col: c0, colSpan: 2 - c0, rowSpan: row - groupStart + 1, text: q.group! });
    } else cells.push({ row, col: c0, colSpan: 3 - c0, text: q.text });
    q.keys.forEach((k, j) => cells.push({ row, col: 3 + j, text: num(r.cells[k]), number: true }));
    if (q.kind !== 'top') last = row;
    row++;
  }
  if (v.verticalGroup && first >= 0) cells.push({ row: first, col: 0, rowSpan: last - first + 1, text: RESULT_GROUP, vertical: true });
  return { widths, cells, rows: row, headerRows: 3 };
}

function appealGrid(r: SynthReport, v: PdfVariant): Grid {
  const m = appealModel(r.template);
  const n = m.keys.length;
  const widths = valueWidths(v, n, RIGHT - LEFT);
  const per = m.colLabels.length;
  const cells: Cell[] = [
    { row: 0, col: 0, colSpan: per, text: m.heads[0]! },
    { row: 0, col: per, colSpan: n - per, text: m.heads[1]! },
    ...m.colLabels.map((t, i) => ({ row: 1, col: i, rowSpan: 2, text: t })),
    ...m.litigation.map((t, i) => ({ row: 1, col: per * (i + 1), colSpan: per, text: t })),
    ...m.litigation.flatMap((_, i) => m.colLabels.map((t, j) => ({ row: 2, col: per * (i + 1) + j, text: t }))),
    ...m.keys.map((k, i) => ({ row: 3, col: i, text: num(r.cells[k]), number: true })),
  ];
  return { widths, cells, rows: 4, headerRows: 3 };
}

/** The report as a PDF file. */
export function renderPdf(r: SynthReport, variant: Partial<PdfVariant> = {}): Uint8Array {
  const v = { ...pdfVariantOf(r), ...variant };
  const { PDFDocument, font } = pdfkit();
  const w = new Writer(v, font, PDFDocument);
  const tv = variantOf(`${r.org}|${r.year}|${r.layout}`);
  const p = proseOf(r, tv, r.cells['requests.new_received.total'] ?? 0);
  const heads = headings(SECTIONS);
  const body = 11;
  for (const t of p.title) w.paragraph(t, 16, { align: 'center' });
  w.y += 10;
  for (const t of p.intro) w.paragraph(t, body, { indent: 2 * body });
  w.paragraph(heads[0]!, body, { indent: 2 * body });
  for (const t of p.overview) w.paragraph(t, body, { indent: 2 * body });
  w.paragraph(heads[1]!, body, { indent: 2 * body, gapAfter: 4 });
  for (const g of activeGrids(r, v)) w.grid(g);
  w.paragraph(heads[2]!, body, { indent: 2 * body, gapAfter: 4 });
  w.grid(requestGrid(r, v), v.breakAfter);
  w.paragraph(heads[3]!, body, { indent: 2 * body, gapAfter: 4 });
  const appeals = appealGrid(r, v);
  if (w.y + 110 > BOTTOM) w.newPage();
  w.grid(appeals);
  w.paragraph(heads[4]!, body, { indent: 2 * body });
  for (const t of p.problems) w.paragraph(t, body, { indent: 2 * body });
  w.paragraph(heads[5]!, body, { indent: 2 * body });
  for (const t of p.other) w.paragraph(t, body, { indent: 2 * body });
  for (const t of p.signature) w.paragraph(t, body, { align: 'right' });

  const doc = w.doc;
  const range = doc.bufferedPageRange();
  if (v.footer !== 'none')
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      const n = i + 1;
      const label = v.footer === 'dash' ? `-${n}-` : v.footer === 'spaced' ? `- ${n} -` : `— ${n} —`;
      doc.fontSize(10.5);
      doc.text(label, (PAGE_W - doc.widthOfString(label)) / 2, PAGE_H - 50, { lineBreak: false });
    }
  doc.end();
  const parts: Buffer[] = [];
  for (let c = doc.read(); c !== null; c = doc.read()) parts.push(c);
  return new Uint8Array(Buffer.concat(parts));
}

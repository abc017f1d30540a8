/**
 * A PDF page's positioned text items → text lines in the form of `pdftotext -layout`, so that one
 * reader (layout.ts) reads both pdftotext's files and PDFs read here. Pure: no pdf.js in this module.
 *
 * 1. Items are split at runs of white space into runs (pdf.js fills gaps with spaces; the run's
 *    position is interpolated from the item's width), rotated or top-to-bottom items into one run a
 *    character, stacked downwards.
 * 2. Runs whose baseline lies within half a font size below the line's lowest are one line
 *    (poppler's maxIntraLineDelta).
 * 3. On a line, runs closer than FRAG_GAP font sizes are one fragment (a phrase or one cell); a space
 *    is kept between them only where the gap is a word space and not between two CJK characters.
 *    Two numbers a visible space apart stay two fragments: in a narrow column they nearly touch.
 * 4. Columns on a page-wide grid proportional to x (one column per narrowest digit pitch), a
 *    fragment at least COL_GAP columns after the one before it on its line. Poppler chains its
 *    columns instead (a fragment starts right of every fragment it follows, on any line), which moves
 *    right-aligned numbers of different widths in one column apart by several columns; on the grid
 *    the same x is the same column, so a column's right edges (or centres) stay in line.
 * 5. Blank lines between lines as poppler does: ⌊baseline gap / font size⌋ − 1, at most 4.
 *
 * The grid is only the text's form: each character's real left and right x also go to the layout
 * reader (`LinePositions`), on one scale for the whole document, so that it places numbers by where
 * they print (a CJK header word is as wide as it prints, a right-aligned number's right edge is its
 * cell's) and a table's columns are at the same x on every page.
 */

export interface PdfTextItem {
  str: string;
  /** Start of the text, in page space with y downwards (viewport coordinates at scale 1). */
  x: number;
  /** Baseline. */
  y: number;
  /** Advance of the whole string along its direction. */
  width: number;
  fontSize: number;
  /** Written top to bottom (rotated 90° or a vertical font): one character a line. */
  vertical?: boolean;
}

interface Run {
  text: string;
  x0: number;
  x1: number;
  y: number;
  fs: number;
  /** Right edge of each character, for a fragment that starts over this one. */
  edges: number[];
}

interface Frag {
  text: string;
  /** Code points: pdftotext counts a column per character whatever its width. */
  len: number;
  x0: number;
  x1: number;
  edges: number[];
  line: number;
  col: number;
}

/**
 * Where each character of one output line prints: for each UTF-16 index of the line, its left and
 * right x in document grid units (`DocGrid`), undefined for the spaces the layout put between
 * fragments.
 */
export type LinePositions = ([number, number] | undefined)[];

/** One x scale for every page of a document: x ↦ (x − left) / unit. */
export interface DocGrid {
  left: number;
  unit: number;
}

/** Gap (in font sizes) up to which two runs on a line are one fragment. */
const FRAG_GAP = 0.6;
/** Gap (in font sizes) from which a space is kept between two runs of one fragment. */
const SPACE_GAP = 0.15;
/** Spaces at least between fragments that do not overlap: the layout reader splits cells at ≥ 2. */
const COL_GAP = 2;

const isWide = (c: number): boolean =>
  (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60) || (c >= 0x3000 && c <= 0x303f) || c >= 0x20000 || c === 0x201c || c === 0x201d;

const isCjk = (ch: string | undefined): boolean => ch !== undefined && isWide(ch.codePointAt(0)!);

/** Full-width digits and the signs around them, as the layout reader's number patterns expect. */
const FULL_DIGITS = /[０-９－．，％]/g;
const fullToAscii = (s: string): string =>
  s.replace(FULL_DIGITS, (c) => (c === '－' ? '-' : c === '．' ? '.' : c === '，' ? '，' : c === '％' ? '%' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));

/** Full-width digits become ASCII; a full-width comma or point only between two digits. */
function asciiDigits(s: string): string {
  if (!/[０-９]/.test(s)) return s;
  return fullToAscii(s).replace(/(\d)[，,](?=\d{3}(?!\d))/g, '$1,').replace(/(\d)．(?=\d)/g, '$1.');
}

function runsOf(item: PdfTextItem, out: Run[]): void {
  const chars = Array.from(asciiDigits(item.str));
  if (!chars.some((c) => c.trim() !== '')) return;
  const fs = item.fontSize > 0 ? item.fontSize : 10;
  if (item.vertical) {
    // Top to bottom: a character a line, as a vertical group label is printed one character a row.
    const step = chars.length > 0 && item.width > 0 ? item.width / chars.length : fs;
    chars.forEach((c, i) => {
      if (c.trim()) out.push({ text: c, x0: item.x, x1: item.x + fs, y: item.y + i * step, fs, edges: [item.x + fs] });
    });
    return;
  }
  const weights = chars.map((c) => (isWide(c.codePointAt(0)!) ? 1 : 0.5));
  const total = weights.reduce((a, b) => a + b, 0);
  const unit = item.width > 0 ? item.width / total : fs;
  let x = item.x;
  let cur: Run | null = null;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const w = weights[i]! * unit;
    if (c.trim() === '') {
      cur = null;
    } else {
      if (!cur) {
        cur = { text: '', x0: x, x1: x, y: item.y, fs, edges: [] };
        out.push(cur);
      }
      cur.text += c;
      cur.x1 = x + w;
      cur.edges.push(x + w);
    }
    x += w;
  }
}

/** Groups runs into lines by baseline, top to bottom. */
function linesOf(runs: Run[]): Run[][] {
  runs.sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const lines: Run[][] = [];
  // Compared with the lowest baseline so far: a row's numbers often sit a little below its label,
  // and a vertical group label's character a little above it.
  let bottom = 0;
  let fs = 0;
  for (const r of runs) {
    const last = lines[lines.length - 1];
    // The larger font decides: a number set smaller to fit its cell stays on its row.
    if (last && r.y - bottom < 0.5 * Math.max(fs, r.fs)) {
      last.push(r);
      bottom = r.y;
    } else {
      lines.push([r]);
      bottom = r.y;
      fs = r.fs;
    }
  }
  return lines;
}

function fragsOf(line: Run[], index: number): Frag[] {
  line.sort((a, b) => a.x0 - b.x0);
  const frags: Frag[] = [];
  let cur: (Frag & { fs: number }) | null = null;
  for (const r of line) {
    const gap = cur ? r.x0 - cur.x1 : Infinity;
    const fs = cur ? Math.max(cur.fs, r.fs) : r.fs;
    // Two numbers a visible space apart are two cells (a narrow column's numbers nearly touch);
    // digits closer than that are one number drawn in pieces.
    const numbers = cur !== null && /\d$/.test(cur.text) && /^[-+]?\d/.test(r.text) && gap >= SPACE_GAP * fs;
    if (cur && gap < FRAG_GAP * fs && !numbers) {
      const space = gap >= SPACE_GAP * fs && !(isCjk(cur.text.at(-1)) && isCjk(r.text[0])) ? ' ' : '';
      if (space) cur.edges.push(r.x0);
      cur.text += space + r.text;
      cur.edges.push(...r.edges);
      cur.x1 = Math.max(cur.x1, r.x1);
      cur.fs = fs;
    } else {
      cur = { text: r.text, len: 0, x0: r.x0, x1: r.x1, edges: [...r.edges], line: index, col: 0, fs: r.fs };
      frags.push(cur);
    }
  }
  for (const f of frags) f.len = Array.from(f.text).length;
  return frags;
}

/**
 * The page's grid unit: the narrowest pitch of its half-width characters (digits), so that no run of
 * digits takes more columns than the page width it covers.
 */
function gridUnit(runs: readonly Run[]): number {
  let unit = Number.POSITIVE_INFINITY;
  for (const r of runs) {
    const chars = Array.from(r.text);
    if (chars.length === 0 || chars.some((c) => isWide(c.codePointAt(0)!))) continue;
    const pitch = (r.x1 - r.x0) / chars.length;
    if (pitch >= 0.25 * r.fs) unit = Math.min(unit, pitch);
  }
  if (Number.isFinite(unit)) return unit;
  const sizes = runs.map((r) => r.fs).sort((a, b) => a - b);
  return sizes[Math.floor(sizes.length / 2)]! / 2;
}

/**
 * Columns proportional to x: a fragment starts at the column of its x on a page-wide grid of `unit`,
 * or COL_GAP after the fragment before it on its line where that is further right. Unlike poppler's
 * chained assignment (a column pushed right by every wide fragment left of it on any line), the same
 * x is the same column down the page, so right-aligned numbers of any width keep their right edges
 * in line and centred ones their centres.
 */
function gridColumns(perLine: readonly Frag[][], unit: number): void {
  const left = Math.min(...perLine.flat().map((f) => f.x0));
  for (const line of perLine) {
    let end = 0;
    for (const f of line) {
      const col = Math.round((f.x0 - left) / unit);
      f.col = end === 0 ? col : Math.max(col, end + COL_GAP);
      end = f.col + f.len;
    }
  }
}

/** One page's text, its lines as `pdftotext -layout` would print them (without the form feed). */
export function pageText(items: readonly PdfTextItem[]): string {
  return pageLayout(items).text;
}

/**
 * The x scale of a whole document (its pages' items): the narrowest digit pitch of any page and the
 * leftmost text, so that the same x is the same position on every page.
 */
export function docGrid(pages: readonly (readonly PdfTextItem[])[]): DocGrid {
  const runs: Run[] = [];
  for (const items of pages) for (const it of items) runsOf(it, runs);
  if (runs.length === 0) return { left: 0, unit: 5 };
  return { left: Math.min(...runs.map((r) => r.x0)), unit: gridUnit(runs) };
}

/**
 * One page's text as `pageText`, and where each character of each of its lines prints on the
 * document's scale (`grid`, default the page's own): one entry per line of the text.
 */
export function pageLayout(items: readonly PdfTextItem[], grid?: DocGrid): { text: string; positions: LinePositions[] } {
  const runs: Run[] = [];
  for (const it of items) runsOf(it, runs);
  if (runs.length === 0) return { text: '', positions: [] };
  const lines = linesOf(runs);
  const perLine = lines.map((l, i) => fragsOf(l, i));
  const unit = gridUnit(runs);
  gridColumns(perLine, unit);
  const g = grid ?? { left: Math.min(...runs.map((r) => r.x0)), unit };
  const at = (x: number) => (x - g.left) / g.unit;
  let out = '';
  const positions: LinePositions[] = [];
  for (let i = 0; i < lines.length; i++) {
    let text = '';
    let width = 0;
    const pos: LinePositions = [];
    for (const f of perLine[i]!) {
      const col = Math.max(f.col, width === 0 ? 0 : width + 1);
      text += ' '.repeat(col - width) + f.text;
      for (let k = text.length - f.text.length - (col - width); k < text.length - f.text.length; k++) pos.push(undefined);
      // Each character from the one before's right edge to its own (edges hold one per code point).
      let k = 0;
      let left = f.x0;
      for (const ch of f.text) {
        const right = f.edges[k++] ?? f.x1;
        for (let u = 0; u < ch.length; u++) pos.push([at(left), at(right)]);
        left = right;
      }
      width = col + f.len;
    }
    out += text + '\n';
    positions.push(pos);
    const next = lines[i + 1];
    if (next) {
      const line = lines[i]!;
      const bottom = Math.max(...line.map((r) => r.y));
      const d = Math.floor((Math.min(...next.map((r) => r.y)) - bottom) / line[0]!.fs);
      const blank = Math.min(Math.max(d, 1), 5) - 1;
      out += '\n'.repeat(blank);
      for (let b = 0; b < blank; b++) positions.push([]);
    }
  }
  return { text: out, positions };
}

/**
 * An HTML page → lines of text: paragraphs as lines, each table row as one tab-separated line with
 * `colspan`/`rowspan` expanded into a full grid, so the table reader sees every cell in its column.
 * The page is streamed (no DOM): by the scanner in htmlscan.ts where it can, else by htmlparser2,
 * which keeps HTML reports about as cheap as text ones.
 */
import { Parser } from 'htmlparser2';
import { scanHtml, type HtmlEvents } from './htmlscan.ts';
import { isSpaceLike } from './normalize.ts';
import { SPANNED } from './rows.ts';
import { MAX_HTML_DEPTH, MAX_TABLE_CELLS, htmlTooDeep, tableTooLarge } from './limits.ts';

const BLOCK = new Set([
  'p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'section', 'article', 'header', 'footer',
  'title', 'blockquote', 'pre', 'ul', 'ol', 'dl', 'dt', 'dd', 'center', 'caption', 'hr',
]);
/** Elements whose content is not text of the page; compared directly (a Set lookup for every tag cost more). */
const isSkipped = (name: string): boolean => name === 'script' || name === 'style' || name === 'noscript' || name === 'template' || name === 'head';

export function looksLikeHtml(file: string, text: string): boolean {
  if (/\.x?html?$/i.test(file)) return true;
  if (text.trimStart().charCodeAt(0) !== 60 /* < */) return false;
  const start = text.slice(0, 2000).trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html') || (start.startsWith('<') && /<table[\s>]/i.test(text.slice(0, 200_000)));
}

const span = (v: string | undefined): number => {
  if (v === undefined) return 1;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 100) : 1;
};

interface Cell {
  text: string;
  rowspan: number;
  colspan: number;
}

/**
 * White space runs as one space, none at the ends. Most cells ("0", "规章") have nothing to squash;
 * most others just the space a <p> inside the cell put in front of the text.
 */
export function squash(s: string): string {
  const k = spaceAt(s, 0);
  if (k === s.length) return s;
  if (k === 0 && s.charCodeAt(0) === 32 && spaceAt(s, 1) === s.length) return s.slice(1);
  return s.replace(/\s+/g, ' ').trim();
}

/** The index of the first white space (or control character) at or after `from`, or the length. */
function spaceAt(s: string, from: number): number {
  let k = from;
  while (k < s.length && !isSpaceLike(s.charCodeAt(k))) k++;
  return k;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/**
 * Lays out one table's rows of cells on a grid; merged label cells repeat their text. The other
 * columns a merged cell covers are SPANNED, so the matcher can tell the cells a row printed from
 * the grid's filler where a row's colspans disagree with the header's.
 */
function gridLines(rows: Cell[][]): string[] {
  const grid: string[][] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = (grid[r] ??= []);
    let col = 0;
    for (const cell of rows[r]!) {
      while (row[col] !== undefined) col++;
      const text = squash(cell.text);
      // A merged value cell holds one number; only merged label cells repeat their text.
      const repeat = text === '' || hasDigit(text) ? SPANNED : text;
      for (let dr = 0; dr < cell.rowspan; dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < cell.colspan; dc++) target[col + dc] = dr === 0 && dc === 0 ? text : repeat;
      }
      col += cell.colspan;
    }
  }
  // Only rows with numbers need the mark; headings and header rows read as plain text.
  // Rowspans reaching far right leave holes that `tabbed` would still write out: count those too.
  let laidOut = 0;
  for (const row of grid) laidOut += row.length;
  if (laidOut > MAX_TABLE_CELLS) throw tableTooLarge(laidOut);
  return grid.map((row) => tabbed(row.some((c) => c !== undefined && hasDigit(c)) ? row : row.map((c) => (c === SPANNED ? '' : c))));
}

/**
 * Cells joined by tabs; holes in a sparse row are blank cells. Concatenated rather than joined: the
 * page's lines are joined into one text next, which copies the characters once for both.
 */
function tabbed(row: (string | undefined)[]): string {
  let out = row[0] ?? '';
  for (let i = 1; i < row.length; i++) out += '\t' + (row[i] ?? '');
  return out;
}

/** The events of a page → its lines; `lines()` once the page has been read. */
function lineBuilder(): HtmlEvents & { lines(): string[] } {
  const lines: string[] = [];
  let buf = '';
  let skip = 0;
  // Nested tables are rare; their text stays inside the enclosing cell.
  let tableDepth = 0;
  let rows: Cell[][] = [];
  let cell: Cell | null = null;
  // Grid cells the current table's spans cover, checked as cells arrive: a span bomb stops before allocating.
  let covered = 0;
  // Open elements, the same count in the scanner and in htmlparser2 (whose stack costs grow with it).
  let depth = 0;

  const flush = () => {
    const s = squash(buf);
    if (s) lines.push(s);
    buf = '';
  };
  return {
    onopentag(name, attrs) {
      if (++depth > MAX_HTML_DEPTH) throw htmlTooDeep();
      if (isSkipped(name)) skip++;
      if (skip) return;
      if (name === 'table') {
        if (tableDepth++ === 0) {
          flush();
          rows = [];
          covered = 0;
        }
      } else if (tableDepth === 1 && name === 'tr') rows.push([]);
      else if (tableDepth === 1 && (name === 'td' || name === 'th')) {
        cell = { text: '', rowspan: span(attrs.rowspan), colspan: span(attrs.colspan) };
        if ((covered += cell.rowspan * cell.colspan) > MAX_TABLE_CELLS) throw tableTooLarge(covered);
        (rows[rows.length - 1] ?? (rows[0] = [])).push(cell);
      } else if (BLOCK.has(name)) {
        if (cell) cell.text += ' ';
        else flush();
      }
    },
    ontext(text) {
      if (skip) return;
      if (cell) cell.text += text;
      else if (tableDepth === 0) buf += text;
    },
    onclosetag(name) {
      depth--;
      if (isSkipped(name)) {
        skip = Math.max(0, skip - 1);
        return;
      }
      if (skip) return;
      if (name === 'table' && tableDepth > 0) {
        if (--tableDepth === 0) {
          for (const line of gridLines(rows)) lines.push(line);
          cell = null;
        }
      } else if (tableDepth === 1 && (name === 'td' || name === 'th')) cell = null;
      else if (!cell && BLOCK.has(name)) flush();
    },
    lines() {
      if (tableDepth > 0) for (const line of gridLines(rows)) lines.push(line);
      flush();
      return lines;
    },
  };
}

/** The page read by htmlparser2: the reference, and the way for pages the scanner leaves alone. */
export function htmlToLinesSlow(html: string): string[] {
  const b = lineBuilder();
  const parser = new Parser(b, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  parser.write(html);
  parser.end();
  return b.lines();
}

export function htmlToLines(html: string): string[] {
  const b = lineBuilder();
  return scanHtml(html, b) ? b.lines() : htmlToLinesSlow(html);
}

/**
 * An HTML page → lines of text: paragraphs as lines, each table row as one tab-separated line with
 * `colspan`/`rowspan` expanded into a full grid, so the table reader sees every cell in its column.
 * htmlparser2 streams the page (no DOM), which keeps HTML reports about as cheap as text ones.
 */
import { Parser } from 'htmlparser2';

const BLOCK = new Set([
  'p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'section', 'article', 'header', 'footer',
  'title', 'blockquote', 'pre', 'ul', 'ol', 'dl', 'dt', 'dd', 'center', 'caption', 'hr',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head']);

export function looksLikeHtml(file: string, text: string): boolean {
  if (/\.x?html?$/i.test(file)) return true;
  if (text.trimStart().charCodeAt(0) !== 60 /* < */) return false;
  const start = text.slice(0, 2000).trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html') || (start.startsWith('<') && /<table[\s>]/i.test(text.slice(0, 200_000)));
}

const span = (v: string | undefined): number => {
  const n = Number.parseInt(v ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 100) : 1;
};

interface Cell {
  text: string;
  rowspan: number;
  colspan: number;
}

/** Lays out one table's rows of cells on a grid; merged label cells repeat their text. */
function gridLines(rows: Cell[][]): string[] {
  const grid: string[][] = [];
  rows.forEach((cells, r) => {
    const row = (grid[r] ??= []);
    let col = 0;
    for (const cell of cells) {
      while (row[col] !== undefined) col++;
      const text = cell.text.replace(/\s+/g, ' ').trim();
      // A merged value cell holds one number; only merged label cells repeat their text.
      const repeat = /\d/.test(text) ? '' : text;
      for (let dr = 0; dr < cell.rowspan; dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < cell.colspan; dc++) target[col + dc] = dr === 0 && dc === 0 ? text : repeat;
      }
      col += cell.colspan;
    }
  });
  return grid.map((row) => Array.from(row, (c) => c ?? '').join('\t'));
}

export function htmlToLines(html: string): string[] {
  const lines: string[] = [];
  let buf = '';
  let skip = 0;
  // Nested tables are rare; their text stays inside the enclosing cell.
  let tableDepth = 0;
  let rows: Cell[][] = [];
  let cell: Cell | null = null;

  const flush = () => {
    const s = buf.replace(/\s+/g, ' ').trim();
    if (s) lines.push(s);
    buf = '';
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (SKIP.has(name)) skip++;
        if (skip) return;
        if (name === 'table') {
          if (tableDepth++ === 0) {
            flush();
            rows = [];
          }
        } else if (tableDepth === 1 && name === 'tr') rows.push([]);
        else if (tableDepth === 1 && (name === 'td' || name === 'th')) {
          cell = { text: '', rowspan: span(attrs.rowspan), colspan: span(attrs.colspan) };
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
        if (SKIP.has(name)) {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip) return;
        if (name === 'table' && tableDepth > 0) {
          if (--tableDepth === 0) {
            lines.push(...gridLines(rows));
            cell = null;
          }
        } else if (tableDepth === 1 && (name === 'td' || name === 'th')) cell = null;
        else if (BLOCK.has(name) && !cell) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  if (tableDepth > 0) lines.push(...gridLines(rows));
  flush();
  return lines;
}

/**
 * An HTML page → lines of text: paragraphs as lines, each table row as one tab-separated line with
 * `colspan`/`rowspan` expanded into a full grid, so the table reader sees every cell in its column.
 */
import { parse } from 'parse5';

interface Node {
  nodeName: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
}

const BLOCK = new Set([
  'p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'tr', 'section', 'article', 'header', 'footer',
  'title', 'blockquote', 'pre', 'ul', 'ol', 'dl', 'dt', 'dd', 'center', 'caption',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head']);

export function looksLikeHtml(file: string, text: string): boolean {
  if (/\.x?html?$/i.test(file)) return true;
  const start = text.slice(0, 2000).trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html') || (start.startsWith('<') && /<table[\s>]/i.test(text));
}

const attr = (n: Node, name: string): string | undefined => n.attrs?.find((a) => a.name === name)?.value;
const span = (n: Node, name: string): number => {
  const v = Number.parseInt(attr(n, name) ?? '1', 10);
  return Number.isFinite(v) && v >= 1 ? Math.min(v, 100) : 1;
};

function textOf(n: Node): string {
  if (n.nodeName === '#text') return n.value ?? '';
  if (SKIP.has(n.nodeName) || !n.childNodes) return '';
  const inner = n.childNodes.map(textOf).join('');
  return BLOCK.has(n.nodeName) ? ` ${inner} ` : inner;
}

const cellText = (n: Node): string => textOf(n).replace(/\s+/g, ' ').trim();

function rowsOf(table: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    for (const c of n.childNodes ?? []) {
      if (c.nodeName === 'tr') out.push(c);
      else if (c.nodeName === 'thead' || c.nodeName === 'tbody' || c.nodeName === 'tfoot') walk(c);
    }
  };
  walk(table);
  return out;
}

function tableLines(table: Node): string[] {
  const grid: string[][] = [];
  rowsOf(table).forEach((tr, r) => {
    const row = (grid[r] ??= []);
    let col = 0;
    for (const td of tr.childNodes ?? []) {
      if (td.nodeName !== 'td' && td.nodeName !== 'th') continue;
      while (row[col] !== undefined) col++;
      const text = cellText(td).replace(/\t/g, ' ');
      const rs = span(td, 'rowspan');
      const cs = span(td, 'colspan');
      for (let dr = 0; dr < rs; dr++) {
        const target = (grid[r + dr] ??= []);
        // A merged value cell holds one number; only merged label cells repeat their text.
        for (let dc = 0; dc < cs; dc++) target[col + dc] = dr === 0 && dc === 0 ? text : /\d/.test(text) ? '' : text;
      }
      col += cs;
    }
  });
  return grid.map((row) => Array.from(row, (c) => c ?? '').join('\t'));
}

export function htmlToLines(html: string): string[] {
  const doc = parse(html) as unknown as Node;
  const lines: string[] = [];
  let buf = '';
  const flush = () => {
    const s = buf.replace(/\s+/g, ' ').trim();
    if (s) lines.push(s);
    buf = '';
  };
  const walk = (n: Node) => {
    if (n.nodeName === '#text') {
      buf += n.value ?? '';
      return;
    }
    if (SKIP.has(n.nodeName)) return;
    if (n.nodeName === 'table') {
      flush();
      lines.push(...tableLines(n));
      return;
    }
    const block = BLOCK.has(n.nodeName);
    if (block) flush();
    for (const c of n.childNodes ?? []) walk(c);
    if (n.content) walk(n.content);
    if (block) flush();
  };
  walk(doc);
  flush();
  return lines;
}

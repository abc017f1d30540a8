/**
 * A .docx body (word/document.xml) → HTML for the HTML reader: paragraphs as <p>, tables as <table>
 * with Word's merges carried over as HTML's — w:gridSpan as colspan, a w:vMerge run as one cell with
 * rowspan, w:gridBefore as a blank leading cell — so merged label cells, blank cells and the grid
 * reach the row model the way a web page's table does. Only text in w:t counts: deleted text
 * (w:delText), field codes (w:instrText) and the fallback copy of drawings (mc:Fallback) are not
 * the report's words.
 */
import { Parser } from 'htmlparser2';

/** Text as HTML content: only the three characters that would be read as markup. */
const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface WCell {
  text: string;
  span: number;
  /** 'restart' opens a vertical merge, 'continue' extends the one above. */
  vmerge: 'restart' | 'continue' | null;
}

interface WRow {
  before: number;
  cells: WCell[];
}

const local = (name: string): string => {
  const k = name.indexOf(':');
  return k < 0 ? name : name.slice(k + 1);
};

const attr = (attrs: Record<string, string>, name: string): string | undefined => {
  for (const k in attrs) if (local(k) === name) return attrs[k];
  return undefined;
};

const count = (v: string | undefined): number => {
  const n = v === undefined ? 1 : Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 100) : 1;
};

/** One table as HTML, its vertical merges turned into rowspans. */
function tableHtml(rows: readonly WRow[]): string {
  type Placed = { cell: WCell; rowspan: number };
  const placed: Placed[][] = [];
  // The cell a vertical merge started in, by the grid column it starts at.
  const open = new Map<number, Placed>();
  const befores: number[] = [];
  for (const row of rows) {
    const out: Placed[] = [];
    let col = row.before;
    for (const cell of row.cells) {
      const above = open.get(col);
      if (cell.vmerge === 'continue' && above && above.cell.span === cell.span) above.rowspan++;
      else {
        const p: Placed = { cell, rowspan: 1 };
        out.push(p);
        for (let c = col; c < col + cell.span; c++) open.delete(c);
        if (cell.vmerge === 'restart') open.set(col, p);
      }
      col += cell.span;
    }
    placed.push(out);
    befores.push(row.before);
  }
  const html: string[] = ['<table>'];
  placed.forEach((cells, r) => {
    let tr = '<tr>';
    if (befores[r]! > 0) tr += `<td colspan="${befores[r]}"></td>`;
    for (const { cell, rowspan } of cells) {
      const a = (cell.span > 1 ? ` colspan="${cell.span}"` : '') + (rowspan > 1 ? ` rowspan="${rowspan}"` : '');
      tr += `<td${a}>${escapeHtml(cell.text)}</td>`;
    }
    html.push(tr + '</tr>');
  });
  html.push('</table>');
  return html.join('\n');
}

/** The body's HTML, and whether it holds any text at all. */
export function docxBodyHtml(xml: string): { html: string; hasText: boolean } {
  const out: string[] = [];
  let para = '';
  let hasText = false;
  let inText = 0;
  let skip = 0;
  let depth = 0;
  let rows: WRow[] = [];
  let cell: WCell | null = null;

  const flushPara = () => {
    if (para.trim() !== '') out.push(`<p>${escapeHtml(para)}</p>`);
    para = '';
  };
  const add = (s: string) => {
    if (cell) cell.text += s;
    else if (depth === 0) para += s;
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const n = local(name);
        if (n === 'Fallback') skip++;
        if (skip) return;
        switch (n) {
          case 'tbl':
            if (depth++ === 0) {
              flushPara();
              rows = [];
            }
            break;
          case 'tr':
            if (depth === 1) rows.push({ before: 0, cells: [] });
            break;
          case 'gridBefore':
            if (depth === 1 && rows.length) rows[rows.length - 1]!.before = count(attr(attrs, 'val'));
            break;
          case 'tc':
            if (depth === 1) {
              cell = { text: '', span: 1, vmerge: null };
              (rows[rows.length - 1] ?? (rows[0] = { before: 0, cells: [] })).cells.push(cell);
            }
            break;
          case 'gridSpan':
            if (depth === 1 && cell) cell.span = count(attr(attrs, 'val'));
            break;
          case 'vMerge':
            if (depth === 1 && cell) cell.vmerge = attr(attrs, 'val') === 'restart' ? 'restart' : 'continue';
            break;
          case 't':
            inText++;
            break;
          case 'tab':
            add(' ');
            break;
          case 'br':
          case 'cr':
            if (cell || depth > 0) add(' ');
            else flushPara();
            break;
          case 'noBreakHyphen':
            add('-');
            break;
        }
      },
      ontext(text) {
        if (skip || inText === 0) return;
        if (!hasText && text.trim() !== '') hasText = true;
        add(text);
      },
      onclosetag(name) {
        const n = local(name);
        if (n === 'Fallback') {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip) return;
        switch (n) {
          case 't':
            inText = Math.max(0, inText - 1);
            break;
          case 'p':
            // Paragraphs inside a cell are lines of its text; outside, lines of the page.
            if (cell) cell.text += ' ';
            else if (depth === 0) flushPara();
            break;
          case 'tc':
            if (depth === 1) cell = null;
            break;
          case 'tbl':
            if (depth > 0 && --depth === 0) {
              out.push(tableHtml(rows));
              cell = null;
            }
            break;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  if (depth > 0) out.push(tableHtml(rows));
  flushPara();
  return { html: `<html><body>\n${out.join('\n')}\n</body></html>`, hasText };
}

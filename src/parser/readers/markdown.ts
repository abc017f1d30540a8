/**
 * Markdown written by PDF-to-markdown converters → lines of the row model (see ../rows.ts).
 *
 * Converters keep the PDF's line breaks and cut its tables apart: a table becomes `| a | b |` rows with
 * `|---|` lines, often several sub-tables (each under a `###` heading and with its own, sometimes
 * placeholder, header row), and where a row's label cell spanned several lines the label comes out as
 * loose text before or after a row of bare numbers. This reader only undoes the markdown: rows become
 * tab rows, headings and loose text become plain lines, wrapped prose is joined back into paragraphs,
 * the title is put back on one line. Which template row an unlabeled number row is, is the matcher's
 * decision (extract.ts places such rows by template order), never this reader's.
 */
import { htmlToLines } from '../html.ts';
import { compact } from '../normalize.ts';
import { ENTITIES } from '../htmlscan.ts';
import { isValueLike } from '../values.ts';
import type { TextRead } from './types.ts';

/** `|---|:--:|`, with or without outer pipes. */
const SEPARATOR = /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$/;
const HEADING = /^#{1,6}\s+(.*)$/;
/** A heading's closing `#`s, cut without a backtracking regex (a long line of spaces would be quadratic). */
function headingText(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '#') end--;
  return (end > 0 && end < s.length && !/\s/.test(s[end - 1]!) ? s : s.slice(0, end)).trim();
}
/** Placeholder header cells converters invent: Col1, Column 2, 列1, 字段3. */
const PLACEHOLDER = /^(col(umn)?|field|列|字段)\s*\d*$/i;
/** Page furniture: `- 3 -`, `— 3 —`, `第 3 页`, `第3页 共6页`, `3 / 6`, `Page 3 of 6`. */
const PAGE_NUMBER =
  /^(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*[/／]\s*\d{1,4}|page\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?)$/i;
/** A rule (`---`, `***`, `___`, `===`): page breaks and setext underlines; never content. */
const RULE = /^([-*_=])(\s*\1){2,}$/;
/** Sentence ends: a wrapped prose line ending in one of these ends its paragraph. */
const SENTENCE_END = /[。！？；：!?;:]$/;
/** Numbering that opens a new heading or list item: 一、 （一） (1) 1. 1、 */
const OPENS_ITEM = /^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d))/;

/** Whether the text is converter markdown: named so, or holding a markdown table. */
function isMarkdown(text: string, file: string): boolean {
  if (/\.(md|markdown)$/i.test(file)) return true;
  // A table separator line right under a pipe row; the ` |` cell layouts never print one.
  return /^[ \t]*\|[^\n]*\|[ \t]*\r?\n[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|/m.test(text);
}

/** Display width: CJK and full-width characters take two columns, as the PDF's line did. */
function width(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    w += c >= 0x2e80 || (c >= 0x1100 && c <= 0x115f) ? 2 : c === 32 || c === 9 ? 0.5 : 1;
  }
  return w;
}

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, name: string) => {
    if (name[0] === '#') {
      const cp = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES.get(name.toLowerCase()) ?? m;
  });
}

/** Inline markdown and HTML → plain text: emphasis, links, images, `<br>`, tags, entities, escapes. */
function inline(s: string): string {
  // Most cells are a bare number or a plain label: nothing to undo.
  if (/^[^<\]*~_\\&\u00a0]*$/.test(s)) return s.trim();
  let t = s;
  if (t.includes('<')) t = t.replace(/<br\s*\/?>/gi, ' ').replace(/<!--.*?-->/g, '').replace(/<\/?[a-z][^<>]*>/gi, '');
  // Bounded, and no `[`/`(` inside: an unbounded class would be quadratic on a line of brackets.
  if (t.includes('](')) t = t.replace(/!\[[^[\]]{0,300}\]\([^()]{0,1000}\)/g, '').replace(/\[([^[\]]{0,300})\]\([^()]{0,1000}\)/g, '$1');
  if (t.includes('*') || t.includes('~')) t = t.replace(/(?<!\\)(\*{1,3}|~~)/g, '');
  // `_` alone is a dash (a blank cell); only the pair around a text is emphasis.
  if (t.includes('_')) t = t.replace(/(?<![\\\w])__?(?=\S)(.+?\S)__?(?![\w])/g, '$1');
  if (t.includes('\\')) t = t.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
  return decodeEntities(t).replace(/\u00a0/g, ' ').trim();
}

/** A table row's cells, split at its unescaped pipes. */
function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && s[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (ch === '|') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  // An escaped pipe inside a cell is text, not a column (a rule the PDF drew inside the cell): a space.
  return cells.map((c) => inline(c).replace(/[|\t]/g, ' ').trim());
}

const hasPipe = (s: string): boolean => /(^|[^\\])\|/.test(s);

type Line =
  | { t: 'row'; cells: string[]; header: boolean }
  | { t: 'heading'; s: string }
  | { t: 'text'; s: string }
  /** Lines already in the row model (an HTML table the converter wrote, laid out by the HTML reader). */
  | { t: 'model'; s: string }
  | { t: 'break' };

/** The markdown's blocks, line by line: table rows, headings, loose text, paragraph breaks. */
function blocks(lines: readonly string[]): Line[] {
  const out: Line[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (/^(```|~~~)/.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (!fenced && /<table[\s>]/i.test(raw)) {
      // Some converters write tables as HTML: the HTML reader lays them out (spans expanded).
      let j = i;
      while (j < lines.length - 1 && !/<\/table>/i.test(lines[j]!)) j++;
      out.push({ t: 'break' }, ...htmlToLines(lines.slice(i, j + 1).join('\n')).map((s): Line => ({ t: 'model', s })), { t: 'break' });
      i = j;
      continue;
    }
    const prev = out[out.length - 1];
    if (raw === '' || RULE.test(raw)) {
      out.push({ t: 'break' });
      continue;
    }
    if (!fenced && SEPARATOR.test(raw) && raw.includes('-') && (raw.includes('|') || prev?.t === 'row')) {
      if (prev?.t === 'row') prev.header = true;
      continue;
    }
    const next = lines[i + 1]?.trim() ?? '';
    const isRow = !fenced && hasPipe(raw) && (raw.startsWith('|') || prev?.t === 'row' || (SEPARATOR.test(next) && next.includes('-')));
    if (isRow) {
      out.push({ t: 'row', cells: splitRow(raw), header: false });
      continue;
    }
    if (PAGE_NUMBER.test(raw)) continue;
    const h = fenced ? null : HEADING.exec(raw);
    const body = inline(h ? headingText(h[1]!) : raw.replace(/^>\s*/, '').replace(/^[-*+]\s+/, ''));
    if (body === '' || PAGE_NUMBER.test(body)) continue;
    out.push(h ? { t: 'heading', s: body } : { t: 'text', s: body });
  }
  return out;
}

/** A header row that names nothing: blank, or the converter's Col1/Col2 placeholders. */
const placeholderRow = (cells: readonly string[]): boolean => cells.every((c) => c === '' || PLACEHOLDER.test(c));

/**
 * A loose line that is a table row whose cell borders the converter lost: a short label followed by
 * numbers (`行政许可 97`), or only numbers (`0 0 0 0 0 0 0`). Prose has been joined into paragraphs
 * by then, so a line this short is no sentence.
 */
function looseRow(s: string): string[] | null {
  const parts = s.split(/\s+/);
  let k = parts.length;
  while (k > 0 && isValueLike(parts[k - 1]!)) k--;
  const values = parts.slice(k);
  if (values.length === 0) return null;
  if (k === 0) return values.length >= 2 ? values : null;
  const label = parts.slice(0, k).join(' ');
  const c = compact(label);
  if (c.length > 40 || !/[\u4e00-\u9fff]/.test(c) || /[\d年月日]$/.test(c) || SENTENCE_END.test(c) || /[，,、]$/.test(c)) return null;
  return [label, ...values];
}

/**
 * The width of a full line of the PDF's prose: most long loose lines are full lines of a paragraph.
 * Null when there is too little prose to tell (then nothing is joined).
 */
function fullWidth(lines: readonly Line[]): number | null {
  const widths = lines.flatMap((l) => (l.t === 'text' && width(l.s) >= 20 ? [width(l.s)] : [])).sort((a, b) => a - b);
  if (widths.length < 5) return null;
  return widths[Math.floor(widths.length * 0.75)]!;
}

/** Joins the lines of wrapped paragraphs: a full-width line not ending a sentence goes on in the next. */
function reflow(lines: readonly Line[]): Line[] {
  const full = fullWidth(lines);
  if (full === null) return [...lines];
  const out: Line[] = [];
  let open = false;
  for (const l of lines) {
    const last = out[out.length - 1];
    if (l.t === 'text' && open && last?.t === 'text' && !OPENS_ITEM.test(l.s)) {
      last.s += l.s;
      open = width(l.s) >= full * 0.85 && !SENTENCE_END.test(l.s);
      continue;
    }
    out.push(l.t === 'text' ? { ...l } : l);
    open = l.t === 'text' && width(l.s) >= full * 0.85 && !SENTENCE_END.test(l.s);
  }
  return out;
}

/** Read before the text is made Simplified: Traditional spellings too. */
const TITLE_END = /(信息|政务|政務)公[开開][^。，,]{0,12}[报報]告$/;

/**
 * The title on one line. A title set in large type wraps (`2024年上海市科委政府信息公开工作` /
 * `年度报告`); the metadata reader looks for it on one line. Only in the head of the text, only short
 * lines, only where the pieces together end like a title and the first alone does not.
 */
function joinTitle(lines: Line[]): void {
  const limit = Math.min(lines.length, 40);
  for (let i = 0; i < limit; i++) {
    const first = lines[i]!;
    if (first.t === 'row') return;
    if (first.t === 'break' || /[报報]告$/.test(compact(first.s))) continue;
    let joined = compact(first.s);
    for (let j = i + 1; j < Math.min(i + 3, lines.length); j++) {
      const l = lines[j]!;
      if ((l.t !== 'text' && l.t !== 'heading') || compact(l.s).length > 30) break;
      joined += compact(l.s);
      if (joined.length <= 40 && TITLE_END.test(joined) && /\d{4}|信息公[开開]/.test(compact(first.s))) {
        lines.splice(i, j - i + 1, { t: 'heading', s: joined });
        return;
      }
    }
  }
}

/**
 * Cells the converter ran together: a cell of numbers only (`0 0 3`) is that many cells, and a row
 * whose one filled cell is a label and its numbers (`行政许可 97`) is that label and those numbers.
 */
function mergedCells(cells: readonly string[]): string[] {
  const filled = cells.filter((c) => c !== '');
  if (filled.length === 1) {
    const row = looseRow(filled[0]!);
    if (row && row.length >= 2 && !isValueLike(row[0]!)) return row;
  }
  return cells.flatMap((c) => {
    const parts = c.split(/\s+/);
    return parts.length >= 2 && parts.every(isValueLike) ? parts : [c];
  });
}

/** A row as a line of the row model: tab-separated cells (a single cell keeps a tab, to stay a row). */
function rowLine(cells: readonly string[]): string {
  return cells.length === 1 ? `${cells[0]}\t` : cells.join('\t');
}

export function readMarkdown(text: string, file: string): TextRead | null {
  if (!isMarkdown(text, file)) return null;
  const lines = reflow(blocks(text.split(/\r\n?|\n/)));
  joinTitle(lines);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    switch (l.t) {
      case 'break':
        out.push('');
        break;
      case 'model':
        out.push(l.s);
        break;
      case 'heading':
        // A heading stands alone: a blank line keeps it apart from the text around it.
        out.push('', l.s, '');
        break;
      case 'text': {
        // A number the next line goes on from (`不予公开 2` / `.其他…`) is an item's numbering, not a value.
        const after = lines[i + 1];
        const row = after?.t === 'text' && /^[.．、]/.test(after.s) ? null : looseRow(l.s);
        out.push(row ? rowLine(row) : l.s);
        break;
      }
      case 'row':
        // A row of nothing (merged-cell filler, a header the converter invented) says nothing.
        if (l.cells.every((c) => c === '') || (l.header && placeholderRow(l.cells))) break;
        out.push(rowLine(mergedCells(l.cells)));
        break;
    }
  }
  return { text: out.join('\n'), issues: [] };
}

/**
 * Lines of a report → raw table rows, whatever the layout the text came in:
 * - pipe: one cell per line ending in ` |` (web pages copied cell by cell); a bare `|` is a blank
 *   cell (or, in some exports, a row opener), `||`/`|||…` are the filler of merged cells;
 * - tab: one row per line, cells separated by tabs (PDF extraction, and HTML tables once laid out);
 * - inline pipes: `| 规章 | 0 | 0 | 0 |`, read like tab rows.
 * A tab cell holding only SPANNED (U+E000, a private-use character no report prints) is a grid column
 * covered by a merged cell printed elsewhere (HTML and Word tables): blank in the grid, and not one
 * of the cells the row printed.
 * A row is its label fragments and the cells that follow them; which template row it is, and which
 * of its cells are the values, is decided later by the matcher, which knows the template.
 */
import { compact, isSpaceLike } from './normalize.ts';
import { isValueLike } from './values.ts';

export interface RawRow {
  /** Label fragments in order, white space removed. */
  labels: string[];
  /** Label fragments of the valueless lines just before this row (wrapped labels). */
  prefix: string[];
  /** Cells after the last label, as printed ('' for blank). */
  cells: string[];
  kind: 'pipe' | 'tab';
  /** tab rows: column index of cells[0] in the printed row. */
  firstCol: number;
  /** 1-based line number where the row's values start, for messages. */
  line: number;
  /**
   * tab rows from a table with merged cells: the cells after the last label that the row printed
   * itself, in order, without the columns merged cells cover. Absent when no column was covered.
   */
  printed?: string[];
}

/** The mark of a grid column covered by a merged cell printed elsewhere (see the module comment). */
export const SPANNED = '\uE000';

type Token =
  | { t: 'text'; s: string; line: number }
  | { t: 'value'; s: string; line: number }
  | { t: 'blank'; line: number }
  | { t: 'filler'; line: number }
  | { t: 'row'; cells: string[]; line: number };

const PIPE = 124; // '|'
const TAB = 9;
/** Shared by the rows with no wrapped label before them (most): rows are read, never changed. */
const NO_LABELS: string[] = [];

function onlyPipes(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== PIPE) return false;
  return true;
}

function allBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c !== '') return false;
  return true;
}

/** One cell's content as a token: blank, a value, or a label fragment. */
function cellToken(content: string, lineNo: number): Token {
  if (content === '') return { t: 'blank', line: lineNo };
  return isValueLike(content) ? { t: 'value', s: content, line: lineNo } : { t: 'text', s: compact(content), line: lineNo };
}

/** A cell without white space at its ends; trim() only where an end may hold some (most cells: "0", "规章"). */
const trimmed = (c: string): string => (c !== '' && (isSpaceLike(c.charCodeAt(0)) || isSpaceLike(c.charCodeAt(c.length - 1))) ? c.trim() : c);

/** A tab line's cells, trimmed; null when all are blank (the line is white space, as trim() would find). */
export function tabCells(line: string): string[] | null {
  const cells = line.split('\t');
  let blank = true;
  for (let k = 0; k < cells.length; k++) {
    const c = trimmed(cells[k]!);
    cells[k] = c;
    if (c !== '') blank = false;
  }
  return blank ? null : cells;
}

function tokenize(line: string, lineNo: number): Token | null {
  // One look at the line for a tab and its first pipe (two searches cost more on lines this short).
  let pipeAt = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === TAB) {
      // Tab lines first: trimming the whole line would copy it (they often end in empty cells).
      const cells = tabCells(line);
      return cells ? { t: 'row', cells, line: lineNo } : null;
    }
    if (c === PIPE && pipeAt < 0) pipeAt = i;
  }
  // The common lines are read without trimming the whole line first (a copy): compact() drops white
  // space at the ends too, and a line ending in its only pipe is one cell ("0 |", "规章 |", "|").
  if (pipeAt < 0) {
    const text = compact(line);
    return text === '' ? null : { t: 'text', s: text, line: lineNo };
  }
  if (pipeAt === line.length - 1) return cellToken(trimmed(line.slice(0, pipeAt)), lineNo);
  const s = line.trim();
  const firstPipe = s.indexOf('|');
  if (onlyPipes(s)) return s.length === 1 ? { t: 'blank', line: lineNo } : { t: 'filler', line: lineNo };
  if (firstPipe === s.length - 1) return cellToken(s.slice(0, -1).trim(), lineNo);
  const parts = s.split('|').map((p) => p.trim());
  if (s.startsWith('|')) parts.shift();
  if (s.endsWith('|')) parts.pop();
  if (parts.length >= 2) return { t: 'row', cells: parts, line: lineNo };
  return cellToken(parts[0] ?? '', lineNo);
}

/** Reads lines [from, to) of a report into rows. */
export function readRows(lines: readonly string[], from: number, to: number): RawRow[] {
  const rows: RawRow[] = [];
  let labels: string[] = [];
  let prefix: string[] = [];
  let run: string[] = [];
  let runLine = 0;

  const flushRun = () => {
    if (run.length === 0) return;
    rows.push({ labels, prefix, cells: run, kind: 'pipe', firstCol: -1, line: runLine });
    labels = [];
    prefix = [];
    run = [];
  };

  for (let i = from; i < to; i++) {
    const tok = tokenize(lines[i]!, i + 1);
    if (!tok) continue;
    switch (tok.t) {
      case 'value':
      case 'blank':
        if (run.length === 0) runLine = tok.line;
        run.push(tok.t === 'value' ? tok.s : '');
        break;
      case 'filler':
        flushRun();
        break;
      case 'text':
        flushRun();
        labels.push(tok.s);
        break;
      case 'row': {
        flushRun();
        const spanned = tok.cells.includes(SPANNED);
        const row = spanned ? tok.cells.map((c) => (c === SPANNED ? '' : c)) : tok.cells;
        if (spanned && allBlank(row)) break;
        let last = -1;
        const own: string[] = [];
        for (let idx = 0; idx < row.length; idx++) {
          const c = row[idx]!;
          if (c !== '' && !isValueLike(c)) {
            last = idx;
            own.push(compact(c));
          }
        }
        // The token's array is this row's alone: no copy when no label precedes the cells.
        const cells = last < 0 ? row : row.slice(last + 1);
        const hasValue = !allBlank(cells);
        if (!hasValue && own.length > 0 && cells.length < 3) {
          // A label line with no room for values: a wrapped label or a header; keep it as context.
          labels.push(...own);
          break;
        }
        const raw: RawRow = { labels: own, prefix: prefix.length + labels.length === 0 ? NO_LABELS : prefix.concat(labels), cells, kind: 'tab', firstCol: last + 1, line: tok.line };
        if (spanned) raw.printed = tok.cells.slice(last + 1).filter((c) => c !== SPANNED);
        rows.push(raw);
        // A row without values may be a wrapped label's first half: the next row can borrow it.
        prefix = hasValue ? [] : own;
        labels = [];
        break;
      }
    }
  }
  flushRun();
  return rows;
}

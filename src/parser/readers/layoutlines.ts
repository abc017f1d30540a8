/**
 * One line of text laid out by a PDF tool (`pdftotext -layout`, or the PDF reader's own layout) →
 * its chunks and their positions. Runs of two or more spaces separate cells; a single space is part
 * of a cell ("2024 年", "第二十条 第（一）项"), except between numbers ("3001 53 0") and before a
 * number that follows a label on a line that holds other numbers too ("规章 1  0  11").
 */
import { isValueLike } from '../values.ts';

export interface Chunk {
  /** Column (character index) where the chunk starts, and one past its end. */
  x: number;
  end: number;
  s: string;
  value: boolean;
  /** A number split off the label it was printed one space after: where it starts says nothing of its column. */
  glued?: boolean;
  /** A number one space after the number before it: the tool pushed one against the other, so neither is where its column is. */
  tight?: boolean;
}

/** Full-width ASCII and the ideographic space, one character for one so that positions hold. */
export function halfWidthSameLength(line: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === 0x3000 || c === 0xa0) {
      out += ' ';
      changed = true;
    } else out += line[i];
  }
  return changed ? out : line;
}

const hasDigit = (s: string): boolean => /\d/.test(s);
/** A number chunk: a value with a digit in it; dashes count as values only beside numbers (see valueTail). */
export const isNumberChunk = (s: string): boolean => hasDigit(s) && isValueLike(s);

/** The chunks of a line, separated by runs of ≥ 2 spaces, with number runs split at single spaces. */
export function chunksOf(line: string): Chunk[] {
  const out: Chunk[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const s = m[0];
    const x = m.index;
    if (!s.includes(' ')) {
      out.push({ x, end: x + s.length, s, value: isValueLike(s) });
      continue;
    }
    // "3001 53 0 0": numbers one space apart are still separate cells.
    const words = [...s.matchAll(/\S+/g)];
    if (words.every((w) => isValueLike(w[0])) && words.some((w) => hasDigit(w[0]))) {
      for (const [i, w] of words.entries()) out.push({ x: x + w.index, end: x + w.index + w[0].length, s: w[0], value: true, ...(i > 0 ? { tight: true } : {}) });
      continue;
    }
    out.push({ x, end: x + s.length, s, value: false });
  }
  return out;
}

/**
 * Where a line's trailing values start (index into chunks), or -1 when it is not a number line: the
 * values are the run of value chunks after the last label chunk, holding at least one digit. A label
 * glued to its first number by one space ("规章 1") is split when the line has other numbers.
 */
export function valueTail(chunks: Chunk[]): number {
  let k = chunks.length;
  while (k > 0 && chunks[k - 1]!.value) k--;
  if (k === chunks.length) return -1;
  let digits = false;
  for (let i = k; i < chunks.length; i++) if (hasDigit(chunks[i]!.s)) digits = true;
  if (!digits) return -1;
  if (k > 0) {
    const label = chunks[k - 1]!;
    const m = /^(.*[^\d\s])\s(\S+)$/.exec(label.s);
    if (m && isNumberChunk(m[2]!)) {
      const head = m[1]!.trimEnd();
      chunks.splice(k - 1, 1, { x: label.x, end: label.x + head.length, s: head, value: false }, { x: label.end - m[2]!.length, end: label.end, s: m[2]!, value: true, glued: true });
      return k;
    }
  }
  return k;
}

/** Page furniture: a page number as footer or header (-3-, — 3 —, 第 3 页, 第3页 共6页, 3/6). */
const PAGE_NUMBER = /^\s*(?:[-—–－~]+\s*\d{1,4}\s*[-—–－~]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4})\s*$/;
export const isPageNumber = (line: string): boolean => PAGE_NUMBER.test(line);

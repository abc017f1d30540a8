/**
 * The reading-order output of PDF tools (`pdftotext` without `-layout`, copy-paste from a PDF viewer):
 * one cell per line, no separators, a row's label line(s) followed by its numbers one a line. A blank
 * cell is simply not there, so a row's numbers can be placed only when it prints all of them:
 * - a label followed by as many numbers as its template row has columns is that row (tab row);
 * - a run of numbers that is a multiple of that (the tool put several rows' numbers after one label,
 *   their own labels elsewhere) gives its first row only: the others' labels are not known;
 * - any other count leaves the row blank with `reading_order_short_row` — never a guessed column;
 * - section 4 (no labels in its one row) is read only from a run of all its numbers.
 * Declines text with tabs, pipes or numbers set apart by spaces (other readers' forms).
 */
import { ROWS, rowsOf, type TemplateVersion } from '../../lib/template.ts';
import type { ParseIssue } from '../../lib/types.ts';
import { detectTemplate } from '../meta.ts';
import { compact, detectScript, normalizeText } from '../normalize.ts';
import { findSections } from '../sections.ts';
import { halfWidthSameLength, isNumberChunk, isPageNumber } from './layoutlines.ts';
import type { TextRead } from './types.ts';

const NUMBERED = /^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．])/;

const numberLine = (s: string): boolean => {
  const t = s.trim();
  return t !== '' && !t.includes(' ') && isNumberChunk(t);
};

/** Many lines that are one number alone, none with tabs, pipes or spaced numbers. */
export function looksLikeReadingOrder(text: string): boolean {
  let alone = 0;
  let other = 0;
  for (const raw of text.split('\n')) {
    const line = halfWidthSameLength(raw);
    if (line.includes('\t') || line.includes('|')) other++;
    else if (/\d\s{2,}[-\d]/.test(line.trim())) other++;
    else if (numberLine(line)) alone++;
    if (other >= 3) return false;
  }
  return alone >= 20;
}

export function readReadingOrder(text: string, _file: string): TextRead | null {
  if (!looksLikeReadingOrder(text)) return null;
  const script = detectScript(text);
  const raw = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => halfWidthSameLength(l.replace(/\f/g, '')).trimEnd());
  const lines = raw.filter((l) => !isPageNumber(l));
  const plain = lines.map((l) => normalizeText(l, script));
  const template = detectTemplate(compact(plain.join('')));
  const ranges = findSections(plain);
  const issues: ParseIssue[] = [];
  const out: string[] = [];
  const defs = template ? rowsOf(template) : ROWS;
  const defOf = (label: string) => {
    const s = compact(label);
    return s === '' ? undefined : defs.find((d) => d.match.some((re) => re.test(s)));
  };
  const appealsWidth = template ? rowsOf(template, 'appeals').reduce((n, d) => n + d.cols.length, 0) : 15;
  const inAppeals = (i: number) => ranges.appeals !== undefined && i >= ranges.appeals.from && i < ranges.appeals.to;
  const inTables = (i: number) => Object.values(ranges).some((r) => r && i >= r.from && i < r.to);

  let i = 0;
  // Text lines waiting for numbers: the last of them (from its numbering on) are the next row's label.
  let pending: number[] = [];
  const flushText = (keep: number) => {
    for (const k of pending.slice(0, pending.length - keep)) out.push(lines[k]!);
    pending = pending.slice(pending.length - keep);
  };
  while (i < lines.length) {
    const line = lines[i]!;
    if (!numberLine(line) || !inTables(i)) {
      if (line.trim() !== '') pending.push(i);
      else if (pending.length === 0) out.push(line);
      i++;
      continue;
    }
    const start = i;
    const run: string[] = [];
    while (i < lines.length && (numberLine(lines[i]!) || lines[i]!.trim() === '')) {
      if (lines[i]!.trim() !== '') run.push(lines[i]!.trim());
      i++;
    }
    if (inAppeals(start)) {
      flushText(0);
      if (run.length === appealsWidth) out.push(run.join('\t'));
      else
        issues.push({
          level: 'warning',
          code: 'reading_order_short_row',
          message: `第 ${start + 1} 行起：行政复议、行政诉讼表有 ${run.length} 个数值，应有 ${appealsWidth} 个，无法确定各数值的栏目，按空白处理`,
        });
      continue;
    }
    // The label: the lines from the last numbered one (a wrapped label), else the last one, two or
    // three lines, whichever first names a template row.
    let take = 0;
    for (let k = pending.length - 1; k >= Math.max(0, pending.length - 3) && take === 0; k--)
      if (NUMBERED.test(compact(plain[pending[k]!]!))) take = pending.length - k;
    if (take === 0)
      for (let k = 1; k <= Math.min(3, pending.length) && take === 0; k++)
        if (defOf(pending.slice(-k).map((n) => plain[n]!).join(''))) take = k;
    const labelLines = take > 0 ? pending.slice(-take) : [];
    flushText(labelLines.length);
    pending = [];
    const label = labelLines.map((k) => compact(lines[k]!)).join('');
    const def = defOf(labelLines.map((k) => plain[k]!).join(''));
    if (!def) {
      if (label) out.push(label);
      continue;
    }
    const k = def.cols.length;
    if (run.length % k === 0) out.push([label, ...run.slice(0, k)].join('\t'));
    else {
      out.push(label);
      issues.push({
        level: 'warning',
        code: 'reading_order_short_row',
        message: `第 ${start + 1} 行起：${def.label} 有 ${run.length} 个数值，应有 ${k} 个（逐行文本不保留空白单元格的位置），按空白处理`,
      });
    }
  }
  flushText(0);
  return { text: out.join('\n'), issues };
}

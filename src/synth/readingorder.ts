/**
 * The `reading-order` form: a report's PDF as `pdftotext` prints it without `-layout` (or a PDF viewer
 * copies it): one cell a line in reading order, a row's label (wrapped over one to three lines) then its
 * printed numbers one a line, a blank cell not there at all. Variants: label wrap width, blank lines
 * between cells, group labels on lines of their own or one character a line, column headers one word a
 * line, page numbers and form feeds between rows, full-width digits.
 */
import { APPLICANT_COLS, SECTIONS, type TemplateVersion } from '../lib/template.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, activeBlocks, appealModel, headings, requestRows } from './model.ts';
import type { Prose } from './prose.ts';
import { type Rng, chance, int, pick } from './random.ts';

type Cells = Record<string, number | null>;

export interface ReadingOrderStyle {
  /** Characters a label line holds before it wraps. */
  labelWidth: number;
  /** A blank line after every cell. */
  spaced: boolean;
  /** 三、本年度办理结果: one line, one character a line, or not printed. */
  group: 'line' | 'vertical' | 'none';
  /** Rows of section 3 after which a page ends. */
  pageBreaks: number[];
  footer: 'dash' | 'emdash' | 'page' | 'formfeed';
  fullWidthDigits: boolean;
}

export function randomReadingOrderStyle(rng: Rng): ReadingOrderStyle {
  const breaks = [...new Set(Array.from({ length: int(rng, 0, 2) }, () => int(rng, 2, 22)))].sort((a, b) => a - b);
  return {
    labelWidth: int(rng, 8, 30),
    spaced: chance(rng, 0.4),
    group: pick(rng, ['line', 'vertical', 'none'] as const),
    pageBreaks: breaks,
    footer: pick(rng, ['dash', 'emdash', 'page', 'formfeed'] as const),
    fullWidthDigits: chance(rng, 0.15),
  };
}

const FULL = (s: string) => s.replace(/[0-9.\-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function wrap(s: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += width) out.push(s.slice(i, i + width));
  return out;
}

export function readingOrderDocument(t: TemplateVersion, cells: Cells, p: Prose, style: ReadingOrderStyle): string {
  const out: string[] = [];
  const cell = (s: string) => {
    out.push(s);
    if (style.spaced) out.push('');
  };
  const nums = (keys: readonly string[]) => {
    for (const k of keys) {
      const v = cells[k];
      if (v !== null && v !== undefined) cell(style.fullWidthDigits ? FULL(String(v)) : String(v));
    }
  };
  let page = 1;
  const pageBreak = () => {
    if (style.footer === 'dash') out.push(`-${page}-`);
    else if (style.footer === 'emdash') out.push(`— ${page} —`);
    else if (style.footer === 'page') out.push(`第 ${page} 页`);
    out.push('\f');
    page++;
  };
  // A label wraps over at most three lines.
  const label = (s: string) => wrap(s, Math.max(style.labelWidth, Math.ceil(s.length / 3))).forEach(cell);
  const heads = headings(SECTIONS);
  out.push(...p.title, '', ...p.intro, heads[0]!, ...p.overview);
  pageBreak();
  out.push(heads[1]!);
  for (const b of activeBlocks(t)) {
    cell(`第二十条第（${b.article}）项`);
    cell('信息内容');
    b.colLabels.forEach(cell);
    for (const r of b.rows) {
      label(r.label);
      nums(r.keys);
    }
  }
  out.push(heads[2]!);
  cell(APPLICANT_HEADING);
  cell(BALANCE_NOTE);
  APPLICANT_COLS.map((c) => c.label.split(' ').pop()!).forEach(cell);
  const rows = requestRows(t);
  const firstResult = rows.findIndex((r) => r.kind !== 'top');
  rows.forEach((r, index) => {
    if (index === firstResult) {
      if (style.group === 'line') cell(RESULT_GROUP);
      // 三、 then one character a line, as a vertical label comes out of a PDF.
      else if (style.group === 'vertical') [RESULT_GROUP.slice(0, 2), ...RESULT_GROUP.slice(2)].forEach(cell);
    }
    if (r.kind === 'sub' && r.index === 0) cell(r.group!);
    label(r.text);
    nums(r.keys);
    if (style.pageBreaks.includes(index)) pageBreak();
  });
  out.push(heads[3]!);
  const m = appealModel(t);
  m.heads.forEach(cell);
  m.litigation.forEach(cell);
  for (let j = 0; j < 3; j++) m.colLabels.forEach(cell);
  nums(m.keys);
  out.push(heads[4]!, ...p.problems, heads[5]!, ...p.other, ...p.signature);
  pageBreak();
  return out.join('\n').replace(/\n\f\n/g, '\n\f');
}

/**
 * What a correct reader gives back: a row whose printed numbers are fewer than its columns cannot be
 * placed (reading order keeps no position for a blank), so that whole row reads blank; the appeals
 * row likewise.
 */
export function readingOrderExpected(t: TemplateVersion, cells: Cells): Cells {
  const out: Cells = { ...cells };
  const rows: (readonly string[])[] = [
    ...activeBlocks(t).flatMap((b) => b.rows.map((r) => r.keys)),
    ...requestRows(t).map((r) => r.keys),
    appealModel(t).keys,
  ];
  for (const keys of rows) if (keys.some((k) => cells[k] === null)) for (const k of keys) out[k] = null;
  return out;
}

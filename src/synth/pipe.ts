/**
 * The `pipe` and `pipe-opener` layouts (reports 000, 002 and 001): a web page's table flattened to one
 * cell per line ending in ` |`, `||…` lines between table rows. pipe-opener also opens every table
 * row with a bare `|` line, so its blank cells print as ` |` to stay distinct from that opener.
 */
import type { TemplateVersion } from '../lib/template.ts';
import { halfWidth, num, splitPair } from './format.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, activeBlocks, appealModel, applicantHeader, requestRows } from './model.ts';

/** A printed table row: label texts, and values (a number, or null for a blank cell). */
type Cell = { label: string } | { value: number | null };
interface Row {
  cells: Cell[];
  /** The filler line after the row, if any. */
  sep: string | null;
}

const L = (label: string): Cell => ({ label });
const values = (cells: Record<string, number | null>, keys: string[]): Cell[] => keys.map((k) => ({ value: cells[k] ?? null }));

function activeRows(t: TemplateVersion, cells: Record<string, number | null>, v: number): Row[] {
  const rows: Row[] = [];
  const blocks = activeBlocks(t);
  const articleGap = v % 4 === 0 ? ' ' : ''; // 002 prints 第二十条 第(一)项
  blocks.forEach((b, bi) => {
    const single = b.colLabels.length === 1;
    rows.push({ cells: [L(`第二十条${articleGap}第(${b.article})项`)], sep: '|||' });
    rows.push({ cells: [L('信息内容'), ...b.colLabels.map(L)], sep: single ? '||' : null });
    b.rows.forEach((r, ri) => {
      const last = bi === blocks.length - 1 && ri === b.rows.length - 1;
      rows.push({ cells: [L(r.label), ...values(cells, r.keys)], sep: single && !last ? '||' : null });
    });
  });
  return rows;
}

function requestTableRows(t: TemplateVersion, cells: Record<string, number | null>): Row[] {
  const h = applicantHeader();
  const rows: Row[] = [
    { cells: [L(BALANCE_NOTE), L(APPLICANT_HEADING)], sep: '||||||||' },
    { cells: [...h.single, h.group, h.total].map(L), sep: '|||||||' },
    { cells: h.parts.map((p) => L(splitPair(p))), sep: '|||||' },
  ];
  let firstResult = true;
  const model = requestRows(t);
  model.forEach((r, i) => {
    const last = i === model.length - 1;
    const labels: string[] = [];
    if (r.kind === 'result' && firstResult) labels.push(RESULT_GROUP);
    if (r.kind === 'sub' && r.index === 0) labels.push(r.group!);
    labels.push(r.text);
    // The first row under a group header is followed by `|`, the others by `||`, as 000 prints them.
    const opensGroup = labels.length > 1;
    if (r.kind !== 'top') firstResult = false;
    rows.push({ cells: [...labels.map(L), ...values(cells, r.keys)], sep: last ? null : opensGroup ? '|' : '||' });
  });
  return rows;
}

function appealRows(t: TemplateVersion, cells: Record<string, number | null>, v: number): Row[] {
  const m = appealModel(t);
  // 000 prints the column heads cut to their first two characters (all but the very first).
  const cut = v % 5 === 1;
  const short = m.colLabels.map((c) => (cut ? c.slice(0, 2) : c));
  return [
    { cells: m.heads.map(L), sep: '|||||||||||||' },
    { cells: [m.colLabels[0]!, ...short.slice(1), ...m.litigation].map(L), sep: '||||||||' },
    { cells: [...short, ...short].map(L), sep: '|||||' },
    { cells: values(cells, m.keys), sep: null },
  ];
}

function emit(rows: Row[], opener: boolean, closed = true): string[] {
  const out: string[] = [];
  rows.forEach((row, i) => {
    if (opener) out.push('|');
    // 001 closes its first two tables with `||` but runs the appeals values straight into section 5.
    for (const c of row.cells) out.push('label' in c ? `${halfWidth(c.label)} |` : c.value === null ? (opener ? ' |' : '|') : `${num(c.value)} |`);
    const sep = row.sep ?? (opener && closed && i === rows.length - 1 ? '||' : null);
    if (sep) out.push(sep);
  });
  return out;
}

/** The three tables as lines, in section order. */
export function pipeTables(t: TemplateVersion, cells: Record<string, number | null>, opener: boolean, v: number): string[][] {
  return [emit(activeRows(t, cells, v), opener), emit(requestTableRows(t, cells), opener), emit(appealRows(t, cells, v), opener, false)];
}

/**
 * The `tab` and `tab-wrapped` layouts: text extracted from a PDF, one table row per line with cells
 * separated by tabs and empty spacer cells where the PDF had merged cells (003). tab-wrapped (004) is
 * the harder extraction: labels wrapped with spaces inside words, group labels split over the middle
 * rows of their group, a page break splitting a row label from its continuation line.
 */
import type { TemplateVersion } from '../lib/template.ts';
import { num, pdfLabel, splitPair } from './format.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, type RequestRow, activeBlocks, appealModel, applicantHeader, requestRows } from './model.ts';

type Cells = Record<string, number | null>;

const pad = (cells: string[], width: number): string => [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')].join('\t');
const vals = (cells: Cells, keys: string[], wrapped: boolean): string[] =>
  // PDF text gives no position for an empty cell, so the wrapped layout never prints one (see expectedCells).
  keys.map((k) => (wrapped ? num(cells[k] ?? 0) : num(cells[k])));

function activeLines(t: TemplateVersion, cells: Cells, wrapped: boolean): string[] {
  const out: string[] = [];
  let narrowSeen = false;
  for (const b of activeBlocks(t)) {
    // 004 prints its two-column articles as a separate, narrower table after a blank line.
    const width = b.colLabels.length === 2 ? 3 : 4;
    if (width === 3 && !narrowSeen) {
      out.push('');
      narrowSeen = true;
    } else if (wrapped && t === '2021' && b.article === '八') out.push('');
    const article = width === 3 ? `第二十条第(${b.article})项` : `第二十条第（${b.article}）项`;
    out.push(pad([article], width));
    out.push(pad(['信息内容', ...b.colLabels], width));
    for (const r of b.rows) out.push(pad([r.label, ...vals(cells, r.keys, wrapped)], width));
  }
  return out;
}

function requestHeader(wrapped: boolean): string[] {
  const h = applicantHeader();
  const note = wrapped ? '(本列数据的勾稽关系为: 第一项加第二项之和, 等于 第三项加第四项之和)' : pdfLabel(BALANCE_NOTE).replace(/, /g, '，');
  return [
    [note, '', APPLICANT_HEADING, '', '', '', '', '', h.total, ''].join('\t'),
    ['', '', ...h.single, h.group, '', '', '', '', '', ''].join('\t'),
    ['', '', '', ...h.parts, '', ''].join('\t'),
  ];
}

function requestLinesFlat(t: TemplateVersion, cells: Cells): string[] {
  const out = requestHeader(false);
  let firstResult = true;
  for (const r of requestRows(t)) {
    const v = vals(cells, r.keys, false).join('\t');
    const text = pdfLabel(r.text);
    if (r.kind === 'top') out.push(`${text}\t\t${v}\t`);
    else if (r.kind === 'result') {
      // 003 prints 总计 shifted into the first column.
      if (r.row === 'total') out.push(`${text}\t\t${v}\t`);
      else out.push(`${firstResult ? RESULT_GROUP : ''}\t${text}\t${v}\t`);
      firstResult = false;
    } else if (r.index === r.groupSize - 1 && r.row === 'other_other') out.push(`${text}\t\t${v}\t`);
    else out.push(`\t${r.index === 0 ? pdfLabel(r.group!) : ''}\t${text}\t${v}`);
  }
  return out;
}

/** `N. ` then the first four characters, then five per line: how 004's narrow column wraps a label. */
function wrapItem(label: string): string[] {
  const m = /^(\d+\.)\s*(.*)$/.exec(label);
  const [prefix, body] = m ? [`${m[1]} `, m[2]!] : ['', label];
  const chunks = [body.slice(0, 4)];
  for (let i = 4; i < body.length; i += 5) chunks.push(body.slice(i, i + 5));
  return [prefix + chunks[0], ...chunks.slice(1)];
}

/** The rows that end a PDF page: the page break falls inside their label. */
const PAGE_END_ROWS = new Set(['denied_three_safety', 'rejected_confirm']);

function requestLinesWrapped(t: TemplateVersion, cells: Cells): string[] {
  const out = requestHeader(true);
  const rows = requestRows(t);
  let page = 0;
  let firstResult = true;
  let outerPending = false;
  // Group labels on later pages sit on the middle rows of the group's part of that page.
  const midOf = (r: RequestRow): number => {
    const onPage = rows.filter((o) => o.group === r.group && pageOf(o) === page);
    return onPage.indexOf(r) - Math.floor((onPage.length - 1) / 2);
  };
  const pageOf = (r: RequestRow): number => {
    let p = 0;
    for (const o of rows) {
      if (o === r) return p;
      if (PAGE_END_ROWS.has(o.row)) p++;
    }
    return p;
  };
  for (const r of rows) {
    const v = vals(cells, r.keys, true).join('\t');
    const text = pdfLabel(r.text);
    let outer = '';
    if (r.kind === 'top') {
      const m = /^(.、)(.*)$/.exec(text);
      if (r.row === 'carried_forward' || !m) out.push(`${text}\t\t\t${v}`);
      else out.push(`${m[1]}\t${m[2]}\t${v}\t`);
      continue;
    }
    // The outer label 三、本年度办理结果 is printed again on each page: spaced out at the first new group
    // of page 2 (as 004 does), plain at the first row of page 3.
    if (firstResult) outer = '三、';
    else if (outerPending && (page > 1 || (r.kind === 'sub' && r.index === 0))) {
      outer = page === 1 ? `三、 ${RESULT_GROUP.slice(2).split('').join(' ')}` : RESULT_GROUP;
      outerPending = false;
    }
    firstResult = false;
    if (r.kind === 'result') {
      if (page === 0) out.push(`${outer}\t${text}\t${v}\t`);
      else out.push(`${outer}\t${text}\t\t${v}`);
      continue;
    }
    const item = page === 0 ? [text] : wrapItem(text);
    let groupCell = '';
    if (page === 0) groupCell = r.index === 0 ? pdfLabel(r.group!) : '';
    else {
      const at = midOf(r);
      const g = pdfLabel(r.group!);
      const [number, name] = [g.slice(0, 3), g.slice(3).trim()];
      groupCell = at === 0 ? number : at === 1 ? splitPair(name) : '';
    }
    if (PAGE_END_ROWS.has(r.row)) {
      // The page ends inside the label: a fragment with the values, a blank line, then the rest.
      const [fragment, rest] =
        page === 0 ? [text.slice(0, text.indexOf(' ') + 6), text.slice(text.indexOf(' ') + 6)] : [item.slice(0, 2).join(' '), item.slice(2).join('')];
      if (page === 0) out.push(`${fragment}\t\t${v}\t`);
      else out.push(`${outer}\t${groupCell}\t${fragment}\t${v}`);
      out.push('');
      out.push(pad(['', '', rest], 10));
      page++;
      outerPending = true;
      continue;
    }
    out.push(`${outer}\t${groupCell}\t${item.join(' ')}\t${v}`);
  }
  return out;
}

function appealLines(t: TemplateVersion, cells: Cells, wrapped: boolean): string[] {
  const m = appealModel(t);
  const cols = wrapped ? m.colLabels : m.colLabels.map(splitPair);
  const [review, litigation] = m.heads;
  return [
    pad([review!, '', '', '', '', litigation!], 15),
    [...cols, m.litigation[0]!, '', '', '', '', m.litigation[1]!, '', '', '', ''].join('\t'),
    ['', '', '', '', '', ...cols, ...cols].join('\t'),
    vals(cells, m.keys, wrapped).join('\t'),
  ];
}

export function tabTables(t: TemplateVersion, cells: Cells, wrapped: boolean): string[][] {
  return [activeLines(t, cells, wrapped), wrapped ? requestLinesWrapped(t, cells) : requestLinesFlat(t, cells), appealLines(t, cells, wrapped)];
}

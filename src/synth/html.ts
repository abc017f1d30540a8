/**
 * The `html` layout: the report as a government website prints it, one <table> per section with
 * colspan/rowspan on the headers and label cells, &nbsp; in blank cells and markup inside cells.
 */
import type { TemplateVersion } from '../lib/template.ts';
import { escapeHtml, num } from './format.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, activeBlocks, appealModel, applicantHeader, requestRows } from './model.ts';
import type { Prose } from './prose.ts';

type Cells = Record<string, number | null>;

/** Website editors wrap cell text in assorted markup; `v` picks this report's habit. */
function td(text: string, v: number, attrs = ''): string {
  const body = text === '' ? '&nbsp;' : escapeHtml(text);
  const a = attrs ? ` ${attrs}` : '';
  switch (v % 3) {
    case 0:
      return `<td${a}>${body}</td>`;
    case 1:
      return `<td${a} valign="center"><p style="text-align:center"><span style="font-family:宋体;font-size:14px">${body}</span></p></td>`;
    default:
      return `<td${a}><p>${body}</p></td>`;
  }
}

const row = (cells: string[]): string => `<tr>${cells.join('')}</tr>`;
const table = (rows: string[]): string => `<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse" width="100%"><tbody>\n${rows.join('\n')}\n</tbody></table>`;

function activeTable(t: TemplateVersion, cells: Cells, v: number): string {
  const rows: string[] = [];
  const width = 3;
  for (const b of activeBlocks(t)) {
    // The last value cell spans what is left of the three value columns.
    const spans = (n: number) => (i: number) => (i === n - 1 && n < width ? `colspan="${width - n + 1}"` : '');
    const span = spans(b.colLabels.length);
    rows.push(row([td(`第二十条第（${b.article}）项`, v, `colspan="${width + 1}"`)]));
    rows.push(row([td('信息内容', v), ...b.colLabels.map((c, i) => td(c, v, span(i)))]));
    for (const r of b.rows) rows.push(row([td(r.label, v), ...r.keys.map((k, i) => td(num(cells[k]), v, span(i)))]));
  }
  return table(rows);
}

function requestTable(t: TemplateVersion, cells: Cells, v: number): string {
  const h = applicantHeader();
  const rows = [
    row([td(BALANCE_NOTE, v, 'colspan="3" rowspan="3"'), td(APPLICANT_HEADING, v, 'colspan="7"')]),
    row([...h.single.map((c) => td(c, v, 'rowspan="2"')), td(h.group, v, `colspan="${h.parts.length}"`), td(h.total, v, 'rowspan="2"')]),
    row(h.parts.map((p) => td(p, v))),
  ];
  const model = requestRows(t);
  const outcomeRows = model.filter((r) => r.kind !== 'top').length;
  let firstResult = true;
  for (const r of model) {
    const values = r.keys.map((k) => td(num(cells[k]), v));
    const labels: string[] = [];
    if (r.kind === 'top') labels.push(td(r.text, v, 'colspan="3"'));
    else {
      if (firstResult) labels.push(td(RESULT_GROUP, v, `rowspan="${outcomeRows}"`));
      firstResult = false;
      if (r.kind === 'result') labels.push(td(r.text, v, 'colspan="2"'));
      else {
        if (r.index === 0) labels.push(td(r.group!, v, `rowspan="${r.groupSize}"`));
        labels.push(td(r.text, v));
      }
    }
    rows.push(row([...labels, ...values]));
  }
  return table(rows);
}

function appealTable(t: TemplateVersion, cells: Cells, v: number): string {
  const m = appealModel(t);
  const n = m.colLabels.length;
  return table([
    row([td(m.heads[0]!, v, `colspan="${n}"`), td(m.heads[1]!, v, `colspan="${n * m.litigation.length}"`)]),
    row([...m.colLabels.map((c) => td(c, v, 'rowspan="2"')), ...m.litigation.map((l) => td(l, v, `colspan="${n}"`))]),
    row(m.litigation.flatMap(() => m.colLabels.map((c) => td(c, v)))),
    row(m.keys.map((k) => td(num(cells[k]), v))),
  ]);
}

const para = (s: string): string => `<p style="text-indent:2em">${escapeHtml(s)}</p>`;
const heading = (s: string): string => `<p><strong>${escapeHtml(s)}</strong></p>`;

export function htmlDocument(t: TemplateVersion, cells: Cells, p: Prose, heads: string[], charset: string, v: number): string {
  const title = p.title.join('') || heads[0]!;
  const body = [
    ...p.title.map((l) => `<h1 style="text-align:center">${escapeHtml(l)}</h1>`),
    ...p.intro.map(para),
    heading(heads[0]!),
    ...p.overview.map((l) => (/^（.）/.test(l) ? heading(l) : para(l))),
    heading(heads[1]!),
    activeTable(t, cells, v),
    heading(heads[2]!),
    requestTable(t, cells, v),
    heading(heads[3]!),
    appealTable(t, cells, v),
    heading(heads[4]!),
    ...p.problems.map(para),
    heading(heads[5]!),
    ...p.other.map(para),
    ...p.signature.map((l) => `<p style="text-align:right">${escapeHtml(l)}</p>`),
  ];
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div class="article">
<div class="article-content" id="zoom">
${body.join('\n')}
</div>
</div>
</body>
</html>
`;
}

/**
 * The `html` layout: the report as a government website prints it, one <table> per section with
 * colspan/rowspan on the headers and label cells, &nbsp; in blank cells and markup inside cells.
 * Two habits vary with `v` besides the cell markup: a page saved from Word ("Web page, filtered" or
 * not: <o:p>, mso- styles, conditional comments, nested spans, empty paragraphs, the hidden row of
 * column widths), and colspans in the data rows that disagree with the header's (Word's finer grid):
 * each row still prints exactly one cell per value.
 */
import type { TemplateVersion } from '../lib/template.ts';
import { escapeHtml, num } from './format.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, activeBlocks, appealModel, applicantHeader, requestRows } from './model.ts';
import type { Prose } from './prose.ts';

type Cells = Record<string, number | null>;

/** The habits of one page, from its variant number. */
export interface Habits {
  /** Saved from Word: its markup around every cell and paragraph. */
  word: boolean;
  /** Data rows' colspans disagree with the header's. */
  disagree: boolean;
}

export const htmlHabitsOf = (v: number): Habits => ({ word: ((v >>> 4) & 3) === 1, disagree: ((v >>> 6) & 1) === 1 });

/** A cell as Word's HTML export writes it: MsoNormal paragraphs, nested spans, <o:p> marks. */
function wordTd(text: string, attrs: string): string {
  const style = `width:42.0pt;border:solid windowtext 1.0pt;border-top:none;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt`;
  const a = attrs ? ` ${attrs}` : '';
  if (text === '') return `<td${a} valign=top style='${style}'><p class=MsoNormal align=center style='text-align:center'><span lang=EN-US style='font-size:10.5pt'><o:p>&nbsp;</o:p></span></p></td>`;
  const digits = /^-?[\d.]+$/.test(text);
  // Word splits a run where the language or font changes, and marks spaces it keeps with mso-spacerun.
  const body = digits
    ? `<span lang=EN-US style='font-size:10.5pt;font-family:"Times New Roman",serif'>${escapeHtml(text)}<o:p></o:p></span>`
    : text.length > 6
      ? `<span style='font-size:10.5pt;font-family:宋体;mso-ascii-font-family:"Times New Roman"'>${escapeHtml(text.slice(0, 4))}<span lang=EN-US><span style='mso-spacerun:yes'>&nbsp;</span></span>${escapeHtml(text.slice(4))}<span lang=EN-US><o:p></o:p></span></span>`
      : `<span style='font-size:10.5pt;font-family:宋体'>${escapeHtml(text)}<span lang=EN-US><o:p></o:p></span></span>`;
  return `<td${a} valign=center style='${style}'><p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>${body}</p></td>`;
}

/** Website editors wrap cell text in assorted markup; `v` picks this report's habit. */
function td(text: string, v: number, attrs = ''): string {
  if (htmlHabitsOf(v).word) return wordTd(text, attrs.replace(/"/g, ''));
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
function table(rows: string[], v: number, columns: number): string {
  if (!htmlHabitsOf(v).word)
    return `<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse" width="100%"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
  // Word closes a table with a hidden row of column widths, shown only to old browsers.
  const widths = `<![if !supportMisalignedColumns]>\n<tr height=0>${Array.from({ length: columns }, () => "<td width=56 style='border:none'></td>").join('')}</tr>\n<![endif]>`;
  return `<div align=center>\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n${rows.map((r, i) => r.replace('<tr>', `<tr style='mso-yfti-irow:${i};height:20.0pt'>`)).join('\n')}\n${widths}\n</table>\n</div>`;
}

/**
 * The colspans of a data row's value cells where they disagree with the header: every third value
 * cell spans two columns (`offset` picks which), so the grid no longer lines up with the header's.
 */
const valueSpan = (v: number, i: number): string => (htmlHabitsOf(v).disagree && (i + (v >>> 7)) % 3 === 0 ? 'colspan="2"' : '');

function activeTable(t: TemplateVersion, cells: Cells, v: number): string {
  const rows: string[] = [];
  const width = 3;
  for (const b of activeBlocks(t)) {
    // The last value cell spans what is left of the three value columns.
    const spans = (n: number) => (i: number) => (i === n - 1 && n < width ? `colspan="${width - n + 1}"` : '');
    const span = spans(b.colLabels.length);
    rows.push(row([td(`第二十条第（${b.article}）项`, v, `colspan="${width + 1}"`)]));
    rows.push(row([td('信息内容', v), ...b.colLabels.map((c, i) => td(c, v, span(i)))]));
    for (const r of b.rows) rows.push(row([td(r.label, v), ...r.keys.map((k, i) => td(num(cells[k]), v, span(i) || valueSpan(v, i)))]));
  }
  return table(rows, v, width + 1);
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
    const values = r.keys.map((k, i) => td(num(cells[k]), v, valueSpan(v, i)));
    const labels: string[] = [];
    // Word's finer grid: a top row's label spans two columns, not the header's three.
    if (r.kind === 'top') labels.push(td(r.text, v, htmlHabitsOf(v).disagree ? 'colspan="2"' : 'colspan="3"'));
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
  return table(rows, v, 10);
}

function appealTable(t: TemplateVersion, cells: Cells, v: number): string {
  const m = appealModel(t);
  const n = m.colLabels.length;
  return table(
    [
      row([td(m.heads[0]!, v, `colspan="${n}"`), td(m.heads[1]!, v, `colspan="${n * m.litigation.length}"`)]),
      row([...m.colLabels.map((c) => td(c, v, 'rowspan="2"')), ...m.litigation.map((l) => td(l, v, `colspan="${n}"`))]),
      row(m.litigation.flatMap(() => m.colLabels.map((c) => td(c, v)))),
      row(m.keys.map((k, i) => td(num(cells[k]), v, valueSpan(v, i)))),
    ],
    v,
    n * (1 + m.litigation.length),
  );
}

const plainPara = (s: string): string => `<p style="text-indent:2em">${escapeHtml(s)}</p>`;
const plainHeading = (s: string): string => `<p><strong>${escapeHtml(s)}</strong></p>`;

/** Word's paragraphs: digits in runs of their own (lang=EN-US), an <o:p> at the end. */
function wordRuns(s: string): string {
  return s
    .split(/(\d+)/)
    .filter((x) => x !== '')
    .map((x) => (/^\d/.test(x) ? `<span lang=EN-US>${x}</span>` : escapeHtml(x)))
    .join('');
}
const wordPara = (s: string): string =>
  `<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly'><span style='font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:"Times New Roman"'>${wordRuns(s)}<span lang=EN-US><o:p></o:p></span></span></p>`;
const wordHeading = (s: string): string =>
  `<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-size:16.0pt;font-family:黑体'>${wordRuns(s)}</span></b><b><span lang=EN-US style='font-size:16.0pt'><o:p></o:p></span></b></p>`;
/** Word leaves empty paragraphs where the author pressed Enter twice. */
const WORD_EMPTY = `<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>`;

const WORD_HEAD = `<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml>
 <o:DocumentProperties><o:Author>admin</o:Author><o:Pages>6</o:Pages></o:DocumentProperties>
</xml><![endif]-->
<!--[if gte mso 9]><xml>
 <w:WordDocument><w:View>Print</w:View><w:TrackMoves>false</w:TrackMoves></w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face {font-family:宋体; panose-1:2 1 6 0 3 1 1 1 1 1;}
p.MsoNormal, li.MsoNormal, div.MsoNormal {mso-style-parent:""; margin:0cm; text-align:justify; font-size:10.5pt;}
-->
</style>
<!--[if gte mso 10]>
<style>table.MsoNormalTable {mso-style-name:普通表格; mso-tstyle-rowband-size:0;}</style>
<![endif]-->`;

export function htmlDocument(t: TemplateVersion, cells: Cells, p: Prose, heads: string[], charset: string, v: number): string {
  const title = p.title.join('') || heads[0]!;
  const word = htmlHabitsOf(v).word;
  const para = word ? wordPara : plainPara;
  const heading = word ? (s: string) => `${WORD_EMPTY}\n${wordHeading(s)}` : plainHeading;
  const titleLine = word
    ? (l: string) => `<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;font-family:方正小标宋简体'>${wordRuns(l)}<span lang=EN-US><o:p></o:p></span></span></b></p>`
    : (l: string) => `<h1 style="text-align:center">${escapeHtml(l)}</h1>`;
  const body = [
    ...p.title.map(titleLine),
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
    ...p.signature.map((l) => (word ? `<p class=MsoNormal align=right style='text-align:right'><span style='font-size:16.0pt'>${wordRuns(l)}<o:p></o:p></span></p>` : `<p style="text-align:right">${escapeHtml(l)}</p>`)),
  ];
  if (word)
    return `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=${charset}">
${WORD_HEAD}
<title>${escapeHtml(title)}</title>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<div class=WordSection1 style='layout-grid:15.6pt'>
${body.join('\n')}
</div>
</body>
</html>
`;
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

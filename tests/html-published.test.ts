/**
 * HTML as bodies publish it: pages saved from Word (<o:p>, mso- styles, conditional comments, nested
 * spans, empty paragraphs, &nbsp;) and tables whose data rows' colspans disagree with the header's.
 * Random values are rendered by the synth's HTML renderer with each habit forced on, and parsed back
 * exactly; hand-written snippets pin the rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsOf, collapsedKeys, type CellDef, type TemplateVersion } from '../src/lib/template.ts';
import { htmlToLines, htmlToLinesSlow } from '../src/parser/html.ts';
import { scanHtml } from '../src/parser/htmlscan.ts';
import { parseDocument } from '../src/parser/index.ts';
import { renderReport, renderText, templateOfYear, type SynthReport } from '../src/synth/index.ts';
import { htmlHabitsOf, type Habits } from '../src/synth/html.ts';
import { variantOf } from '../src/synth/random.ts';
import { printedOrBlank } from './helpers/cell-values.ts';

const ORGS = ['江源街道办事处', '横峰县人民政府办公室', '北京市海淀区人民政府', '广州市天河区教育局', '孝义市新义街道办事处', '临湘市民政局'];

const valueOf = (cell: CellDef): fc.Arbitrary<number | null> => printedOrBlank(cell, 4);

/** Reports whose page has the habit `want` (the habit follows from the report's identity). */
function reportArb(want: (h: Habits) => boolean): fc.Arbitrary<SynthReport> {
  return fc
    .record({
      year: fc.integer({ min: 2019, max: 2025 }),
      org: fc.constantFrom(...ORGS),
      script: fc.constantFrom('simplified' as const, 'traditional' as const),
      encoding: fc.constantFrom('utf8' as const, 'gb18030' as const),
    })
    .filter(({ org, year }) => want(htmlHabitsOf(variantOf(`${org}|${year}|html`))))
    .chain(({ year, org, script, encoding }) => {
      const template: TemplateVersion = templateOfYear(year);
      const collapsed = collapsedKeys(template);
      const cells = fc.record(Object.fromEntries(cellsOf(template).map((c) => [c.key, collapsed.has(c.key) ? fc.constant(null) : valueOf(c)])));
      return cells.map((c) => ({ org, year, template, script, layout: 'html' as const, encoding, cells: c as Record<string, number | null> }));
    });
}

const roundTrip = (r: SynthReport) => {
  const { bytes } = renderReport(r);
  const { report } = parseDocument('report.html', bytes);
  expect(report.template).toBe(r.template);
  expect(report.org).toBe(r.org);
  expect(report.year).toBe(r.year);
  expect(report.cells).toEqual(r.cells);
  expect(report.errors.map((e) => e.code)).not.toContain('blank_cells_ambiguous');
};

describe('synth HTML with the habits of published pages parses back exactly', () => {
  it('pages saved from Word', () => {
    fc.assert(fc.property(reportArb((h) => h.word), roundTrip), { numRuns: 40, seed: 1202 });
  });
  it('data rows whose colspans disagree with the header', () => {
    fc.assert(fc.property(reportArb((h) => h.disagree), roundTrip), { numRuns: 40, seed: 1203 });
  });
  it('both at once', () => {
    fc.assert(fc.property(reportArb((h) => h.word && h.disagree), roundTrip), { numRuns: 25, seed: 1204 });
  });
  it('the Word habit writes what Word writes', () => {
    const [r] = fc.sample(reportArb((h) => h.word && h.disagree), { numRuns: 1, seed: 5 });
    const html = renderText(r!);
    for (const mark of ['<o:p>', 'mso-', '<!--[if gte mso 9]>', '<![if !supportMisalignedColumns]>', 'class=MsoNormal', '&nbsp;', 'colspan=2'])
      expect(html).toContain(mark);
  });
});

const page = (body: string) => `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]--></head><body>${body}</body></html>`;

describe('Word-exported markup', () => {
  it('keeps text out of <o:p>, conditional comments, list markers and nested spans as one line each', () => {
    const html = page(
      `<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;mso-bidi-font-size:11.0pt'>某县人民政府<span lang=EN-US>2023</span>年政府信息公开工作年度报告<span lang=EN-US><o:p></o:p></span></span></b></p>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]><span>总体情况</span></p>
<!--[if !mso]><p>只给非 Word 浏览器看的重复文字</p><![endif]-->
<p class=MsoNormal><span>本年<span style='mso-spacerun:yes'>&nbsp; </span>共收到申请</span><span lang=EN-US>12</span><span>件。</span></p>`,
    );
    const expected = ['某县人民政府2023年政府信息公开工作年度报告', '1. 总体情况', '本年 共收到申请12件。'];
    expect(htmlToLines(html)).toEqual(expected);
    expect(htmlToLinesSlow(html)).toEqual(expected);
    // The fast scanner reads Word's downlevel-revealed conditionals itself rather than giving up.
    expect(scanHtml(html, { onopentag() {}, ontext() {}, onclosetag() {} })).toBe(true);
  });

  it('whole synth pages saved from Word: the scanner reads them, and as htmlparser2 does', () => {
    for (const r of fc.sample(reportArb((h) => h.word), { numRuns: 6, seed: 9 })) {
      const html = renderText(r);
      expect(scanHtml(html, { onopentag() {}, ontext() {}, onclosetag() {} })).toBe(true);
      expect(htmlToLines(html)).toEqual(htmlToLinesSlow(html));
    }
  });
});

const cellsRow = (cells: string[]) => `<tr>${cells.join('')}</tr>`;
const td = (s: string, attrs = '') => `<td${attrs ? ' ' + attrs : ''}><p class=MsoNormal><span>${s}</span><o:p></o:p></p></td>`;

/** Section 3 of a 2021 report with the given rows (label cells, then value cells). */
function requestsPage(rows: string[]): Uint8Array {
  return new TextEncoder().encode(
    page(`<p>某县人民政府2023年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p><table>${cellsRow([td('信息内容'), td('本年制发件数'), td('本年废止件数'), td('现行有效件数')])}${cellsRow([td('规章'), td('0'), td('0'), td('1')])}</table>
<p>三、收到和处理政府信息公开申请情况</p><table>
${cellsRow([td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 'colspan=3 rowspan=3'), td('申请人情况', 'colspan=7')])}
${cellsRow([td('自然人', 'rowspan=2'), td('法人或其他组织', 'colspan=5'), td('总计', 'rowspan=2')])}
${cellsRow(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((s) => td(s)))}
${rows.join('\n')}
</table><p>四、政府信息公开行政复议、行政诉讼情况</p>`),
  );
}

describe('colspans that disagree between the header and the data rows', () => {
  it('a row printing exactly seven value cells gives them in order, whatever their spans', () => {
    const bytes = requestsPage([
      cellsRow([td('一、本年新收政府信息公开申请数量', 'colspan=2'), td('5', 'colspan=2'), td(''), td('0'), td('&nbsp;', 'colspan=3'), td('1'), td(''), td('8')]),
      cellsRow([td('二、上年结转政府信息公开申请数量', 'colspan=4'), td('1', 'colspan=2'), td('', 'colspan=2'), td('0'), td('2'), td(''), td('0'), td('3', 'colspan=2')]),
    ]);
    const { report } = parseDocument('x.html', bytes);
    const row = (r: string) => ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total'].map((c) => report.cells[`requests.${r}.${c}`]);
    expect(row('new_received')).toEqual([5, null, 0, null, 1, null, 8]);
    expect(row('carried_over')).toEqual([1, null, 0, 2, null, 0, 3]);
    expect(report.errors.map((e) => e.code)).not.toContain('blank_cells_ambiguous');
  });

  it('a row printing more cells than the template row has columns is still read from the grid, flagged where unsure', () => {
    const bytes = requestsPage([cellsRow([td('一、本年新收政府信息公开申请数量', 'colspan=2'), td('5', 'colspan=2'), td(''), td('0'), td(''), td('1'), td(''), td('8'), td('')])]);
    const { report } = parseDocument('x.html', bytes);
    expect(report.errors.map((e) => e.code)).toContain('blank_cells_ambiguous');
  });
});

describe('the text kept for display', () => {
  it('holds no merged-cell mark', () => {
    const [r] = fc.sample(reportArb((h) => h.disagree), { numRuns: 1, seed: 3 });
    const doc = parseDocument('x.html', renderReport(r!).bytes);
    expect(doc.source).not.toContain('\uE000');
    expect(doc.source).toContain('本年新收');
  });
});

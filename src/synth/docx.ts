/**
 * The `docx` layout: the report as a Word file, written directly as Office Open XML and zipped with
 * fflate (synchronous, so `gongkai synth` writes it like any text layout). Tables carry Word's merges:
 * w:gridSpan for label cells across columns, w:vMerge for the group labels (三、本年度办理结果,
 * （三）不予公开, …) down their rows. `v` varies the habits of the writer: a doubled grid where every
 * cell spans two grid columns (as Word makes when columns were dragged), group labels merged or
 * repeated in each row, text split over several runs, blank cells empty or holding a space.
 */
import { strToU8, zipSync } from 'fflate';
import type { TemplateVersion } from '../lib/template.ts';
import { num } from './format.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, activeBlocks, appealModel, applicantHeader, requestRows } from './model.ts';
import type { Prose } from './prose.ts';

type Cells = Record<string, number | null>;

const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Style {
  /** Grid columns per printed column. */
  unit: number;
  mergeGroups: boolean;
  splitRuns: boolean;
  spaceInBlank: boolean;
}

function styleOf(variant: number): Style {
  const v = variant >>> 0;
  return { unit: 1 + (v & 1), mergeGroups: (v & 2) === 0, splitRuns: (v & 4) !== 0, spaceInBlank: (v & 8) !== 0 };
}

function runs(text: string, s: Style): string {
  if (text === '') return s.spaceInBlank ? '<w:r><w:t xml:space="preserve"> </w:t></w:r>' : '';
  if (!s.splitRuns || text.length < 4) return `<w:r><w:t>${xmlText(text)}</w:t></w:r>`;
  const half = Math.floor(text.length / 2);
  return `<w:r><w:rPr><w:b/></w:rPr><w:t>${xmlText(text.slice(0, half))}</w:t></w:r><w:r><w:t>${xmlText(text.slice(half))}</w:t></w:r>`;
}

const para = (text: string, s: Style, jc = ''): string => `<w:p>${jc ? `<w:pPr><w:jc w:val="${jc}"/></w:pPr>` : ''}${runs(text, s)}</w:p>`;

/** One cell: `span` printed columns, `merge` its place in a vertical merge. */
function tc(text: string, s: Style, span = 1, merge: 'restart' | 'continue' | null = null): string {
  const props = [span * s.unit > 1 ? `<w:gridSpan w:val="${span * s.unit}"/>` : '', merge === 'restart' ? '<w:vMerge w:val="restart"/>' : merge === 'continue' ? '<w:vMerge/>' : ''].join('');
  const body = merge === 'continue' ? '<w:p/>' : para(text, s, 'center');
  return `<w:tc><w:tcPr><w:tcW w:w="${900 * span}" w:type="dxa"/>${props}</w:tcPr>${body}</w:tc>`;
}

const tr = (cells: string[]): string => `<w:tr>${cells.join('')}</w:tr>`;

function table(columns: number, rows: string[], s: Style): string {
  const grid = Array.from({ length: columns * s.unit }, () => `<w:gridCol w:w="${Math.floor(900 / s.unit)}"/>`).join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${rows.join('')}</w:tbl>`;
}

function activeTable(t: TemplateVersion, cells: Cells, s: Style): string {
  const width = 3;
  const rows: string[] = [];
  for (const b of activeBlocks(t)) {
    const n = b.colLabels.length;
    // The last value cell spans what is left of the three value columns.
    const span = (i: number) => (i === n - 1 ? width - n + 1 : 1);
    rows.push(tr([tc(`第二十条第（${b.article}）项`, s, width + 1)]));
    rows.push(tr([tc('信息内容', s), ...b.colLabels.map((c, i) => tc(c, s, span(i)))]));
    for (const r of b.rows) rows.push(tr([tc(r.label, s), ...r.keys.map((k, i) => tc(num(cells[k]), s, span(i)))]));
  }
  return table(width + 1, rows, s);
}

function requestTable(t: TemplateVersion, cells: Cells, s: Style): string {
  const h = applicantHeader();
  const rows = [
    tr([tc(BALANCE_NOTE, s, 3, 'restart'), tc(APPLICANT_HEADING, s, 7)]),
    tr([tc('', s, 3, 'continue'), ...h.single.map((c) => tc(c, s, 1, 'restart')), tc(h.group, s, h.parts.length), tc(h.total, s, 1, 'restart')]),
    tr([tc('', s, 3, 'continue'), ...h.single.map(() => tc('', s, 1, 'continue')), ...h.parts.map((p) => tc(p, s)), tc('', s, 1, 'continue')]),
  ];
  let firstResult = true;
  for (const r of requestRows(t)) {
    const values = r.keys.map((k) => tc(num(cells[k]), s));
    const labels: string[] = [];
    if (r.kind === 'top') labels.push(tc(r.text, s, 3));
    else {
      labels.push(s.mergeGroups ? tc(RESULT_GROUP, s, 1, firstResult ? 'restart' : 'continue') : tc(RESULT_GROUP, s));
      firstResult = false;
      if (r.kind === 'result') labels.push(tc(r.text, s, 2));
      else {
        labels.push(s.mergeGroups ? tc(r.group!, s, 1, r.index === 0 ? 'restart' : 'continue') : tc(r.group!, s));
        labels.push(tc(r.text, s));
      }
    }
    rows.push(tr([...labels, ...values]));
  }
  return table(10, rows, s);
}

function appealTable(t: TemplateVersion, cells: Cells, s: Style): string {
  const m = appealModel(t);
  const n = m.colLabels.length;
  const width = n * (1 + m.litigation.length);
  return table(width, [
    tr([tc(m.heads[0]!, s, n), tc(m.heads[1]!, s, n * m.litigation.length)]),
    tr([...m.colLabels.map((c) => tc(c, s, 1, 'restart')), ...m.litigation.map((l) => tc(l, s, n))]),
    tr([...m.colLabels.map(() => tc('', s, 1, 'continue')), ...m.litigation.flatMap(() => m.colLabels.map((c) => tc(c, s)))]),
    tr(m.keys.map((k) => tc(num(cells[k]), s))),
  ], s);
}

/** word/document.xml of the report. */
export function docxDocumentXml(t: TemplateVersion, cells: Cells, p: Prose, heads: string[], v: number): string {
  const s = styleOf(v);
  const plain: Style = { ...s, spaceInBlank: false };
  const body = [
    ...p.title.map((l) => para(l, plain, 'center')),
    ...p.intro.map((l) => para(l, plain)),
    para(heads[0]!, plain),
    ...p.overview.map((l) => para(l, plain)),
    para(heads[1]!, plain),
    activeTable(t, cells, s),
    para(heads[2]!, plain),
    requestTable(t, cells, s),
    para(heads[3]!, plain),
    appealTable(t, cells, s),
    para(heads[4]!, plain),
    ...p.problems.map((l) => para(l, plain)),
    para(heads[5]!, plain),
    ...p.other.map((l) => para(l, plain)),
    ...p.signature.map((l) => para(l, plain, 'right')),
  ];
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body.join('')}<w:sectPr/></w:body></w:document>`;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** The .docx package around a document.xml. */
export function docxPackage(documentXml: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(RELS),
    'word/document.xml': strToU8(documentXml),
  });
}

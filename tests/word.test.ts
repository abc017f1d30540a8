/**
 * Word files through parseFile. DOCX are written here by the `docx` package (a writer independent of
 * the parser and of the synth's own DOCX writer), with random values and the habits of Word tables:
 * label cells spanning grid columns, group labels merged down their rows (w:vMerge), doubled grids,
 * wrapped labels, header variants. The .doc fixtures were converted by LibreOffice 7.4 from synth
 * DOCX files whose cells are in the JSON beside them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cellsOf, collapsedKeys, type CellDef, type TemplateVersion } from '../src/lib/template.ts';
import { parseFile } from '../src/parser/read.ts';
import { docTextLines } from '../src/parser/readers/word.ts';
import { openZip, readEntry } from '../src/parser/readers/zip.ts';
import { docxDocumentXml, docxPackage } from '../src/synth/docx.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, activeBlocks, appealModel, applicantHeader, requestRows } from '../src/synth/model.ts';
import { printedOrBlank } from './helpers/cell-values.ts';

type Cells = Record<string, number | null>;

const valueOf = (cell: CellDef): fc.Arbitrary<number | null> => printedOrBlank(cell, 4);

interface Habits {
  /** Grid columns per printed column (2: Word's doubled grid, every cell a gridSpan). */
  unit: number;
  /** Group labels merged down their rows (vertical merge) rather than repeated in each row. */
  mergeGroups: boolean;
  /** Long labels wrapped into two paragraphs in their cell. */
  wrapLabels: boolean;
  /** The applicant header on two rows (法人或其他组织 parts beside it) instead of three. */
  shortHeader: boolean;
  /** The body's name on its own line above the title. */
  orgLine: boolean;
  /** A blank cell holds a paragraph with a space rather than an empty paragraph. */
  spaceBlank: boolean;
}

const habitsArb: fc.Arbitrary<Habits> = fc.record({
  unit: fc.constantFrom(1, 2),
  mergeGroups: fc.boolean(),
  wrapLabels: fc.boolean(),
  shortHeader: fc.boolean(),
  orgLine: fc.boolean(),
  spaceBlank: fc.boolean(),
});

const num = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

function cell(text: string, h: Habits, opts: { span?: number; merge?: 'restart' | 'continue'; label?: boolean } = {}): TableCell {
  const lines = opts.label && h.wrapLabels && text.length > 8 ? [text.slice(0, 6), text.slice(6)] : [text];
  const children =
    opts.merge === 'continue'
      ? [new Paragraph({})]
      : lines.map((l) => new Paragraph({ alignment: AlignmentType.CENTER, children: l === '' && !h.spaceBlank ? [] : [new TextRun(l === '' ? ' ' : l)] }));
  const span = (opts.span ?? 1) * h.unit;
  return new TableCell({
    children,
    ...(span > 1 ? { columnSpan: span } : {}),
    ...(opts.merge ? { verticalMerge: opts.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
  });
}

const row = (cells: TableCell[]) => new TableRow({ children: cells });

function activeTable(t: TemplateVersion, cells: Cells, h: Habits): Table {
  const rows: TableRow[] = [];
  for (const b of activeBlocks(t)) {
    const n = b.colLabels.length;
    const span = (i: number) => (i === n - 1 ? 3 - n + 1 : 1);
    rows.push(row([cell(`第二十条第（${b.article}）项`, h, { span: 4 })]));
    rows.push(row([cell('信息内容', h), ...b.colLabels.map((c, i) => cell(c, h, { span: span(i) }))]));
    for (const r of b.rows) rows.push(row([cell(r.label, h, { label: true }), ...r.keys.map((k, i) => cell(num(cells[k]), h, { span: span(i) }))]));
  }
  return new Table({ rows });
}

function requestTable(t: TemplateVersion, cells: Cells, h: Habits): Table {
  const a = applicantHeader();
  const header = h.shortHeader
    ? [
        row([cell(BALANCE_NOTE, h, { span: 3, merge: 'restart' }), ...a.single.map((c) => cell(c, h, { merge: 'restart' })), cell(a.group, h, { span: a.parts.length }), cell(a.total, h, { merge: 'restart' })]),
        row([cell('', h, { span: 3, merge: 'continue' }), ...a.single.map(() => cell('', h, { merge: 'continue' })), ...a.parts.map((p) => cell(p, h)), cell('', h, { merge: 'continue' })]),
      ]
    : [
        row([cell(BALANCE_NOTE, h, { span: 3, merge: 'restart' }), cell(APPLICANT_HEADING, h, { span: 7 })]),
        row([cell('', h, { span: 3, merge: 'continue' }), ...a.single.map((c) => cell(c, h, { merge: 'restart' })), cell(a.group, h, { span: a.parts.length }), cell(a.total, h, { merge: 'restart' })]),
        row([cell('', h, { span: 3, merge: 'continue' }), ...a.single.map(() => cell('', h, { merge: 'continue' })), ...a.parts.map((p) => cell(p, h)), cell('', h, { merge: 'continue' })]),
      ];
  const rows = [...header];
  let first = true;
  for (const r of requestRows(t)) {
    const values = r.keys.map((k) => cell(num(cells[k]), h));
    const labels: TableCell[] = [];
    if (r.kind === 'top') labels.push(cell(r.text, h, { span: 3, label: true }));
    else {
      labels.push(h.mergeGroups ? cell(RESULT_GROUP, h, { merge: first ? 'restart' : 'continue' }) : cell(RESULT_GROUP, h));
      first = false;
      if (r.kind === 'result') labels.push(cell(r.text, h, { span: 2, label: true }));
      else {
        labels.push(h.mergeGroups ? cell(r.group!, h, { merge: r.index === 0 ? 'restart' : 'continue' }) : cell(r.group!, h));
        labels.push(cell(r.text, h, { label: true }));
      }
    }
    rows.push(row([...labels, ...values]));
  }
  return new Table({ rows });
}

function appealTable(t: TemplateVersion, cells: Cells, h: Habits): Table {
  const m = appealModel(t);
  const n = m.colLabels.length;
  return new Table({
    rows: [
      row([cell(m.heads[0]!, h, { span: n }), cell(m.heads[1]!, h, { span: n * m.litigation.length })]),
      row([...m.colLabels.map((c) => cell(c, h, { merge: 'restart' })), ...m.litigation.map((l) => cell(l, h, { span: n }))]),
      row([...m.colLabels.map(() => cell('', h, { merge: 'continue' })), ...m.litigation.flatMap(() => m.colLabels.map((c) => cell(c, h)))]),
      row(m.keys.map((k) => cell(num(cells[k]), h))),
    ],
  });
}

const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });

async function wordFile(org: string, year: number, t: TemplateVersion, cells: Cells, h: Habits): Promise<Uint8Array> {
  const title = `${year}年政府信息公开工作年度报告`;
  const doc = new Document({
    sections: [
      {
        children: [
          ...(h.orgLine ? [p(org), p(title)] : [p(`${org}${title}`)]),
          p('一、总体情况'),
          p(`${year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。`),
          p('二、主动公开政府信息情况'),
          activeTable(t, cells, h),
          p('三、收到和处理政府信息公开申请情况'),
          requestTable(t, cells, h),
          p('四、政府信息公开行政复议、行政诉讼情况'),
          appealTable(t, cells, h),
          p('五、存在的主要问题及改进情况'),
          p('无。'),
          p('六、其他需要报告的事项'),
          p('无。'),
          p(org),
          p(`${year + 1}年1月20日`),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const ORGS = ['江源街道办事处', '横峰县人民政府办公室', '北京市海淀区人民政府', '广州市天河区教育局', '孝义市新义街道办事处'];

function caseArb(template: TemplateVersion) {
  const collapsed = collapsedKeys(template);
  return fc.record({
    org: fc.constantFrom(...ORGS),
    year: template === '2019' ? fc.integer({ min: 2019, max: 2020 }) : fc.integer({ min: 2021, max: 2025 }),
    habits: habitsArb,
    cells: fc.record(Object.fromEntries(cellsOf(template).map((c) => [c.key, collapsed.has(c.key) ? fc.constant(null) : valueOf(c)]))) as fc.Arbitrary<Cells>,
  });
}

describe('DOCX written by the docx package parse back exactly', () => {
  for (const template of ['2019', '2021'] as const)
    it(`template ${template}: random values, merged cells, header variants`, async () => {
      await fc.assert(
        fc.asyncProperty(caseArb(template), async ({ org, year, habits, cells }) => {
          const bytes = await wordFile(org, year, template, cells, habits);
          const { report } = await parseFile('report.docx', bytes);
          expect(report.errors.filter((e) => e.level === 'error')).toEqual([]);
          expect(report.template).toBe(template);
          expect(report.org).toBe(org);
          expect(report.year).toBe(year);
          expect(report.cells).toEqual(cells);
        }),
        { numRuns: 40, seed: 20261202 },
      );
    });

  it('the same report under a name that says .txt is still read as Word (the bytes decide)', async () => {
    const [c] = fc.sample(caseArb('2021'), { numRuns: 1, seed: 7 });
    const { report } = await parseFile('report.txt', await wordFile(c!.org, c!.year, '2021', c!.cells, c!.habits));
    expect(report.cells).toEqual(c!.cells);
  });
});

const issueOf = async (bytes: Uint8Array, file = 'x.docx') => {
  const { report } = await parseFile(file, bytes);
  expect(report.status).toBe('error');
  expect(report.cells).toEqual({});
  return report.errors[0]!;
};

/** A zip of the given entries, deflated. */
function zipOf(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 1 }]])));
}

/** Rewrites the uncompressed size every directory entry declares (a bomb that lies about its size). */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
  }
  return out;
}

const RELS = strToU8(
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
);

describe('bad Word files each get a specific error', () => {
  it('a zip bomb whose document inflates far past its declared size: docx_zip_bomb', async () => {
    // 80 MB of one character deflates to about 80 KB; the directory claims 1 KB.
    const huge = new Uint8Array(80 << 20).fill(0x20);
    const bomb = declareSize(zipOf({ '_rels/.rels': RELS, 'word/document.xml': huge }), 1024);
    const issue = await issueOf(bomb);
    expect(issue.code).toBe('docx_zip_bomb');
    expect(issue.message).toMatch(/压缩炸弹/);
  });

  it('a zip that declares gigabytes: docx_zip_bomb before anything is inflated', async () => {
    const bomb = declareSize(zipOf({ '_rels/.rels': RELS, 'word/document.xml': strToU8('<w:document/>') }), 0xfff00000);
    expect((await issueOf(bomb)).code).toBe('docx_zip_bomb');
  });

  it('a zip listing more entries than any Word file has: docx_zip_bomb', async () => {
    const files: Record<string, Uint8Array> = { '_rels/.rels': RELS };
    for (let i = 0; i < 6000; i++) files[`x/${i}`] = new Uint8Array(0);
    expect((await issueOf(zipOf(files))).code).toBe('docx_zip_bomb');
  });

  it('a damaged docx (cut short): docx_unreadable', async () => {
    const whole = docxPackage(docxDocumentXml('2021', {}, { title: ['某县人民政府2023年政府信息公开工作年度报告'], intro: [], overview: [], problems: [], other: [], signature: [] }, ['一', '二', '三', '四', '五', '六'], 0));
    expect((await issueOf(whole.subarray(0, Math.floor(whole.length / 2)))).code).toBe('docx_unreadable');
    // Directory intact, document data scrambled.
    const scrambled = whole.slice();
    const entry = openZip(whole);
    if (!entry.ok) throw new Error('synth docx unreadable');
    const doc = entry.entries.get('word/document.xml')!;
    for (let i = doc.localOffset + 60; i < doc.localOffset + 60 + Math.min(200, doc.compressedSize - 40); i++) scrambled[i] = (i * 73) & 0xff;
    expect((await issueOf(scrambled)).code).toBe('docx_unreadable');
  });

  it('an empty docx (no text at all): docx_empty', async () => {
    const empty = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [] }] })));
    expect((await issueOf(empty)).code).toBe('docx_empty');
  });

  it('a zip that is not a Word document: docx_not_word', async () => {
    expect((await issueOf(zipOf({ 'xl/workbook.xml': strToU8('<workbook/>') }))).code).toBe('docx_not_word');
  });

  it('a Word file with prose but no tables: no_tables, as for any form', async () => {
    const bytes = new Uint8Array(
      await Packer.toBuffer(new Document({ sections: [{ children: [p('某县人民政府2023年政府信息公开工作年度报告'), p('二、主动公开政府信息情况'), p('详见附件。')] }] })),
    );
    expect((await issueOf(bytes)).code).toBe('no_tables');
  });

  it('the zip reader stops inflating at its cap', () => {
    const zip = openZip(zipOf({ a: new Uint8Array(1 << 20) }), { maxEntries: 10, maxTotalDeclared: 1 << 30, maxEntryBytes: 1 << 16 });
    expect(zip.ok).toBe(true);
    if (!zip.ok) return;
    const got = readEntry(zip, zip.entries.get('a')!);
    expect(got.ok).toBe(false);
  });
});

const FIXTURES = join(import.meta.dirname, 'fixtures/word');

describe('.doc (Word 97) through word-extractor', () => {
  const docs = readdirSync(FIXTURES).filter((f) => /^synth-\d+\.doc$/.test(f));
  it('has fixtures of both templates', () => expect(docs.length).toBeGreaterThanOrEqual(4));
  for (const f of docs)
    it(`${f}: every cell, org and year`, async () => {
      const truth = JSON.parse(readFileSync(join(FIXTURES, f.replace(/\.doc$/, '.json')), 'utf8')) as { org: string; year: number; template: string; cells: Cells };
      const { report } = await parseFile(f, new Uint8Array(readFileSync(join(FIXTURES, f))));
      expect(report.errors.filter((e) => e.level === 'error')).toEqual([]);
      expect({ org: report.org, year: report.year, template: report.template }).toEqual({ org: truth.org, year: truth.year, template: truth.template });
      expect(report.cells).toEqual(truth.cells);
    });

  it('a .doc without tables: doc_tables_unreadable', async () => {
    expect((await issueOf(new Uint8Array(readFileSync(join(FIXTURES, 'no-table.doc'))), 'x.doc')).code).toBe('doc_tables_unreadable');
  });

  it('a damaged .doc (OLE signature, then junk): doc_unreadable', async () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 31) & 0xff);
    junk.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await issueOf(junk, 'x.doc')).code).toBe('doc_unreadable');
  });

  it('cells become one per line; the row mark before the next paragraph is dropped', () => {
    const { text, cells } = docTextLines('标题\n规章\t1\t\t3\t\n行政复议\t0\t\t五、存在的问题\n');
    expect(text.split('\n')).toEqual(['标题', '规章 |', '1 |', '|', '3 |', '行政复议 |', '0 |', '五、存在的问题', '']);
    expect(cells).toBe(6);
  });
});

/**
 * Converter markdown (.md): random cell values in many variants of the family (labels split from their
 * numbers before/after/out of order, sub-tables under `###` headings with real, placeholder, blank or
 * first-row headers, alignment colons, padding, `<br>`, bold, entities, escaped pipes, wrapped prose and
 * titles, page furniture) parse back exactly; where rows without labels cannot be placed, the parser
 * warns and leaves blanks, never a wrong number.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsOf, collapsedKeys, type CellDef, type TemplateVersion } from '../src/lib/template.ts';
import { parseDocument } from '../src/parser/index.ts';
import { parseFile } from '../src/parser/read.ts';
import { readMarkdown } from '../src/parser/readers/markdown.ts';
import { encode, templateOfYear, type SynthReport } from '../src/synth/index.ts';
import { traditional } from '../src/synth/render.ts';
import { decidable, markdownDocument, type MarkdownStyle } from '../src/synth/markdown.ts';
import { printedOrBlank } from './helpers/cell-values.ts';

const ORGS = ['江源街道办事处', '横峰县人民政府办公室', '蓉江新区政务服务和大数据发展中心', '北京市海淀区人民政府', '广州市天河区教育局', '上海市科学技术委员会'];

const valueOf = (cell: CellDef): fc.Arbitrary<number | null> => printedOrBlank(cell, 5);

const styleArb: fc.Arbitrary<MarkdownStyle> = fc.record({
  title: fc.constantFrom('h1-org' as const, 'h1-title' as const, 'wrapped' as const, 'bold' as const),
  wrap: fc.option(fc.integer({ min: 22, max: 36 }), { nil: null }),
  sectionHeading: fc.constantFrom('h2' as const, 'plain' as const, 'bold' as const),
  subTables: fc.boolean(),
  header: fc.constantFrom('real' as const, 'placeholder' as const, 'blank' as const, 'first-row' as const),
  align: fc.boolean(),
  pad: fc.constantFrom('none' as const, 'space' as const, 'nbsp' as const),
  br: fc.boolean(),
  bold: fc.boolean(),
  twoColumns: fc.boolean(),
  split: fc.constantFrom(0, 0.3, 0.7, 1),
  keepColumns: fc.boolean(),
  appealsWide: fc.boolean(),
  commas: fc.boolean(),
  furniture: fc.boolean(),
  entities: fc.boolean(),
  runTogether: fc.boolean(),
  htmlTables: fc.constantFrom('no' as const, 'no' as const, 'one-line' as const, 'lines' as const),
});

function reportArb(): fc.Arbitrary<SynthReport> {
  return fc
    .record({ year: fc.integer({ min: 2019, max: 2025 }), org: fc.constantFrom(...ORGS), script: fc.constantFrom('simplified' as const, 'traditional' as const) })
    .chain(({ year, org, script }) => {
      const template: TemplateVersion = templateOfYear(year);
      const collapsed = collapsedKeys(template);
      const cells = fc.record(Object.fromEntries(cellsOf(template).map((c) => [c.key, collapsed.has(c.key) ? fc.constant(null) : valueOf(c)])));
      return cells.map((c) => ({ org, year, template, script, layout: 'markdown' as const, encoding: 'utf8' as const, cells: c as Record<string, number | null> }));
    });
}

const bytesOf = (r: SynthReport, text: string): Uint8Array => encode(r.script === 'traditional' ? traditional(text) : text, 'utf8');

describe('converter markdown round-trips', () => {
  it('every variant of the family parses back exactly: cells, body, year, template', async () => {
    await fc.assert(
      fc.asyncProperty(reportArb(), styleArb.filter(decidable), fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (r, style, seed) => {
        const text = markdownDocument(r, style, seed);
        const { report } = await parseFile('report.md', bytesOf(r, text));
        expect({ org: report.org, year: report.year, template: report.template }).toEqual({ org: r.org, year: r.year, template: r.template });
        expect(report.cells).toEqual(r.cells);
        expect(report.errors.map((e) => e.code)).not.toContain('rows_unplaced');
      }),
      { numRuns: 300, seed: 20241202 },
    );
  });

  it('every row split from its label: placed by template order alone', () => {
    fc.assert(
      fc.property(reportArb(), styleArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (r, style, seed) => {
        const { report } = parseDocument('report.md', bytesOf(r, markdownDocument(r, { ...style, split: 1, keepColumns: false }, seed)));
        expect(report.cells).toEqual(r.cells);
      }),
      { numRuns: 80, seed: 7 },
    );
  });
});

/** Lines of a markdown report that are rows of numbers only (a split row's values), inside section 3. */
function unlabeledRequestRows(lines: readonly string[]): number[] {
  const from = lines.findIndex((l) => l.includes('收到和处理政府信息公开申请情况'));
  const to = lines.findIndex((l) => l.includes('行政复议、行政诉讼情况'));
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    const cells = lines[i]!.trim().replace(/^\||\|$/g, '').split('|');
    if (cells.length === 7 && cells.every((c) => /^[\s\d.,*-]*$/.test(c.replace(/&nbsp;/g, ''))) && cells.some((c) => /\d/.test(c))) out.push(i);
  }
  return out;
}

/** No cell holds a number the report does not print there; blanks are allowed only with a warning. */
function neverWrong(parsed: Record<string, number | null>, truth: Record<string, number | null>, codes: string[]): string[] {
  const wrong = Object.keys(truth).filter((k) => parsed[k] !== null && parsed[k] !== truth[k]);
  expect(wrong).toEqual([]);
  const blanked = Object.keys(truth).filter((k) => parsed[k] === null && truth[k] !== null);
  if (blanked.length > 0) expect(codes).toContain('rows_unplaced');
  return blanked;
}

describe('undecidable unlabeled rows: a warning and blanks, never a wrong number', () => {
  const splitStyle = styleArb.map((s) => ({ ...s, split: 1, keepColumns: false }));

  it('rows that lost their label but kept its emptied cells: read where the table tells where values start, else blank with a warning', () => {
    fc.assert(
      fc.property(reportArb(), styleArb, fc.constantFrom(0.3, 0.7, 1), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (r, style, split, seed) => {
        const { report } = parseDocument('report.md', bytesOf(r, markdownDocument(r, { ...style, split, keepColumns: true }, seed)));
        neverWrong(report.cells, r.cells, report.errors.map((e) => e.code));
      }),
      { numRuns: 100, seed: 17 },
    );
  });

  it('a row the converter lost: the rows around it are not shifted into its place', () => {
    fc.assert(
      fc.property(reportArb(), splitStyle, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.nat(), (r, style, seed, pick) => {
        const lines = markdownDocument(r, style, seed).split('\n');
        const rows = unlabeledRequestRows(lines);
        fc.pre(rows.length > 0);
        const lost = rows[pick % rows.length]!;
        lines.splice(lost, 1);
        const { report } = parseDocument('report.md', bytesOf(r, lines.join('\n')));
        const codes = report.errors.map((e) => e.code);
        expect(codes).toContain('rows_unplaced');
        neverWrong(report.cells, r.cells, codes);
      }),
      { numRuns: 80, seed: 11 },
    );
  });

  it('a stray row of numbers among them (a column-number row, a sum): nothing is placed by a wrong count', () => {
    fc.assert(
      fc.property(reportArb(), splitStyle, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.nat(), (r, style, seed, pick) => {
        const lines = markdownDocument(r, style, seed).split('\n');
        const rows = unlabeledRequestRows(lines);
        fc.pre(rows.length > 0);
        lines.splice(rows[pick % rows.length]!, 0, '| 1 | 2 | 3 | 4 | 5 | 6 | 7 |');
        const { report } = parseDocument('report.md', bytesOf(r, lines.join('\n')));
        const codes = report.errors.map((e) => e.code);
        expect(codes).toContain('rows_unplaced');
        neverWrong(report.cells, r.cells, codes);
      }),
      { numRuns: 80, seed: 13 },
    );
  });
});

describe('the markdown reader', () => {
  it('declines text that is not markdown, and reads any .md', () => {
    expect(readMarkdown('规章 |\n0 |\n0 |\n||\n', 'a.txt')).toBeNull();
    expect(readMarkdown('一、本年新收\t1\t0', 'a.txt')).toBeNull();
    expect(readMarkdown('# 标题', 'a.md')).not.toBeNull();
    expect(readMarkdown('| a | b |\n|---|---|\n| 规章 | 1 |', 'a.txt')).not.toBeNull();
  });

  it('undoes markdown: headings, emphasis, entities, escaped pipes, <br>, links, images, placeholders, page numbers', () => {
    const md = [
      '# 某某市人民政府',
      '## 2024年政府信息公开工作年度报告',
      '![](img/p1.png)',
      '见[门户网站](https://example.gov.cn/)。',
      '| Col1 | Col2 | Col3 |',
      '|:---|:---:|---:|',
      '| **规章** | 1,234 | &nbsp; |',
      '| 三、（二）部分公开<br>（区分处理的\\|只计这一情形） | *5* | 6 |',
      '- 3 -',
      '第 4 页',
    ].join('\n');
    expect(readMarkdown(md, 'a.md')!.text.split('\n').filter((l) => l !== '')).toEqual([
      '某某市人民政府',
      '2024年政府信息公开工作年度报告',
      '见门户网站。',
      '规章\t1,234\t',
      '三、（二）部分公开 （区分处理的 只计这一情形）\t5\t6',
    ]);
  });

  it('splits cells the converter ran together: numbers in one cell, a label and its numbers in one cell', () => {
    const md = ['| 规章 | 0 0 3 |', '| 行政许可 97 |  |', '| （三）不予公开 1.属于国家秘密 |  |'].join('\n');
    expect(readMarkdown(md, 'a.md')!.text.split('\n')).toEqual(['规章\t0\t0\t3', '行政许可\t97', '（三）不予公开 1.属于国家秘密\t']);
  });

  it('puts a wrapped title back on one line, and joins wrapped prose but not headings or table rows', () => {
    const wide = '根据《中华人民共和国政府信息公开条例》规定，本机关编制了本年';
    const md = ['2024年某某市科委政府信息公开工作', '年度报告', '', ...Array(5).fill(wide), '度报告。', '一、总体情况', '| 规章 | 0 |'].join('\n');
    const lines = readMarkdown(md, 'a.md')!.text.split('\n').filter((l) => l !== '');
    expect(lines[0]).toBe('2024年某某市科委政府信息公开工作年度报告');
    expect(lines[1]).toBe(`${wide.repeat(5)}度报告。`);
    expect(lines.slice(2)).toEqual(['一、总体情况', '规章\t0']);
  });
});

describe('bad markdown', () => {
  it('pathological lines (brackets, spaces, underscores, pipes, entities) are read in linear time: no hang, a clear error', () => {
    const lines = [
      `# ${' '.repeat(100_000)}x`,
      '['.repeat(50_000) + '](' + '('.repeat(50_000),
      '_a'.repeat(50_000),
      '|'.repeat(100_000),
      '|---|',
      `&#${'9'.repeat(50_000)};`,
      '- '.repeat(50_000) + 'x',
    ];
    for (const text of lines) {
      const { report } = parseDocument('bad.md', new TextEncoder().encode(text));
      expect(report.status).toBe('error');
      expect(report.errors.map((e) => e.code)).toEqual(['no_tables']);
    }
  });
});

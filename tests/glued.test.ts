/** The glued crawl-text reader on the real example, and what it declines. */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../src/parser/read.ts';
import { crawlHeader } from '../src/parser/readers/crawl.ts';
import { readGlued } from '../src/parser/readers/glued.ts';
import { corpus, expectedCells, goldenOf, reportBytes } from './helpers/corpus.ts';

describe('glued crawl text: pingtan-2021.txt', () => {
  const file = 'pingtan-2021.txt';
  it('gives every golden cell (the ambiguous group blank with cells_ambiguous naming its digits), year and template', async () => {
    const g = goldenOf(file);
    const { report } = await parseFile(file, reportBytes(file));
    expect(report.status).not.toBe('error');
    expect({ year: report.year, template: report.template, script: report.script }).toEqual({ year: g.year, template: g.template, script: g.script });
    expect(report.cells).toEqual(expectedCells(g, report));
    const warned = report.errors.filter((e) => e.code === 'cells_ambiguous');
    // Only the 第二十条 rows without arithmetic stay open; every requests and appeals cell is decided.
    expect(warned).toHaveLength(1);
    expect(warned[0]!.message).toContain('693665');
    expect(warned[0]!.message).toContain('69|3|665');
  });

  it('turns the crawl header into the title line and drops the rest of it', () => {
    const read = readGlued(reportBytes(file).toString('utf8'), file)!;
    const lines = read.text.split('\n');
    expect(lines[0]).toBe('平潭综合实验区2021年度政府信息公开工作年度报告');
    expect(read.text).not.toContain('原文链接');
    expect(read.text).not.toContain('====');
  });

  it('declines every other bundled report', () => {
    for (const e of corpus()) {
      if (e.file === file || e.file.endsWith('.pdf')) continue;
      expect(readGlued(reportBytes(e.file).toString('utf8'), e.file), e.file).toBeNull();
    }
  });
});

describe('crawlHeader', () => {
  it('finds the title and the first line of the page, with or without a separator', () => {
    expect(crawlHeader(['标题: 某县2023年政府信息公开工作年度报告', '发布时间: 2024-01-30', '==== 正文 ====', '正文第一行'])).toEqual({
      title: '某县2023年政府信息公开工作年度报告',
      bodyStart: 3,
    });
    expect(crawlHeader(['标题：甲', '来源：乙', 'https://example.gov.cn/a.htm', '正文'])).toEqual({ title: '甲', bodyStart: 3 });
    expect(crawlHeader(['某县2023年政府信息公开工作年度报告', '正文'])).toEqual({ title: null, bodyStart: 0 });
  });
});

describe('glued crawl text: bad input', () => {
  const page = reportBytes('pingtan-2021.txt').toString('utf8');
  it('leaves a row with an impossible run of digits blank and says so, without hanging', async () => {
    const text = page.replace('本年新收政府信息公开申请数量640020470', `本年新收政府信息公开申请数量${'1234567890'.repeat(300)}`);
    const { report } = await parseFile('huge.txt', new TextEncoder().encode(text));
    expect(report.status).toBe('warning');
    expect(report.cells['requests.new_received.natural_person']).toBeNull();
    expect(report.errors.some((e) => e.code === 'cells_unsplittable' && e.message.includes('本年新收'))).toBe(true);
    // The rest of the table is still read.
    expect(report.cells['requests.granted.total']).toBe(30);
  });

  it('keeps every row its digits decide when a total is misprinted, and never invents one', async () => {
    // 总计 63|0|0|2|0|4|69 printed as …70: the column sums fail, rows fall back to their own totals.
    const text = page.replace('（七）总计630020469', '（七）总计630020470');
    const { report } = await parseFile('misprint.txt', new TextEncoder().encode(text));
    const g = goldenOf('pingtan-2021.txt');
    for (const [k, v] of Object.entries(report.cells)) if (v !== null && k !== 'requests.total.total') expect(v, k).toBe(g.cells[k]);
    expect(report.checks.some((c) => !c.ok)).toBe(true);
  });
});

describe('gongkai synth --layout glued', () => {
  it('writes glued crawl text whose truth the parser gives exactly or leaves blank with cells_ambiguous', async () => {
    const { corpusFile } = await import('../src/synth/index.ts');
    for (let i = 0; i < 20; i++) {
      const f = corpusFile(i, { seed: 11, layout: 'glued' });
      expect(f.truth.layout).toBe('glued');
      const { report } = await parseFile(f.name, f.bytes);
      expect([report.org, report.year, report.template]).toEqual([f.truth.org, f.truth.year, f.truth.template]);
      const warned = report.errors.filter((e) => e.code === 'cells_ambiguous');
      for (const [k, v] of Object.entries(f.truth.cells)) if (report.cells[k] !== v) expect([k, report.cells[k], warned.length > 0]).toEqual([k, null, true]);
    }
  });
});

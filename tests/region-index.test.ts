import { describe, expect, it } from 'vitest';
import { regionGroupColumn, where } from '../src/lib/client/queries.ts';
import { indexRegions, type RegionInfo } from '../src/lib/client/region-index.ts';

// As the build writes them: 北京市 as a province and as its own city, under one code.
const rows: RegionInfo[] = [
  { code: '110000', level: 'city', name: '北京市', parent_code: '110000', province_code: '110000' },
  { code: '110000', level: 'province', name: '北京市', parent_code: null, province_code: '110000' },
  { code: '110101', level: 'county', name: '东城区', parent_code: '110000', province_code: '110000' },
  { code: '360000', level: 'province', name: '江西省', parent_code: null, province_code: '360000' },
  { code: '361100', level: 'city', name: '上饶市', parent_code: '360000', province_code: '360000' },
];

describe('the regions index', () => {
  it('keeps a 直辖市 as the province, in either row order, and lists it as a municipality', () => {
    for (const order of [rows, [...rows].reverse()]) {
      const { regions, municipalities } = indexRegions(order);
      expect(regions.get('110000')).toMatchObject({ level: 'province', parent_code: null });
      expect([...municipalities]).toEqual(['110000']);
      expect(regions.get('361100')?.level).toBe('city');
    }
  });
  it('splits a municipality into counties, a province into cities, and filters both by province', () => {
    const { regions, municipalities } = indexRegions(rows);
    const levelOf = (c: string) => (municipalities.has(c) ? 'municipality' : regions.get(c)?.level);
    expect(regionGroupColumn(['110000'], levelOf)).toBe('county_code');
    expect(regionGroupColumn(['360000'], levelOf)).toBe('city_code');
    expect(regionGroupColumn(['361100'], levelOf)).toBe('county_code');
    const f = { y0: null, y1: null, regions: ['110000'], bodies: [], template: null };
    expect(where(f, levelOf).sql).toContain('province_code');
  });
});

// The data files and their loaders: the zones table is sourced and consistent with the gazetteer;
// override pins apply, and bad lines are reported by file and line without stopping the good ones.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getGazetteer, resolveRegion, useOverridesFile } from '../src/regions/index.ts';
import { gbCode, packageCode } from '../src/regions/gazetteer.ts';
import { prefectureForm, shortName, zoneAliases } from '../src/regions/names.ts';
import { parseOverrides } from '../src/regions/overrides.ts';
import { parseZones } from '../src/regions/zones.ts';
import { OVERRIDES_FILE, ZONES_FILE } from '../src/regions/load.ts';

describe('names', () => {
  it('shortens division names the way people write them', () => {
    expect(shortName('江西省')).toBe('江西');
    expect(shortName('广西壮族自治区')).toBe('广西');
    expect(shortName('新疆维吾尔自治区')).toBe('新疆');
    expect(shortName('黔东南苗族侗族自治州')).toBe('黔东南');
    expect(shortName('长阳土家族自治县')).toBe('长阳');
    expect(shortName('积石山保安族东乡族撒拉族自治县')).toBe('积石山');
    expect(shortName('城区')).toBeNull();
    expect(shortName('江源街道')).toBeNull();
    expect(prefectureForm('恩施土家族苗族自治州')).toBe('恩施州');
  });

  it('abbreviates zone names and strips leading place words', () => {
    const a = zoneAliases('河北唐山芦台经济开发区', ['河北省', '河北', '唐山市', '唐山']);
    const m = new Map(a.map((x) => [x.alias, x.generic]));
    expect(m.get('芦台经济开发区')).toBe(false);
    expect(m.get('芦台经开区')).toBe(false);
    expect(m.get('唐山芦台经济开发区')).toBe(false);
    expect(zoneAliases('唐山高新技术产业开发区', ['唐山']).find((x) => x.alias === '高新区')?.generic).toBe(true);
  });

  it('converts between package and GB/T 2260 codes', () => {
    expect(gbCode('36')).toBe('360000');
    expect(gbCode('3607')).toBe('360700');
    expect(gbCode('361125')).toBe('361125');
    expect(packageCode('360700')).toBe('3607');
    expect(packageCode('360000')).toBe('36');
    expect(packageCode('220605002')).toBe('220605002');
    expect(packageCode('36070')).toBeNull();
  });
});

describe('data/zones.tsv', () => {
  const text = readFileSync(ZONES_FILE, 'utf8');
  const { zones, issues } = parseZones(ZONES_FILE, text);

  it('parses without issues, every zone sourced and hosted by a division of the gazetteer', () => {
    expect(issues).toEqual([]);
    expect(zones.length).toBeGreaterThanOrEqual(10);
    const g = getGazetteer();
    const rows = text.split('\n').filter((l) => l && !l.startsWith('#')).slice(1).map((l) => l.split('\t'));
    for (const r of rows) expect(r[4]?.trim().length ?? 0, `source of ${r[0]}`).toBeGreaterThan(10);
    for (const z of zones) {
      const host = g.byCode.get(packageCode(z.hostCode)!);
      expect(host, `${z.name} → ${z.hostCode}`).toBeDefined();
      // The host column names the same division the code does.
      const row = rows.find((r) => r[0] === z.name)!;
      expect(row[3], z.name).toContain(host!.name);
    }
  });

  it('says what is wrong with a bad zone line, and keeps the good ones', () => {
    const bad = 'name\taliases\thost_code\thost\tsource\n甲新区\t\t3607\t赣州\tx\n乙新区\t\t360700\t赣州\ty\n乙新区\t\t360700\t赣州\ty\n';
    const r = parseZones('z.tsv', bad);
    expect(r.zones.map((z) => z.name)).toEqual(['乙新区']);
    expect(r.issues.map((i) => `${i.file}:${i.line}`)).toEqual(['z.tsv:2', 'z.tsv:4']);
    expect(r.issues[0]!.message).toMatch(/甲新区.*3607.*6-digit/);
    expect(r.issues[1]!.message).toMatch(/乙新区 listed twice/);
  });
});

describe('overrides', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-regions-'));
  afterAll(() => { useOverridesFile(OVERRIDES_FILE); });

  it('the shipped data/overrides.tsv parses cleanly', () => {
    const r = parseOverrides(OVERRIDES_FILE, readFileSync(OVERRIDES_FILE, 'utf8'), getGazetteer());
    expect(r.issues).toEqual([]);
  });

  it('reports bad lines by file and line and applies the good ones', () => {
    const file = join(dir, 'pins.tsv');
    writeFileSync(file, [
      '# comment',
      'org\tcode\tbody_type\tnote',
      '城关镇人民政府\t410523100\t\t汤阴县的',
      '某某中心\t999999\t\tno such code',
      '朝阳区人民政府\t110105\tministry\tbad type',
      '南山区人民政府\t440305\tgovernment',
    ].join('\n'));
    const issues = useOverridesFile(file);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/pins\.tsv:4: 某某中心: code "999999" is not a division code/);
    expect(issues[1]).toMatch(/pins\.tsv:5: 朝阳区人民政府: body_type "ministry"/);

    const pinned = resolveRegion({ org: '城关镇人民政府', text: '' });
    expect(pinned.region).toMatchObject({ code: '410523100', confidence: 'exact', county: '汤阴县', city: '安阳市' });
    expect(pinned.body_type).toBe('township');
    expect(resolveRegion({ org: '南山区 人民政府', text: '' }).region).toMatchObject({ code: '440305', confidence: 'exact' });
    // The rejected pin does not apply: 朝阳区 stays ambiguous.
    expect(resolveRegion({ org: '朝阳区人民政府', text: '' }).region.confidence).toBe('ambiguous');
  });

  it('a missing pin file is an issue, not a crash', () => {
    const issues = useOverridesFile(join(dir, 'nope.tsv'));
    expect(issues[0]).toMatch(/nope\.tsv: cannot read/);
    expect(resolveRegion({ org: '横峰县人民政府', text: '' }).region.code).toBe('361125');
  });
});

describe('names that do not fully read', () => {
  const r = (org: string) => resolveRegion({ org, text: '' });
  it('a renamed unit (上饶县, now 广信区) lies in its city, as an inference, and is still a government', () => {
    expect(r('上饶县人民政府').region).toMatchObject({ code: '361100', level: 'city', confidence: 'inferred', county: null });
    expect(r('上饶县人民政府').body_type).toBe('government');
  });
  it('two places that contradict each other are both candidates, filled only where they agree', () => {
    const { region } = r('赣州市横峰县人民政府');
    expect(region).toMatchObject({ confidence: 'ambiguous', code: null, province_code: '360000', city_code: null });
    expect(region.candidates.map((c) => c.code).sort()).toEqual(['360700', '361125']);
  });
  it('a city name inside a department name is no contradiction', () => {
    expect(r('珠海市中山纪念馆').region).toMatchObject({ code: '440400', confidence: 'exact' });
  });
});

describe('body types', () => {
  const bt = (org: string) => resolveRegion({ org, text: '' }).body_type;
  it('types bodies by what follows their place names', () => {
    expect(bt('横峰县人民政府')).toBe('government');
    expect(bt('横峰县政府')).toBe('government');
    expect(bt('横峰县人民政府办公室')).toBe('gov_office');
    expect(bt('横峰县政府办')).toBe('gov_office');
    expect(bt('横峰县人民政府外事办公室')).toBe('department');
    expect(bt('横峰县财政局')).toBe('department');
    expect(bt('横峰县大数据发展服务中心')).toBe('department');
    expect(bt('文峰区头二三街道办事处')).toBe('township');
    expect(bt('东莞市虎门镇人民政府')).toBe('township');
    expect(bt('赣州经济技术开发区管理委员会')).toBe('zone');
    expect(bt('某某工业园区管委会')).toBe('zone');
    expect(bt('某某镇人民政府')).toBe('township');
    expect(bt('某某县人民政府')).toBe('government');
    expect(bt('某某协会')).toBe('department');
    expect(bt('某某')).toBe('other');
  });
});

describe('large inputs', () => {
  it('clues are still found in the opening of a very long text', () => {
    const text = `本街道在区政府的领导下开展工作。${'无关内容。'.repeat(400_000)}`;
    const { region } = resolveRegion({ org: '江源街道办事处', text });
    expect(region).toMatchObject({ code: '220605002', confidence: 'inferred' });
  });
});

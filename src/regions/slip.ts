// One-character slips in a body's name, as OCR and hurried typing make them (雎宁县 for 睢宁县): a
// place name the gazetteer lacks that is one character away from one it has. Such a reading is never
// exact; it is taken, as an inference, only when the report's text agrees — the right name, its city
// or its province written elsewhere — and the correction is named. Pure: the gazetteer is passed in.
import { pathOf, type Division, type Gazetteer, type NameEntry } from './gazetteer.ts';
import { shortName } from './names.ts';

/**
 * Names of three characters and more (in a two-character name one slip leaves too little to go on),
 * of counties and above: a body's name opens with one of those, and the ~40,000 townships would make
 * the index cost seconds to build.
 */
const MIN_LENGTH = 3;
const MAX_LENGTH = 12;
const HOLE = '\u0000';
/**
 * A place name inside a body's name ends in its unit (睢宁县, 淮安市): the slip is in the name before
 * it, and the unit is the same in both spellings. A segment ending elsewhere (平潭综|合实验区) is no name.
 */
const UNIT_END = /(?:省|市|县|区|旗|州|盟)$/;

const indexes = new WeakMap<Gazetteer, Map<string, string[]>>();
const indexed = (e: NameEntry): boolean => !e.weak && e.div.level !== 'township';

/** Every name with one character left out, → the names it stands for; built on the first slip looked for. */
function holeIndex(g: Gazetteer): Map<string, string[]> {
  let index = indexes.get(g);
  if (index) return index;
  index = new Map();
  for (const [name, entries] of g.byName) {
    if (name.length < MIN_LENGTH || name.length > MAX_LENGTH || !entries.some(indexed)) continue;
    for (let p = 0; p < name.length; p++) {
      const key = name.slice(0, p) + HOLE + name.slice(p + 1);
      const list = index.get(key);
      if (list) list.push(name);
      else index.set(key, [name]);
    }
  }
  indexes.set(g, index);
  return index;
}

export interface Slip {
  /** The name as written, and the gazetteer's name one character away. */
  from: string;
  to: string;
  /** End of the slipped name in the body's name. */
  end: number;
  entries: NameEntry[];
}

/** The names one character away from a name the gazetteer lacks, starting at `at` of `s`. */
export function slipsAt(g: Gazetteer, s: string, at: number): Slip[] {
  const index = holeIndex(g);
  const out: Slip[] = [];
  for (let len = Math.min(MAX_LENGTH, s.length - at); len >= MIN_LENGTH; len--) {
    const written = s.slice(at, at + len);
    if (g.byName.has(written) || !UNIT_END.test(written)) continue;
    for (let p = 0; p < len - 1; p++) {
      for (const name of index.get(written.slice(0, p) + HOLE + written.slice(p + 1)) ?? []) {
        const entries = g.byName.get(name)!.filter(indexed);
        if (entries.length) out.push({ from: written, to: name, end: at + len, entries });
      }
    }
  }
  return out;
}

const mentioned = (text: string, name: string | null): boolean => name !== null && text.includes(name);

/**
 * How much the text backs a corrected reading: the right name itself written elsewhere counts most,
 * then the city it lies in, then the province. Zero is no support at all.
 */
export function slipSupport(d: Division, to: string, text: string): number {
  let score = 0;
  if (mentioned(text, to) || mentioned(text, shortName(to))) score += 4;
  for (const x of pathOf(d)) {
    if (x === d) continue;
    if (x.level === 'city' && (mentioned(text, x.name) || mentioned(text, shortName(x.name)))) score += 3;
    if (x.level === 'county' && mentioned(text, x.name)) score += 3;
    if (x.level === 'province' && (mentioned(text, x.name) || mentioned(text, shortName(x.name)))) score += 1;
  }
  return score;
}

/** Support a reading needs: at least its city, or the right name itself; a province alone is not enough. */
export const ENOUGH_SUPPORT = 2;
/** A region record lists at most this many readings of a slip. */
const MAX_CANDIDATES = 12;

export interface SlipReading {
  slip: Slip;
  div: Division;
  entry: NameEntry;
  /** Every division the slips could mean, best supported first. */
  candidates: Division[];
  /** Whether the text backs this reading over every other one. */
  agreed: boolean;
}

/** The best-supported correction of the name at `at`, or null when no name is one character away. */
export function readSlip(g: Gazetteer, org: string, at: number, text: string): SlipReading | null {
  const slips = slipsAt(g, org, at);
  if (slips.length === 0) return null;
  const scored = slips
    // The name as written is no evidence for its own correction (扶余县 names 扶余 only by the slip).
    .flatMap((slip) => slip.entries.map((entry) => ({ slip, entry, s: slipSupport(entry.div, slip.to, text.replaceAll(slip.from, '\u0000')) })))
    .sort((a, b) => b.s - a.s || b.slip.end - a.slip.end);
  const top = scored[0]!;
  const rival = scored.find((x) => x.entry.div !== top.entry.div);
  const agreed = top.s >= ENOUGH_SUPPORT && (!rival || rival.s < top.s);
  // Candidates: the readings the text backs at all; failing any, those of the name as written.
  const backed = scored.filter((x) => x.s > 0);
  const pool = backed.length ? backed : scored.filter((x) => x.slip.from === top.slip.from);
  return { slip: top.slip, div: top.entry.div, entry: top.entry, candidates: [...new Set(pool.map((x) => x.entry.div))].slice(0, MAX_CANDIDATES), agreed };
}

/**
 * Splitting runs of digits back into table cells. Crawled pages lose the separators between cells
 * (`640020470` is 64|0|0|2|0|4|70); what is left to tell the cells apart is the digits' own form (a
 * cell has no leading zero unless it is 0, a sign only in a signed column, a decimal point only in a
 * money column, white space only between cells) and the template's arithmetic, given here as linear
 * equations over cells. Every split the rules allow is searched — per group by a depth-first search
 * whose sums fix a total cell outright, then across groups by a dynamic programme over the partial
 * sums of the equations still open — within fixed work limits, so that no input can make it hang.
 * A cell is read only where every split still allowed agrees on it; the caller leaves the others
 * blank and says which readings remained. Pure: no I/O, no template knowledge beyond what it is given.
 */

export interface CellSpec {
  /** May be negative (本年增/减). */
  signed?: boolean;
  /** May carry a decimal fraction (money in 万元). */
  decimal?: boolean;
}

/** Cells printed one after the other with their separators lost. */
export interface SplitGroup {
  /** Global indices of the group's cells, in print order. */
  cells: readonly number[];
  specs: readonly CellSpec[];
  /** The printed characters: digits, '.', '-', and white space where a boundary between cells is certain. */
  material: string;
}

/** Σ left = Σ right over global cell indices. */
export interface Equation {
  left: readonly number[];
  right: readonly number[];
}

/** A number the report states elsewhere (its prose) for one cell: used only to choose among splits that remain. */
export interface Fact {
  cell: number;
  value: number;
}

export interface SplitLimits {
  /** Search nodes per group. */
  nodes: number;
  /** Splits kept per group; more means the group is left undecided. */
  readings: number;
  /** State transitions of the cross-group search. */
  transitions: number;
  /** Digits of a cell's integer part when it shares its run with other cells. */
  cellDigits: number;
}

export const DEFAULT_LIMITS: SplitLimits = { nodes: 300_000, readings: 5_000, transitions: 3_000_000, cellDigits: 9 };

/**
 * decided: one reading left; ambiguous: several; unsplittable: the material cannot be cut into the
 * group's cells at all; overflow: too many splits to search within the limits.
 */
export type GroupStatus = 'decided' | 'ambiguous' | 'unsplittable' | 'overflow';

export interface GroupSplit {
  status: GroupStatus;
  /** Per cell of the group: its printed text where every remaining reading agrees, else null. */
  values: (string | null)[];
  /** The remaining readings, each the cells' texts in order. */
  readings: string[][];
  /** False when no split satisfies the group's own arithmetic (its readings then rest on the digits' form alone). */
  balanced: boolean;
}

export interface SplitResult {
  groups: GroupSplit[];
  /**
   * How the equations across groups were used: applied; none to apply; inconsistent (no combination
   * of splits satisfies them all, so they were not used); overflow (too much work, not used).
   */
  joint: 'applied' | 'none' | 'inconsistent' | 'overflow';
}

interface Term {
  local: number;
  coef: number;
}
interface LocalEq {
  terms: Term[];
  /** The local index of the term that comes last in print order: the cell the equation fixes. */
  last: number;
}

const EPS = 1e-9;
const INT = /^(?:0|[1-9]\d*)$/;
const SIGNED = /^-?(?:0|[1-9]\d*)$/;
const DEC = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;
const SIGNED_DEC = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

function lexical(t: string, spec: CellSpec, maxInt: number): boolean {
  const re = spec.signed ? (spec.decimal ? SIGNED_DEC : SIGNED) : spec.decimal ? DEC : INT;
  if (!re.test(t) || t === '-0') return false;
  const dot = t.indexOf('.');
  const intLen = (dot < 0 ? t.length : dot) - (t.startsWith('-') ? 1 : 0);
  return intLen <= maxInt;
}

/** The material without white space, and the positions where a cell must end (white space, a sign). */
function prepare(material: string): { s: string; nextCut: Int32Array } {
  let s = '';
  const cuts: number[] = [];
  for (const ch of material) {
    if (/\s/.test(ch)) {
      if (s.length > 0) cuts.push(s.length);
      continue;
    }
    if ((ch === '-' || ch === '−') && s.length > 0) cuts.push(s.length);
    s += ch === '−' ? '-' : ch;
  }
  // For each position, the first certain cut after it: a cell starting there may not run past it.
  const nextCut = new Int32Array(s.length + 1).fill(s.length);
  for (let p = s.length - 1, at = s.length; p >= 0; p--) {
    nextCut[p] = at;
    if (cuts.includes(p)) at = p;
  }
  return { s, nextCut };
}

class Overflow extends Error {}

/** Every split of one group's material into its cells that its own equations allow. */
function enumerate(g: SplitGroup, eqs: readonly LocalEq[], limits: SplitLimits): { readings: string[][]; overflow: boolean } {
  const { s, nextCut } = prepare(g.material);
  const k = g.cells.length;
  const n = s.length;
  const maxInt = k === 1 ? 15 : limits.cellDigits;
  const maxLen = g.specs.map((sp) => (sp.signed ? 1 : 0) + maxInt + (sp.decimal ? 9 : 0));
  const suffixMax = new Array<number>(k + 1).fill(0);
  for (let i = k - 1; i >= 0; i--) suffixMax[i] = suffixMax[i + 1]! + maxLen[i]!;
  const fixes: LocalEq[][] = Array.from({ length: k }, () => []);
  for (const e of eqs) fixes[e.last]!.push(e);
  const readings: string[][] = [];
  const texts: string[] = [];
  const vals: number[] = [];
  let nodes = 0;
  // A cut may not split a number at its decimal point.
  const cutOk = (q: number): boolean => q === n || (s[q] !== '.' && s[q - 1] !== '.');
  const balanced = (i: number): boolean => {
    for (const e of fixes[i]!) {
      let sum = 0;
      for (const t of e.terms) sum += t.coef * vals[t.local]!;
      if (Math.abs(sum) > EPS) return false;
    }
    return true;
  };
  const dfs = (i: number, p: number): void => {
    if (++nodes > limits.nodes) throw new Overflow();
    if (i === k) {
      if (p === n) {
        if (readings.length >= limits.readings) throw new Overflow();
        readings.push([...texts]);
      }
      return;
    }
    const left = n - p;
    if (left < k - i || left > suffixMax[i]!) return;
    const spec = g.specs[i]!;
    const hi = i === k - 1 ? n : Math.min(n - (k - i - 1), p + maxLen[i]!, nextCut[p]!);
    const lo = i === k - 1 ? n : p + 1;
    // The last cell takes the rest, which may not hold a certain cut.
    if (i === k - 1 && nextCut[p]! < n) return;
    for (let q = lo; q <= hi; q++) {
      if (!cutOk(q)) continue;
      const t = s.slice(p, q);
      if (!lexical(t, spec, maxInt)) {
        // A leading zero or a misplaced sign stays wrong however long the cell grows.
        if ((t.length > 1 && t[0] === '0' && t[1] !== '.') || t === '-0') break;
        continue;
      }
      texts.push(t);
      vals.push(Number(t));
      if (balanced(i)) dfs(i + 1, q);
      texts.pop();
      vals.pop();
    }
  };
  try {
    dfs(0, 0);
  } catch (e) {
    if (e instanceof Overflow) return { readings: [], overflow: true };
    throw e;
  }
  return { readings, overflow: false };
}

type Domains = (number[][] | null)[];

/**
 * The readings of each group that belong to some combination satisfying every cross-group equation:
 * groups in order, a state being the partial sums of the equations; forward to the states that close
 * every equation at zero, then back to the readings on a path that gets there.
 */
function jointViable(
  domains: Domains,
  eqs: readonly { terms: { group: number; local: number; coef: number }[] }[],
  nonNegative: (group: number, local: number) => boolean,
  limits: SplitLimits,
): boolean[][] | 'none' | 'overflow' {
  // Groups with fewest readings first: the totals, mostly settled by their own row, then bound the rest.
  const order = [...new Set(eqs.flatMap((e) => e.terms.map((t) => t.group)))].sort((a, b) => domains[a]!.length - domains[b]!.length || a - b);
  const pos = new Map(order.map((g, i) => [g, i]));
  const contrib: { eq: number; local: number; coef: number }[][] = order.map(() => []);
  const closing: number[][] = order.map(() => []);
  // After layer p, the sign every term still to come has in each equation (0: mixed): with cells that
  // cannot be negative, a partial sum that those terms can only lower may not be below zero, and so on.
  const sign: number[][] = order.map(() => eqs.map(() => 0));
  eqs.forEach((e, ei) => {
    let last = -1;
    for (const t of e.terms) {
      const p = pos.get(t.group)!;
      contrib[p]!.push({ eq: ei, local: t.local, coef: t.coef });
      last = Math.max(last, p);
    }
    closing[last]!.push(ei);
    for (let p = 0; p < order.length; p++) {
      const rest = e.terms.filter((t) => pos.get(t.group)! > p);
      const signs = new Set(rest.map((t) => (nonNegative(t.group, t.local) ? Math.sign(t.coef) : 0)));
      sign[p]![ei] = signs.size === 1 ? [...signs][0]! : 0;
    }
  });
  let transitions = 0;
  const step = (state: number[], p: number, reading: number[]): number[] | null => {
    const v = state.slice();
    for (const c of contrib[p]!) v[c.eq]! += c.coef * reading[c.local]!;
    for (const e of closing[p]!) if (Math.abs(v[e]!) > EPS) return null;
    const sp = sign[p]!;
    for (let e = 0; e < v.length; e++) if ((sp[e] === -1 && v[e]! < -EPS) || (sp[e] === 1 && v[e]! > EPS)) return null;
    return v;
  };
  const key = (v: number[]): string => v.join(',');
  const layers: Map<string, number[]>[] = [new Map([[key(eqs.map(() => 0)), eqs.map(() => 0)]])];
  for (let p = 0; p < order.length; p++) {
    const next = new Map<string, number[]>();
    const dom = domains[order[p]!]!;
    for (const state of layers[p]!.values())
      for (const r of dom) {
        if (++transitions > limits.transitions) return 'overflow';
        const v = step(state, p, r);
        if (v) next.set(key(v), v);
      }
    if (next.size === 0) return 'none';
    layers.push(next);
  }
  const viable: boolean[][] = domains.map((d) => (d ? d.map(() => true) : []));
  for (const g of order) viable[g] = domains[g]!.map(() => false);
  let alive = new Set(layers[order.length]!.keys());
  for (let p = order.length - 1; p >= 0; p--) {
    const before = new Set<string>();
    const dom = domains[order[p]!]!;
    for (const [k, state] of layers[p]!)
      dom.forEach((r, ri) => {
        const v = step(state, p, r);
        if (v && alive.has(key(v))) {
          viable[order[p]!]![ri] = true;
          before.add(k);
        }
      });
    alive = before;
  }
  return viable;
}

/**
 * Splits every group's material into its cells. Cells in no group count as 0 in the equations
 * (blank), except those in `unknown`, whose equations are not used.
 */
export function splitDigits(
  groups: readonly SplitGroup[],
  equations: readonly Equation[],
  facts: readonly Fact[] = [],
  unknown: ReadonlySet<number> = new Set(),
  limits: SplitLimits = DEFAULT_LIMITS,
): SplitResult {
  const where = new Map<number, { group: number; local: number }>();
  groups.forEach((g, gi) => g.cells.forEach((c, local) => where.set(c, { group: gi, local })));
  const termsOf = (e: Equation) => {
    const out: { cell: number; coef: number }[] = [];
    for (const c of e.left) out.push({ cell: c, coef: 1 });
    for (const c of e.right) out.push({ cell: c, coef: -1 });
    return out;
  };
  // Equations whose every cell is in one group (or blank) are that group's own.
  const own: LocalEq[][] = groups.map(() => []);
  const cross: Equation[] = [];
  for (const e of equations) {
    const terms = termsOf(e);
    if (terms.some((t) => unknown.has(t.cell))) continue;
    const inGroups = new Set(terms.flatMap((t) => (where.has(t.cell) ? [where.get(t.cell)!.group] : [])));
    if (inGroups.size === 1) {
      const gi = [...inGroups][0]!;
      const local = terms.filter((t) => where.has(t.cell)).map((t) => ({ local: where.get(t.cell)!.local, coef: t.coef }));
      own[gi]!.push({ terms: local, last: Math.max(...local.map((t) => t.local)) });
    } else if (inGroups.size > 1) cross.push(e);
  }

  const results: GroupSplit[] = [];
  const readings: (string[][] | null)[] = [];
  groups.forEach((g, gi) => {
    let got = enumerate(g, own[gi]!, limits);
    let balanced = true;
    if (!got.overflow && got.readings.length === 0 && own[gi]!.length > 0) {
      // The group's own sums fail for every split: a misprint. Its digits' form alone may still decide it.
      got = enumerate(g, [], limits);
      balanced = false;
    }
    const status: GroupStatus = got.overflow ? 'overflow' : got.readings.length === 0 ? 'unsplittable' : 'ambiguous';
    results.push({ status, values: g.cells.map(() => null), readings: got.readings, balanced });
    readings.push(status === 'overflow' || status === 'unsplittable' ? null : got.readings);
  });

  // Groups whose values are not trustworthy (no split, too many, or their own sums fail) take no part across groups.
  const trusted = (gi: number) => readings[gi] !== null && results[gi]!.balanced;
  const crossEqs = cross
    .filter((e) => termsOf(e).every((t) => !where.has(t.cell) || trusted(where.get(t.cell)!.group)))
    .map((e) => ({ terms: termsOf(e).flatMap((t) => (where.has(t.cell) ? [{ ...where.get(t.cell)!, coef: t.coef }] : [])) }));

  const numeric = (rs: string[][] | null): number[][] | null => (rs ? rs.map((r) => r.map(Number)) : null);
  let current = readings.map((r) => r);
  let joint: SplitResult['joint'] = 'none';
  const applyJoint = (cand: (string[][] | null)[]): (string[][] | null)[] | 'none' | 'overflow' => {
    if (crossEqs.length === 0) return cand;
    const v = jointViable(cand.map(numeric), crossEqs, (gi, local) => !groups[gi]!.specs[local]!.signed, limits);
    if (v === 'none' || v === 'overflow') return v;
    return cand.map((rs, gi) => (rs ? rs.filter((_, ri) => v[gi]![ri]) : rs));
  };
  const first = applyJoint(current);
  if (first === 'none') joint = 'inconsistent';
  else if (first === 'overflow') joint = 'overflow';
  else {
    current = first;
    joint = crossEqs.length ? 'applied' : 'none';
  }
  // The report's own statements settle what the arithmetic leaves open, where they fit some reading.
  for (const f of facts) {
    const at = where.get(f.cell);
    if (!at || !current[at.group]) continue;
    const rs = current[at.group]!;
    const kept = rs.filter((r) => Math.abs(Number(r[at.local]) - f.value) < EPS);
    if (kept.length === 0 || kept.length === rs.length) continue;
    const cand = current.slice();
    cand[at.group] = kept;
    const next = joint === 'applied' ? applyJoint(cand) : cand;
    if (next !== 'none' && next !== 'overflow') current = next;
  }

  results.forEach((res, gi) => {
    const rs = current[gi];
    if (!rs) return;
    res.readings = rs;
    res.values = groups[gi]!.cells.map((_, local) => (rs.length > 0 && rs.every((r) => r[local] === rs[0]![local]) ? rs[0]![local]! : null));
    res.status = rs.length === 1 ? 'decided' : 'ambiguous';
  });
  return { groups: results, joint };
}

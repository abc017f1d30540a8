import { APPLICANT_COLS, cellKey, cellsOf, collapsedKeys, expandedRowsOf, rowsOf, type TemplateVersion } from '../lib/template.ts';
import type { BodyType } from '../lib/types.ts';
import { type Rng, chance, count, int, pick, weighted } from './random.ts';

/** How busy a kind of body is: share of years with no requests at all, and the typical number otherwise. */
const REQUEST_VOLUME: Record<BodyType, { pZero: number; median: number }> = {
  township: { pZero: 0.7, median: 2 },
  department: { pZero: 0.4, median: 6 },
  government: { pZero: 0.25, median: 15 },
  gov_office: { pZero: 0.35, median: 8 },
  zone: { pZero: 0.5, median: 4 },
  other: { pZero: 0.6, median: 3 },
};

/** Who asks: overwhelmingly private persons (relative weights over the six applicant columns). */
const APPLICANT_WEIGHT: Record<string, number> = {
  natural_person: 85,
  commercial: 8,
  research: 0.5,
  social_org: 0.5,
  legal_service: 3,
  other_org: 3,
};

/** How requests end, roughly as national reports show it; rows not listed weigh 1. */
const OUTCOME_WEIGHT: Record<string, number> = {
  granted: 40,
  partly_granted: 8,
  denied_state_secret: 0.3,
  denied_law_prohibited: 0.5,
  denied_three_safety: 0.3,
  denied_third_party: 1.5,
  denied_process_info: 1.5,
  unable_not_held: 25,
  unable_need_creation: 3,
  unable_unclear: 2,
  rejected_petition: 3,
  rejected_duplicate: 2,
  rejected_publication: 0.5,
  rejected_confirm: 0.5,
  other: 5,
  other_no_correction: 2,
  other_no_fee: 0.2,
  other_other: 3,
};

/** The rows of section 3 that are not outcomes: the balance new + carried over = total + carried forward. */
const REQUEST_BALANCE_ROWS = new Set(['new_received', 'carried_over', 'total', 'carried_forward']);
const APPEAL_WEIGHT = { upheld: 60, corrected: 10, other: 15, pending: 15 } as const;

/** Splits n items over weighted bins (a multinomial draw; proportional first when n is large). */
function spread(rng: Rng, n: number, weights: readonly number[]): number[] {
  const out = weights.map(() => 0);
  const total = weights.reduce((a, b) => a + b, 0);
  let left = n;
  if (n > 200)
    weights.forEach((w, i) => {
      const share = Math.floor((n * w) / total * (0.8 + 0.2 * rng()));
      out[i]! += share;
      left -= share;
    });
  const choices = weights.map((w, i) => [i, w] as const);
  for (; left > 0; left--) out[weighted(rng, choices)]!++;
  return out;
}

const applicantCols = APPLICANT_COLS.filter((c) => c.col !== 'total').map((c) => c.col);

function requestCells(rng: Rng, t: TemplateVersion, body: BodyType, cells: Record<string, number | null>): void {
  const outcomes = expandedRowsOf(t, 'requests').filter((r) => !REQUEST_BALANCE_ROWS.has(r.row));
  const volume = REQUEST_VOLUME[body];
  const received = count(rng, volume.pZero, volume.median, 1.2);
  const byApplicant = spread(rng, received, applicantCols.map((c) => APPLICANT_WEIGHT[c] ?? 1));
  const rowTotals = new Map<string, number>();
  const set = (row: string, col: string, v: number) => {
    cells[cellKey('requests', row, col)] = v;
    rowTotals.set(row, (rowTotals.get(row) ?? 0) + v);
  };
  applicantCols.forEach((col, i) => {
    const fresh = byApplicant[i]!;
    const carriedOver = chance(rng, fresh > 0 ? 0.15 : 0.03) ? int(rng, 1, Math.max(1, Math.ceil(fresh * 0.2))) : 0;
    const open = fresh + carriedOver;
    const carriedForward = open > 0 && chance(rng, 0.2) ? int(rng, 0, Math.ceil(open * 0.15)) : 0;
    const handled = open - carriedForward;
    set('new_received', col, fresh);
    set('carried_over', col, carriedOver);
    set('carried_forward', col, carriedForward);
    set('total', col, handled);
    spread(rng, handled, outcomes.map((r) => OUTCOME_WEIGHT[r.row] ?? 1)).forEach((v, j) => set(outcomes[j]!.row, col, v));
  });
  for (const [row, sum] of rowTotals) cells[cellKey('requests', row, 'total')] = sum;
}

function appealCells(rng: Rng, t: TemplateVersion, cells: Record<string, number | null>): void {
  const pZero = { review: 0.85, litigation_direct: 0.92, litigation_after_review: 0.95 } as Record<string, number>;
  for (const r of rowsOf(t, 'appeals')) {
    const n = count(rng, pZero[r.row] ?? 0.9, 1, 1);
    const parts = spread(rng, n, Object.values(APPEAL_WEIGHT));
    Object.keys(APPEAL_WEIGHT).forEach((col, i) => (cells[cellKey('appeals', r.row, col)] = parts[i]!));
    cells[cellKey('appeals', r.row, 'total')] = n;
  }
}

/** Money in 万元 with two decimals, mostly small. */
const wan = (rng: Rng, pZero: number, median: number): number => (chance(rng, pZero) ? 0 : Math.max(0.01, Math.round(count(rng, 0, median * 100, 1.5)) / 100));

function activeCells(rng: Rng, t: TemplateVersion, body: BodyType, cells: Record<string, number | null>): void {
  const rulemaker = body === 'government' || body === 'gov_office';
  const enforcer = body === 'department' || body === 'government';
  const set = (row: string, col: string, v: number) => (cells[cellKey('active', row, col)] = v);
  const docs = (pIssue: number, median: number) => {
    const issued = count(rng, 1 - pIssue, median, 0.8);
    const repealed = count(rng, 1 - pIssue / 3, Math.max(1, median / 2), 0.8);
    return { issued, repealed, in_force: issued + count(rng, 1 - pIssue, median * 8, 1) };
  };
  const decisions = (row: string) => {
    if (row === 'license') return count(rng, enforcer ? 0.35 : 0.75, enforcer ? 300 : 10, 1.5);
    if (row === 'penalty') return count(rng, enforcer ? 0.45 : 0.8, enforcer ? 40 : 4, 1.5);
    if (row === 'coercion') return count(rng, 0.85, 5, 1);
    return count(rng, 0.6, 20, 1.2);
  };
  if (t === '2021') {
    for (const row of ['rules', 'normative_docs']) {
      const d = row === 'rules' ? docs(rulemaker ? 0.1 : 0.01, 1) : docs(rulemaker ? 0.6 : 0.15, 3);
      set(row, 'issued', d.issued);
      set(row, 'repealed', d.repealed);
      set(row, 'in_force', d.in_force);
    }
    for (const row of ['license', 'penalty', 'coercion']) set(row, 'decisions', decisions(row));
    set('fees', 'amount_wan', wan(rng, enforcer ? 0.7 : 0.95, 30));
    return;
  }
  for (const row of ['rules', 'normative_docs']) {
    const d = row === 'rules' ? docs(rulemaker ? 0.1 : 0.01, 1) : docs(rulemaker ? 0.6 : 0.15, 3);
    const published = Math.min(d.issued, d.issued - (chance(rng, 0.1) ? int(rng, 0, d.issued) : 0));
    set(row, 'made', d.issued);
    set(row, 'published', published);
    set(row, 'published_total', d.in_force);
  }
  for (const row of ['license', 'other_services', 'penalty', 'coercion', 'fees']) {
    const prev = count(rng, 0.5, row === 'fees' ? 3 : 12, 1);
    // 本年增/减: most bodies report no change; when they do it is small and may be negative.
    const change = chance(rng, 0.75) ? 0 : Math.max(-prev, int(rng, -4, 4)) || 0; // never -0
    set(row, 'prev_items', prev);
    set(row, 'change', change);
    if (row !== 'fees') set(row, 'decisions', decisions(row));
  }
  const items = count(rng, 0.7, 5, 1);
  set('procurement', 'items', items);
  set('procurement', 'amount', items ? wan(rng, 0, 80) : 0);
}

export type BlankStyle = 'none' | 'requests-zeros' | 'sporadic';

/** Consistent values for every cell of the template: the 勾稽关系 hold by construction. */
export function randomCells(rng: Rng, t: TemplateVersion, body: BodyType, blanks: BlankStyle): Record<string, number | null> {
  const cells: Record<string, number | null> = {};
  activeCells(rng, t, body, cells);
  requestCells(rng, t, body, cells);
  appealCells(rng, t, cells);
  // Emit in template order with every key present, blanking zeros as some bodies leave them empty (002).
  const ordered: Record<string, number | null> = {};
  const collapsed = collapsedKeys(t);
  for (const cell of cellsOf(t)) {
    if (collapsed.has(cell.key)) {
      ordered[cell.key] = null;
      continue;
    }
    const v = cells[cell.key];
    if (v === undefined) throw new Error(`synth: no value generated for ${cell.key}`);
    const blank =
      v === 0 && ((blanks === 'requests-zeros' && cell.section === 'requests') || (blanks === 'sporadic' && chance(rng, 0.08)));
    ordered[cell.key] = blank ? null : v;
  }
  return ordered;
}

export interface InjectedError {
  key: string;
  /** The number printed in the report (the truth a parser must read). */
  printed: number;
  /** The number that would have made the arithmetic hold. */
  consistent: number;
}

/** Breaks one 勾稽关系 by misprinting one count of section 3 or 4, as a careless report does. */
export function injectError(rng: Rng, t: TemplateVersion, cells: Record<string, number | null>): InjectedError {
  const collapsed = collapsedKeys(t);
  const candidates = cellsOf(t).filter((c) => c.section !== 'active' && !collapsed.has(c.key));
  const cell = pick(rng, candidates);
  const consistent = cells[cell.key] ?? 0;
  const delta = pick(rng, [1, 1, 2, 3, 5, 10]);
  const printed = consistent - delta >= 0 && chance(rng, 0.4) ? consistent - delta : consistent + delta;
  cells[cell.key] = printed;
  return { key: cell.key, printed, consistent };
}

/**
 * The template's own arithmetic (勾稽关系), as rules over the template description. Blank and zero
 * are the same for arithmetic: a blank cell counts as 0, and a rule whose cells are all blank is
 * not checked. A failed check never changes a number; it only makes a report's status `warning`.
 */
import { APPLICANT_COLS, ROWS, cellKey, cellsOf, rowsOf, type TemplateVersion } from './template.ts';
import type { CheckResult } from './types.ts';

export interface RuleDef {
  id: string;
  zh: string;
  en: string;
  /** For chart axes and other tight places. */
  shortZh: string;
  shortEn: string;
}

export const RULES: readonly RuleDef[] = [
  { id: 'requests.balance', zh: '新收 + 上年结转 = 办理结果总计 + 结转下年度（每列）', en: 'new + carried over = handled + carried forward (each column)', shortZh: '收结平衡', shortEn: 'balance' },
  { id: 'requests.row_total', zh: '每行总计 = 六类申请人之和', en: "each row's total = sum of the six applicant columns", shortZh: '行合计', shortEn: 'row totals' },
  { id: 'requests.outcome_total', zh: '办理结果总计 = 各办理结果之和（每列）', en: 'total handled = sum of the outcome rows (each column)', shortZh: '办理结果合计', shortEn: 'outcome totals' },
  { id: 'appeals.total', zh: '复议、诉讼总计 = 维持 + 纠正 + 其他 + 尚未审结', en: 'appeals total = upheld + corrected + other + pending', shortZh: '复议诉讼合计', shortEn: 'appeal totals' },
];

const NON_OUTCOME = new Set(['new_received', 'carried_over', 'total', 'carried_forward']);
const rowLabel = (row: string): string => ROWS.find((r) => r.section === 'requests' && r.row === row)?.label ?? row;
const shortLabel = (row: string): string => rowLabel(row).replace(/^[一二三四]、/, '');
const colLabel = (col: string): string => (APPLICANT_COLS.find((c) => c.col === col)?.label ?? col).replace('法人或其他组织 ', '');

type Cells = Readonly<Record<string, number | null | undefined>>;
/** A template's cells in print order (the order of `cellsOf`). */
type Values = readonly (number | null)[];

/** Rounds away floating-point noise from sums of decimals (fees are in 万元 with cents). */
const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;
/** Counts (most values) print as they are: rounding to 6 decimals cannot change an integer this small. */
export const fmt = (n: number): string => (Number.isInteger(n) && Math.abs(n) < 1e9 ? String(n) : String(Math.round(n * 1e6) / 1e6));

interface Term {
  label: string;
  /** The cell's index in the template's print order. */
  at: number;
}
/** One rule applied to one column or row, compiled once per template: `left` must equal `right`. */
interface Compiled {
  rule: string;
  scope: string;
  prefix: string;
  left: Term[];
  right: Term[];
  /** How a passing check reads, the two sides named, not itemised: `${passHead}${left}${passMiddle}${right}`. */
  passHead: string;
  passMiddle: string;
}

const SIDE_NAMES: Record<string, [string, string]> = {
  'requests.balance': ['新收 + 上年结转', '办理结果总计 + 结转下年度'],
  'requests.row_total': ['总计', '六类申请人之和'],
  'requests.outcome_total': ['办理结果总计', '各办理结果之和'],
  'appeals.total': ['总计', '维持 + 纠正 + 其他 + 尚未审结'],
};

function compile(template: TemplateVersion): Compiled[] {
  const out: Compiled[] = [];
  const index = new Map(cellsOf(template).map((c, i) => [c.key, i]));
  const term = (key: string, label: string): Term => ({ label, at: index.get(key)! });
  const add = (c: Omit<Compiled, 'passHead' | 'passMiddle'>) => out.push(named(c));
  const req = (row: string, col: string): Term => term(cellKey('requests', row, col), shortLabel(row));
  const outcomes = rowsOf(template, 'requests').filter((r) => !NON_OUTCOME.has(r.row));
  for (const { col } of APPLICANT_COLS)
    add({
      rule: 'requests.balance',
      scope: col,
      prefix: `${colLabel(col)}：`,
      left: [req('new_received', col), req('carried_over', col)],
      right: [req('total', col), req('carried_forward', col)],
    });
  for (const r of rowsOf(template, 'requests'))
    add({
      rule: 'requests.row_total',
      scope: r.row,
      prefix: `${shortLabel(r.row)}：`,
      left: [term(cellKey('requests', r.row, 'total'), '总计')],
      right: APPLICANT_COLS.filter((c) => c.col !== 'total').map((c) => term(cellKey('requests', r.row, c.col), colLabel(c.col))),
    });
  for (const { col } of APPLICANT_COLS)
    add({
      rule: 'requests.outcome_total',
      scope: col,
      prefix: `${colLabel(col)}：`,
      left: [req('total', col)],
      right: outcomes.map((r) => term(cellKey('requests', r.row, col), shortLabel(r.row).replace(/（.*?）/g, ''))),
    });
  for (const r of rowsOf(template, 'appeals')) {
    const cell = (col: string, label: string): Term => term(cellKey('appeals', r.row, col), label);
    add({
      rule: 'appeals.total',
      scope: r.row,
      prefix: `${r.label}：`,
      left: [cell('total', '总计')],
      right: [cell('upheld', '维持'), cell('corrected', '纠正'), cell('other', '其他'), cell('pending', '尚未审结')],
    });
  }
  return out;
}

function named(c: Omit<Compiled, 'passHead' | 'passMiddle'>): Compiled {
  const [leftName, rightName] = SIDE_NAMES[c.rule]!;
  return { ...c, passHead: `${c.prefix}${leftName} `, passMiddle: ` = ${rightName} ` };
}

const COMPILED = new Map<TemplateVersion, Compiled[]>();

const valueOf = (values: Values, at: number): string => (values[at] == null ? '空' : fmt(values[at]!));

/** "a 1 + b 2 = 3"; long sums name only their printed terms, blanks are counted, not listed. */
function show(values: Values, terms: readonly Term[], total: number): string {
  if (terms.length === 1) return `${terms[0]!.label} ${valueOf(values, terms[0]!.at)}`;
  const printed = terms.filter((t) => terms.length <= 6 || (values[t.at] ?? 0) !== 0);
  const rest = terms.length - printed.length;
  const parts = printed.map((t) => `${t.label} ${valueOf(values, t.at)}`);
  if (rest) parts.push(`其余 ${rest} 项为 0 或空`);
  return `${parts.join(' + ')} = ${fmt(total)}`;
}

/** Both sides of a passing check are usually the same number, printed once. */
function passDetail(c: Compiled, l: number, r: number): string {
  const left = fmt(l);
  return c.passHead + left + c.passMiddle + (l === r ? left : fmt(r));
}

/** The checks of a report given as a cell record (a missing key is a blank cell). */
export function runChecks(template: TemplateVersion, cells: Cells): CheckResult[] {
  return checkValues(template, cellsOf(template).map((c) => cells[c.key] ?? null));
}

function compiledOf(template: TemplateVersion): Compiled[] {
  let compiled = COMPILED.get(template);
  if (!compiled) COMPILED.set(template, (compiled = compile(template)));
  return compiled;
}

/**
 * Each rule applied to one column or row as an equation over cell indices in print order (cellsOf):
 * Σ left = Σ right. The glued-text reader splits run-together digits with them.
 */
export function ruleEquations(template: TemplateVersion): { rule: string; scope: string; left: number[]; right: number[] }[] {
  return compiledOf(template).map((c) => ({ rule: c.rule, scope: c.scope, left: c.left.map((t) => t.at), right: c.right.map((t) => t.at) }));
}

/** The checks of a report given as its template's cells in print order: what the parser keeps while parsing. */
export function checkValues(template: TemplateVersion, values: Values): CheckResult[] {
  const compiled = compiledOf(template);
  const out: CheckResult[] = [];
  for (const c of compiled) {
    let l = 0;
    let r = 0;
    let any = false;
    for (const t of c.left) {
      const v = values[t.at];
      if (v != null) (l += v), (any = true);
    }
    for (const t of c.right) {
      const v = values[t.at];
      if (v != null) (r += v), (any = true);
    }
    if (!any) continue;
    const ok = same(l, r);
    // A failure itemises both sides so that a reader can find the wrong cell; a pass just sums them.
    const detail = ok
      ? passDetail(c, l, r)
      : `${c.prefix}${show(values, c.left, l)} ≠ ${show(values, c.right, r)}`;
    out.push({ rule: c.rule, scope: c.scope, ok, detail });
  }
  return out;
}

/**
 * The template's own arithmetic (勾稽关系), as rules over the template description. Blank and zero
 * are the same for arithmetic: a blank cell counts as 0, and a rule whose cells are all blank is
 * not checked. A failed check never changes a number; it only makes a report's status `warning`.
 */
import { APPLICANT_COLS, ROWS, cellKey, rowsOf, type TemplateVersion } from './template.ts';
import type { CheckResult } from './types.ts';

export interface RuleDef {
  id: string;
  zh: string;
  en: string;
}

export const RULES: readonly RuleDef[] = [
  { id: 'requests.balance', zh: '新收 + 上年结转 = 办理结果总计 + 结转下年度（每列）', en: 'new + carried over = handled + carried forward (each column)' },
  { id: 'requests.row_total', zh: '每行总计 = 六类申请人之和', en: "each row's total = sum of the six applicant columns" },
  { id: 'requests.outcome_total', zh: '办理结果总计 = 各办理结果之和（每列）', en: 'total handled = sum of the outcome rows (each column)' },
  { id: 'appeals.total', zh: '复议、诉讼总计 = 维持 + 纠正 + 其他 + 尚未审结', en: 'appeals total = upheld + corrected + other + pending' },
];

const NON_OUTCOME = new Set(['new_received', 'carried_over', 'total', 'carried_forward']);
const rowLabel = (row: string): string => ROWS.find((r) => r.section === 'requests' && r.row === row)?.label ?? row;
const shortLabel = (row: string): string => rowLabel(row).replace(/^[一二三四]、/, '');
const colLabel = (col: string): string => (APPLICANT_COLS.find((c) => c.col === col)?.label ?? col).replace('法人或其他组织 ', '');

type Cells = Readonly<Record<string, number | null | undefined>>;

/** Rounds away floating-point noise from sums of decimals (fees are in 万元 with cents). */
const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;
const fmt = (n: number): string => String(Math.round(n * 1e6) / 1e6);

interface Side {
  terms: { label: string; key: string }[];
}

function compare(cells: Cells, rule: string, scope: string, left: Side, right: Side): CheckResult | null {
  const all = [...left.terms, ...right.terms];
  if (all.every((t) => cells[t.key] == null)) return null;
  const sum = (s: Side) => s.terms.reduce((acc, t) => acc + (cells[t.key] ?? 0), 0);
  const l = sum(left);
  const r = sum(right);
  const ok = same(l, r);
  return { rule, scope, ok, detail: `${show(cells, left, l)} ${ok ? '=' : '≠'} ${show(cells, right, r)}` };
}

/** "a 1 + b 2 = 3"; long sums name only their printed terms, blanks are counted, not listed. */
function show(cells: Cells, side: Side, total: number): string {
  const value = (key: string) => (cells[key] == null ? '空' : fmt(cells[key]!));
  if (side.terms.length === 1) return `${side.terms[0]!.label} ${value(side.terms[0]!.key)}`;
  const printed = side.terms.filter((t) => side.terms.length <= 6 || (cells[t.key] ?? 0) !== 0);
  const rest = side.terms.length - printed.length;
  const parts = printed.map((t) => `${t.label} ${value(t.key)}`);
  if (rest) parts.push(`其余 ${rest} 项为 0 或空`);
  return `${parts.join(' + ')} = ${fmt(total)}`;
}

export function runChecks(template: TemplateVersion, cells: Cells): CheckResult[] {
  const out: CheckResult[] = [];
  const push = (c: CheckResult | null) => c && out.push(c);
  const req = (row: string, col: string) => ({ key: cellKey('requests', row, col), label: shortLabel(row) });
  const outcomes = rowsOf(template, 'requests').filter((r) => !NON_OUTCOME.has(r.row));

  for (const { col } of APPLICANT_COLS) {
    const where = `${colLabel(col)}：`;
    const left = { terms: [req('new_received', col), req('carried_over', col)] };
    const right = { terms: [req('total', col), req('carried_forward', col)] };
    const c = compare(cells, 'requests.balance', col, left, right);
    if (c) push({ ...c, detail: where + c.detail });
  }
  for (const r of rowsOf(template, 'requests')) {
    const parts = APPLICANT_COLS.filter((c) => c.col !== 'total').map((c) => ({ key: cellKey('requests', r.row, c.col), label: colLabel(c.col) }));
    const c = compare(cells, 'requests.row_total', r.row, { terms: [{ key: cellKey('requests', r.row, 'total'), label: '总计' }] }, { terms: parts });
    if (c) push({ ...c, detail: `${shortLabel(r.row)}：${c.detail}` });
  }
  for (const { col } of APPLICANT_COLS) {
    const parts = outcomes.map((r) => ({ key: cellKey('requests', r.row, col), label: shortLabel(r.row).replace(/（.*?）/g, '') }));
    const c = compare(cells, 'requests.outcome_total', col, { terms: [req('total', col)] }, { terms: parts });
    if (c) push({ ...c, detail: `${colLabel(col)}：${c.detail}` });
  }
  for (const r of rowsOf(template, 'appeals')) {
    const term = (col: string, label: string) => ({ key: cellKey('appeals', r.row, col), label });
    const parts = [term('upheld', '维持'), term('corrected', '纠正'), term('other', '其他'), term('pending', '尚未审结')];
    const c = compare(cells, 'appeals.total', r.row, { terms: [term('total', '总计')] }, { terms: parts });
    if (c) push({ ...c, detail: `${r.label}：${c.detail}` });
  }
  return out;
}

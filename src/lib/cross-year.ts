/**
 * Cross-year checks: the same body's reports in consecutive years must carry over consistently.
 *
 * - `cross.carried_over`: this year's 上年结转 equals last year's 结转下年度 (each applicant column both print).
 * - `cross.prev_items` (2019 template, both years): this year's 上一年项目数量 equals last year's
 *   上一年项目数量 + 本年增/减 (each row of section 2 that has both columns).
 *
 * A body is identified across years by its region code and its normalised name (see `bodyKey`): the
 * same rule runs in DuckDB at build time (`bodyKeySql`) and in the browser (the Report page finds the
 * same body's other years by it). The rows and columns come from `template.ts`.
 */
import { APPLICANT_COLS, ROWS, cellKey, columnName } from './template.ts';

export interface CrossRuleDef {
  id: string;
  zh: string;
  en: string;
}

export const CROSS_RULES: readonly CrossRuleDef[] = [
  { id: 'cross.carried_over', zh: '本年上年结转 = 上年结转下年度', en: "this year's carried over = last year's carried forward" },
  { id: 'cross.prev_items', zh: '本年上一年项目数量 = 上年上一年项目数量 + 本年增/减（2019版）', en: "this year's items last year = last year's items last year + change (2019 template)" },
];

/**
 * Characters a body's name may differ by between years without being another body: white space
 * (ASCII, no-break, ideographic), brackets and dots of either width, quotes.
 * Written out once so the SQL class and the JavaScript class are the same characters.
 */
const STRIP = ['\t', '\n', '\r', '\f', '\v', ' ', '\u00a0', '\u3000', '(', ')', '（', '）', '·', '・', '.', '。', '"', '“', '”', "'", '‘', '’'];
const jsClass = new RegExp(`[${STRIP.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g');
/** RE2 (DuckDB) spells a code point \x{hhhh}. */
const sqlClass = `[${STRIP.map((c) => `\\x{${c.charCodeAt(0).toString(16)}}`).join('')}]`;

/** The body's identity across years: `<region code>|<name without the characters above, lower-cased>`. */
export function bodyKey(org: unknown, regionCode: unknown): string | null {
  if (typeof org !== 'string' || typeof regionCode !== 'string' || !regionCode) return null;
  const name = org.replace(jsClass, '').toLowerCase();
  return name ? `${regionCode}|${name}` : null;
}

/** The same key in DuckDB SQL over the columns `org` and `region_code` of `alias`. */
export function bodyKeySql(alias: string): string {
  const name = `regexp_replace(${alias}.org, '${sqlClass}', '', 'g')`;
  return `CASE WHEN ${alias}.org IS NOT NULL AND ${alias}.region_code IS NOT NULL AND ${alias}.region_code <> '' AND lower(${name}) <> ''
    THEN ${alias}.region_code || '|' || lower(${name}) END`;
}

/**
 * One cross-year equation, written once: the build compiles it to SQL (`crossChecksSql`), /check
 * evaluates it in JavaScript (`crossChecksBetween`); tests/cross-year.test.ts holds the two equal.
 */
export interface CrossPair {
  rule: string;
  scope: string;
  /** Last year's cells (template keys), summed: the side the later report should repeat. */
  earlier: readonly string[];
  /** This year's cell. */
  later: string;
  /** Both reports must be of this template. */
  template?: '2019';
}

/** Two sides agree within this (money cells are DOUBLE). */
export const CROSS_TOLERANCE = 1e-6;

export const CROSS_PAIRS: readonly CrossPair[] = (() => {
  const out: CrossPair[] = [];
  for (const { col } of APPLICANT_COLS)
    out.push({ rule: 'cross.carried_over', scope: col, earlier: [cellKey('requests', 'carried_forward', col)], later: cellKey('requests', 'carried_over', col) });
  const items = ROWS.filter((r) => r.section === 'active' && r.template === '2019' && r.cols.some((c) => c.col === 'prev_items') && r.cols.some((c) => c.col === 'change'));
  for (const r of items)
    out.push({
      rule: 'cross.prev_items',
      scope: r.row,
      earlier: [cellKey('active', r.row, 'prev_items'), cellKey('active', r.row, 'change')],
      later: cellKey('active', r.row, 'prev_items'),
      template: '2019',
    });
  return out;
})();

/** One report as the cross-year rules see it: its year, template and cells by template key (blank is null). */
export interface CrossSide {
  year: number | null;
  template: string | null;
  cell(key: string): number | null;
}

export interface CrossCheck {
  rule: string;
  scope: string;
  /** Last year's side (the sum of `pair.earlier`) and this year's cell. */
  expected: number;
  actual: number;
  ok: boolean;
  pair: CrossPair;
}

/**
 * Every cross-year check between the later report and the same body's report of the year before,
 * where both sides are printed (a blank cell on either side is no check) — what `crossChecksSql`
 * writes for the pair, in the order of CROSS_PAIRS.
 */
export function crossChecksBetween(later: CrossSide, earlier: CrossSide): CrossCheck[] {
  if (later.year === null || earlier.year === null || later.year !== earlier.year + 1) return [];
  const out: CrossCheck[] = [];
  for (const pair of CROSS_PAIRS) {
    if (pair.template && (later.template !== pair.template || earlier.template !== pair.template)) continue;
    const parts = pair.earlier.map((k) => earlier.cell(k));
    const actual = later.cell(pair.later);
    if (actual === null || parts.some((v) => v === null)) continue;
    const expected = (parts as number[]).reduce((a, b) => a + b, 0);
    out.push({ rule: pair.rule, scope: pair.scope, expected, actual, ok: Math.abs(expected - actual) < CROSS_TOLERANCE, pair });
  }
  return out;
}

/** The checks between one report and another of the same body, a year before or after it. */
export interface CrossAround<T> {
  other: T;
  /** `prev`: the other report is of the year before (the checked one is the later side). */
  direction: 'prev' | 'next';
  checks: CrossCheck[];
}

/** One report against the same body's reports of the adjacent years (others are ignored). */
export function crossChecksAround<T extends CrossSide>(report: CrossSide, others: readonly T[]): CrossAround<T>[] {
  const out: CrossAround<T>[] = [];
  for (const other of others) {
    if (report.year === null || other.year === null) continue;
    if (other.year === report.year - 1) out.push({ other, direction: 'prev', checks: crossChecksBetween(report, other) });
    else if (other.year === report.year + 1) out.push({ other, direction: 'next', checks: crossChecksBetween(other, report) });
  }
  return out;
}

/**
 * Every cross-year check over a relation with the `reports` columns: one row per (report, the same
 * body's report of the year before, rule, scope) where both sides are printed.
 * Columns: body_key, year, report_id, prev_year, prev_report_id, rule, scope, expected, actual, ok.
 */
export function crossChecksSql(source: string): string {
  const keyed = `SELECT ${bodyKeySql('r')} AS body_key, r.* FROM ${source} r`;
  const selects = CROSS_PAIRS.map((p) => {
    const expected = p.earlier.map((k) => `p.${columnName(k)}`).join(' + ');
    const actual = `c.${columnName(p.later)}`;
    return `SELECT c.body_key, c.year, c.id AS report_id, p.year AS prev_year, p.id AS prev_report_id,
      '${p.rule}' AS rule, '${p.scope}' AS scope, CAST(${expected} AS DOUBLE) AS expected, CAST(${actual} AS DOUBLE) AS actual
    FROM keyed c JOIN keyed p ON p.body_key = c.body_key AND p.year = c.year - 1
    WHERE ${p.template ? `c.template = '${p.template}' AND p.template = '${p.template}' AND ` : ''}(${expected}) IS NOT NULL AND ${actual} IS NOT NULL`;
  });
  return `WITH keyed AS (${keyed} WHERE ${bodyKeySql('r')} IS NOT NULL)
    SELECT *, abs(expected - actual) < ${CROSS_TOLERANCE} AS ok FROM (${selects.join('\n    UNION ALL ')})`;
}

/** Every report with an identity: body_key, year, id, org (the Report page's "same body, other years"). */
export function bodyYearsSql(source: string): string {
  return `SELECT * FROM (SELECT ${bodyKeySql('r')} AS body_key, r.year, r.id AS report_id, r.org FROM ${source} r) WHERE body_key IS NOT NULL`;
}

/** A check's message in the reader's language, from its numbers (so no language is stored). */
export function crossMessage(rule: string, scope: string, expected: number, actual: number, prevYear: number, lang: 'zh' | 'en'): string {
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6));
  const row = ROWS.find((r) => r.row === scope && (rule === 'cross.prev_items' ? r.section === 'active' : false));
  const col = APPLICANT_COLS.find((c) => c.col === scope);
  const where = rule === 'cross.prev_items' ? (lang === 'zh' ? row?.label ?? scope : row?.en ?? scope) : lang === 'zh' ? col?.label ?? scope : col?.en ?? scope;
  if (rule === 'cross.carried_over')
    return lang === 'zh'
      ? `${where}：上年结转 ${fmt(actual)}，${prevYear} 年结转下年度 ${fmt(expected)}`
      : `${where}: carried over ${fmt(actual)}, carried forward in ${prevYear} ${fmt(expected)}`;
  return lang === 'zh'
    ? `${where}：上一年项目数量 ${fmt(actual)}，${prevYear} 年上一年项目数量 + 本年增/减 = ${fmt(expected)}`
    : `${where}: items last year ${fmt(actual)}, ${prevYear}'s items last year + change = ${fmt(expected)}`;
}

/**
 * SQL for the dashboard, built only from the metrics catalogue, fixed column names and the
 * allow-listed view state; every value travels as a prepared-statement parameter.
 */
import { METRIC_BY_ID, type Metric } from '../metrics.ts';
import type { Param } from './connectors/wasm.ts';
import type { Query } from './coordinator.ts';
import type { Group, ViewState } from './url-state.ts';

export type RegionLevel = 'province' | 'municipality' | 'city' | 'county' | 'township' | string;
export type LevelOf = (code: string) => RegionLevel | undefined;

// A 直辖市 ('municipality') is a province whose cities are itself: it splits straight into counties.
const CHILD_COLUMN: Record<string, string> = { country: 'province_code', province: 'city_code', municipality: 'county_code', city: 'county_code', county: 'county_code' };
/** The column that holds a region's code, by its level. */
export const LEVEL_COLUMN: Record<string, string> = { province: 'province_code', municipality: 'province_code', city: 'city_code', county: 'county_code' };

export interface Filters {
  y0: number | null;
  y1: number | null;
  regions: string[];
  bodies: string[];
  template: string | null;
}

export const filtersOf = (s: ViewState): Filters => ({ y0: s.y0, y1: s.y1, regions: s.regions, bodies: s.bodies, template: s.template });

/**
 * A year as a parameter. DuckDB-WASM passes every number to DuckDB as a DOUBLE (parameters travel as
 * JSON), so a statement whose parameter DuckDB typed INTEGER (`year >= ?`) no longer matches its
 * value: DuckDB binds and plans it again at every execution, and compares CAST(year AS DOUBLE) row by
 * row. Typed DOUBLE and cast once to INTEGER, the parameter matches and the prepared plan is reused.
 */
const YEAR_PARAM = 'CAST(CAST(? AS DOUBLE) AS INTEGER)';

/** WHERE clause over the rollup (same column names in `reports`). */
export function where(f: Filters, levelOf: LevelOf, extra: { sql: string; params: Param[] }[] = []): { sql: string; params: Param[] } {
  const parts: string[] = [];
  const params: Param[] = [];
  if (f.y0 !== null) { parts.push(`year >= ${YEAR_PARAM}`); params.push(f.y0); }
  if (f.y1 !== null) { parts.push(`year <= ${YEAR_PARAM}`); params.push(f.y1); }
  if (f.regions.length) {
    const ors = f.regions.map((code) => {
      const col = LEVEL_COLUMN[levelOf(code) ?? ''];
      if (col) { params.push(code); return `${col} = ?`; }
      // Unknown level: match the code at every level.
      params.push(code, code, code);
      return `(province_code = ? OR city_code = ? OR county_code = ?)`;
    });
    parts.push(`(${ors.join(' OR ')})`);
  }
  if (f.bodies.length) { parts.push(`body_type IN (${f.bodies.map(() => '?').join(', ')})`); params.push(...f.bodies); }
  if (f.template) { parts.push('template = ?'); params.push(f.template); }
  for (const e of extra) { parts.push(e.sql); params.push(...e.params); }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** The column that splits a region filter into its children (the country splits into provinces). */
export function regionGroupColumn(regions: string[], levelOf: LevelOf): string {
  if (regions.length !== 1) return 'province_code';
  return CHILD_COLUMN[levelOf(regions[0]!) ?? ''] ?? 'province_code';
}

export function groupColumn(group: Group, f: Filters, levelOf: LevelOf): string {
  if (group === 'year') return 'year';
  if (group === 'body_type') return 'body_type';
  return regionGroupColumn(f.regions, levelOf);
}

export const partAliases = (m: Metric): string[] => m.parts.map((_, i) => `p${i}`);

/** A metric's coverage (reports leaving it blank, deriving its total) and a ratio's base, as `<prefix>blank`… */
const coverageExprs = (m: Metric, prefix: string): string[] => [
  `SUM(${m.coverage.blank}) AS ${prefix}blank`,
  `SUM(${m.coverage.derived}) AS ${prefix}derived`,
  ...(m.base ? [`${m.base} AS ${prefix}base`] : []),
];

/** One metric grouped by one key: rows of {k, n (reports), p0…pN, blank, derived[, base]}. */
export function metricByGroup(m: Metric, f: Filters, keyColumn: string, levelOf: LevelOf): Query {
  if (!/^[a-z_]+$/.test(keyColumn)) throw new Error(`bad group column ${keyColumn}`);
  const w = where(f, levelOf, keyColumn === 'year' ? [] : [{ sql: `${keyColumn} IS NOT NULL`, params: [] }]);
  const parts = [...m.parts.map((p, i) => `${p.sql} AS p${i}`), ...coverageExprs(m, '')].join(', ');
  return {
    sql: `SELECT ${keyColumn} AS k, SUM(reports) AS n, ${parts} FROM rollup ${w.sql} GROUP BY ${keyColumn} ORDER BY ${keyColumn}`,
    params: w.params,
    columns: m.columns,
  };
}

/** Headline totals for several metrics at once (one row). */
export function totals(metrics: Metric[], f: Filters, levelOf: LevelOf): Query {
  const w = where(f, levelOf);
  const exprs = metrics.flatMap((m, j) => [...m.parts.map((p, i) => `${p.sql} AS m${j}_p${i}`), ...coverageExprs(m, `m${j}_`)]);
  return {
    sql: `SELECT SUM(reports) AS n, SUM(n_warning) AS n_warning, ${exprs.join(', ')} FROM rollup ${w.sql}`,
    params: w.params,
    columns: [...new Set(metrics.flatMap((m) => m.columns))],
  };
}

/**
 * The headline totals of `totals`, one row per year (`k` = year): what a card's change from the
 * previous year reads. Same expressions and aliases as `totals`, so one coverage reader serves both.
 */
export function totalsByYear(metrics: Metric[], f: Filters, levelOf: LevelOf): Query {
  const w = where(f, levelOf);
  const exprs = metrics.flatMap((m, j) => [...m.parts.map((p, i) => `${p.sql} AS m${j}_p${i}`), ...coverageExprs(m, `m${j}_`)]);
  return {
    sql: `SELECT year AS k, SUM(reports) AS n, ${exprs.join(', ')} FROM rollup ${w.sql} GROUP BY year ORDER BY year`,
    params: w.params,
    columns: [...new Set(metrics.flatMap((m) => m.columns))],
  };
}

/** How many reports match the filters, from the rollup's per-group counts (no report is read). */
export function reportCount(f: Filters, levelOf: LevelOf): Query {
  const w = where(f, levelOf);
  return { sql: `SELECT SUM(reports) AS n FROM rollup ${w.sql}`, params: w.params, columns: [] };
}

/** Filters narrowed to one compare item (`r:<code>` or `b:<body type>`). */
export function narrowTo(f: Filters, item: string): Filters {
  const value = item.slice(2);
  return item.startsWith('r:') ? { ...f, regions: [value] } : { ...f, bodies: [value] };
}

/** A metric for one compare item per year. */
export function compareQuery(m: Metric, item: string, f: Filters, levelOf: LevelOf): Query {
  return metricByGroup(m, narrowTo(f, item), 'year', levelOf);
}

export const metricOf = (id: string): Metric => {
  const m = METRIC_BY_ID.get(id);
  if (!m) throw new Error(`unknown metric ${id}`);
  return m;
};

/** The value of a metric from a result row: sum of parts, or the single ratio. */
export function valueOf(m: Metric, row: Record<string, unknown>, prefix = 'p'): number | null {
  const vals = m.parts.map((_, i) => row[`${prefix}${i}`]);
  if (vals.every((v) => v === null || v === undefined)) return null;
  return vals.reduce<number>((a, v) => a + (typeof v === 'number' ? v : 0), 0);
}

/**
 * The SQL that derives the dataset's tables from its per-report rows — the order of `reports`, the
 * duplicates, `regions`, `rollup_region_year`, `rollup_checks` (the cross-year tables are in
 * src/lib/cross-year.ts). Plain SQL text over named relations, free of Node and of files: `gongkai
 * build` runs it in native DuckDB over its Parquet parts, the browser's import (src/lib/client/mine)
 * in DuckDB-WASM over the imported reports, so both datasets are derived by the same statements.
 */
import { coverageSelect } from './coverage.ts';
import { ALL_CELLS, columnName } from '../lib/template.ts';
import { CELL_COLUMNS, ident } from './schema.ts';

/** The order of a `reports` year file (see REPORTS_ROW_GROUP_SIZE: the region codes' statistics stay tight). */
export const REPORTS_ORDER = 'province_code, city_code, county_code, id';

/**
 * Files with the same bytes as another: the first by path keeps the report row, the others are
 * 'duplicate' with a message naming it. Statements over the table `inputs`, in order.
 */
export const DUPLICATES_SQL: readonly string[] = [
  `CREATE TABLE winners AS SELECT id, min(file) AS file FROM inputs WHERE status IN ('ok', 'warning') GROUP BY id`,
  `UPDATE inputs SET status = 'duplicate', code = 'duplicate', message = NULL
    FROM winners w WHERE inputs.id = w.id AND inputs.file <> w.file AND inputs.status IN ('ok', 'warning')`,
  `UPDATE inputs SET message = '与 ' || f.file || ' 的字节完全相同' ||
      CASE WHEN f.status IN ('ok', 'warning') THEN '（报告只计一次）' ELSE '，而该文件不是可用的报告（' || coalesce(f.code, 'error') || '）' END
    FROM (SELECT id, min(file) AS file, arg_min(status, file) AS status, arg_min(code, file) AS code FROM inputs WHERE status <> 'duplicate' GROUP BY id) f
    WHERE inputs.status = 'duplicate' AND inputs.id = f.id`,
];

/** `regions`: the divisions that appear in the reports of `src`, with their ancestors. */
export const regionsSelect = (src: string): string => `
      SELECT DISTINCT province_code AS code, 'province' AS level, province AS name, NULL AS parent_code, province_code, NULL AS city_code, NULL AS county_code
        FROM ${src} WHERE province_code IS NOT NULL
      UNION SELECT DISTINCT city_code, 'city', city, province_code, province_code, city_code, NULL FROM ${src} WHERE city_code IS NOT NULL
      UNION SELECT DISTINCT county_code, 'county', county, coalesce(city_code, province_code), province_code, city_code, county_code
        FROM ${src} WHERE county_code IS NOT NULL
      UNION SELECT DISTINCT township_code, 'township', township, coalesce(county_code, city_code, province_code), province_code, city_code, county_code
        FROM ${src} WHERE township_code IS NOT NULL
      ORDER BY code`;

export const ROLLUP_ORDER = 'year, province_code, city_code, county_code, body_type, template';

/** `rollup_region_year`'s rows of the reports of `src` that match `where` (the build runs it a year at a time). */
export function rollupSelect(src: string, where: string): string {
  const sums = CELL_COLUMNS.map((c) => `CAST(SUM(${ident(c.name)}) AS ${c.type === 'INTEGER' ? 'BIGINT' : 'DOUBLE'}) AS ${ident(c.name)}`);
  return `SELECT year, province_code, city_code, county_code, body_type, template, count(*)::BIGINT AS reports,
      count(*) FILTER (WHERE status = 'warning')::BIGINT AS n_warning, ${sums.join(', ')}, ${coverageSelect().join(', ')}
    FROM ${src} WHERE ${where} GROUP BY ${ROLLUP_ORDER}`;
}

/** Each check of `checks` with its report's grouping columns from `reports`, for `rollupChecksSelect`. */
export const checkRowsSelect = (checks: string, reports: string): string =>
  `SELECT c.year, r.province_code, r.body_type, r.template, c.rule, c.ok FROM ${checks} c JOIN ${reports} r ON r.id = c.report_id`;

/** The same, for a dataset without checks. */
export const NO_CHECK_ROWS = `SELECT NULL::SMALLINT AS year, NULL AS province_code, NULL AS body_type, NULL AS template, NULL AS rule, NULL::BOOLEAN AS ok WHERE false`;

/** `rollup_checks`: the checks applied and failed per group, over `checkRowsSelect`'s rows. */
export const rollupChecksSelect = (checkRows: string): string => `
      SELECT year, province_code, body_type, template, rule, count(*)::BIGINT AS checks, count(*) FILTER (WHERE NOT ok)::BIGINT AS failed
      FROM (${checkRows}) GROUP BY ALL ORDER BY ALL`;

export const CROSS_CHECKS_ORDER = 'report_id, rule, scope';
export const BODY_YEARS_ORDER = 'body_key, year, report_id';

/** Long form of the wide rows in `src`: one row per cell of each report's own template. */
export function cellsSelect(src: string, cellMap: string): string {
  const cellCols = CELL_COLUMNS.map((c) => ident(c.name));
  return `SELECT u.id AS report_id, u.year, u.province_code, m.section, m."row", m.col, u.value
    FROM (SELECT id, year, province_code, template, ${cellCols.map((c) => `CAST(${c} AS DOUBLE) AS ${c}`).join(', ')} FROM ${src})
      UNPIVOT INCLUDE NULLS (value FOR name IN (${cellCols.join(', ')})) u
    JOIN ${cellMap} m ON m.name = u.name AND (m.template = 'both' OR m.template = u.template)`;
}

/** The rows of the table `cellsSelect` joins: (name, template, section, row, col) of each cell column. */
export const CELL_MAP_ROWS: readonly (readonly [string, string, string, string, string])[] = ALL_CELLS.map((c) => [columnName(c.key), c.template, c.section, c.row, c.col] as const);

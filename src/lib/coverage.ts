/**
 * One number per concept. A report that leaves a row's 总计 blank but prints its parts (蓉江: 自然人 6,
 * 总计 blank) still reported that many requests: the figures read the printed 总计, else the sum of
 * the printed parts, and say so ("derived"). The dataset's printed cells are never changed: the
 * effective totals exist only as extra sums in the rollup, computed from the printed cells.
 *
 * Which cells are a row's parts comes from `template.ts` (every row whose columns include `total`:
 * the applicant columns of section 3, 维持/纠正/其他/尚未审结 of section 4).
 */
import { ROWS, columnName } from './template.ts';

/** Total cell key → the keys of the cells it is the sum of (its row's other columns). */
export const TOTAL_PARTS: ReadonlyMap<string, readonly string[]> = new Map(
  ROWS.filter((r) => r.cols.some((c) => c.col === 'total')).map((r) => [
    `${r.id}.total`,
    r.keys.filter((k) => k !== `${r.id}.total`),
  ]),
);

/** The rollup column holding a total's effective value (printed, else the sum of printed parts). */
export const effColumn = (totalKey: string): string => `${columnName(totalKey)}__eff`;
export const isEffColumn = (name: string): boolean => name.endsWith('__eff');

const partsOf = (totalKey: string): string[] => {
  const parts = TOTAL_PARTS.get(totalKey);
  if (!parts) throw new Error(`coverage: ${totalKey} is not a total with parts`);
  return parts.map(columnName);
};

/** Per report: the printed total, else the sum of its printed parts, else NULL (nothing printed). */
export function effectiveSql(totalKey: string): string {
  const parts = partsOf(totalKey);
  return `COALESCE(${columnName(totalKey)}, CASE WHEN ${parts.map((p) => `${p} IS NOT NULL`).join(' OR ')} THEN ${parts.map((p) => `COALESCE(${p}, 0)`).join(' + ')} END)`;
}

/** Per report: the total is blank but some part is printed, so the effective value is derived. */
export function derivedSql(totalKey: string): string {
  return `(${columnName(totalKey)} IS NULL AND (${partsOf(totalKey).map((p) => `${p} IS NOT NULL`).join(' OR ')}))`;
}

/** An eff column name back to its total's key (for per-report SQL over the printed cells). */
export const totalKeyOfEff = (name: string): string | undefined =>
  [...TOTAL_PARTS.keys()].find((k) => effColumn(k) === name);

/** Per-report SQL of a column a metric reads: a printed cell as it is, an eff column computed. */
export function perReportSql(column: string): string {
  const key = totalKeyOfEff(column);
  return key ? effectiveSql(key) : column;
}

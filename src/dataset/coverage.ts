/**
 * The rollup's coverage columns (see src/lib/coverage.ts): per group, the SUM of every total's
 * effective value (printed 总计, else the sum of its printed parts), and per metric how many reports
 * leave the figure blank and how many give it only through its parts. Computed from the printed cells
 * at build time; `reports` and `cells` keep exactly what the reports print.
 */
import { TOTAL_PARTS, derivedSql, effColumn, effectiveSql, perReportSql, totalKeyOfEff } from '../lib/coverage.ts';
import { METRICS, coverageColumns } from '../lib/metrics.ts';
import { columnName } from '../lib/template.ts';
import type { Column } from './schema.ts';

interface Aggregate extends Column {
  /** Aggregate SQL over the per-report columns of `reports`. */
  sql: string;
}

const q = (name: string): string => `"${name}"`;

function aggregates(): Aggregate[] {
  const out: Aggregate[] = [];
  for (const key of TOTAL_PARTS.keys())
    out.push({
      name: effColumn(key),
      type: 'BIGINT',
      description: `SUM over the group of ${columnName(key)} where printed, else the sum of its row's printed parts (NULL when nothing is printed)`,
      sql: `CAST(SUM(${effectiveSql(key)}) AS BIGINT)`,
    });
  for (const m of METRICS) {
    const cov = coverageColumns(m.id);
    const derived = m.cells.map(totalKeyOfEff).filter((k): k is string => !!k);
    out.push({
      name: cov.blank,
      type: 'BIGINT',
      description: `Reports in the group that leave every cell behind the metric ${m.id} blank`,
      sql: `count(*) FILTER (WHERE ${m.cells.map((c) => `(${perReportSql(c)}) IS NULL`).join(' AND ')})::BIGINT`,
    });
    out.push({
      name: cov.derived,
      type: 'BIGINT',
      description: `Reports in the group whose ${m.id} uses a 总计 they leave blank, summed from its printed parts`,
      sql: derived.length ? `count(*) FILTER (WHERE ${derived.map(derivedSql).join(' OR ')})::BIGINT` : '0::BIGINT',
    });
  }
  return out;
}

export const COVERAGE_AGGREGATES: readonly Aggregate[] = aggregates();

/** The rollup's coverage columns, for the schema (name, type, description). */
export const COVERAGE_COLUMNS: Column[] = COVERAGE_AGGREGATES.map(({ name, type, description }) => ({ name, type, description }));

/** `<aggregate> AS "<name>"` for each coverage column, for a SELECT … GROUP BY over `reports`. */
export const coverageSelect = (): string[] => COVERAGE_AGGREGATES.map((a) => `${a.sql} AS ${q(a.name)}`);

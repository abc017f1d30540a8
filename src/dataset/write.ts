/**
 * From the workers' parts and the staging tables to the published files: duplicates resolved, rows
 * reused from the previous dataset merged in, then every table written as ZSTD Parquet (by year where
 * the schema says so).
 */
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DATASET_FORMAT, type Manifest, type ManifestFile } from '../lib/manifest.ts';
import { PART_TABLES, REPORT_PARTS, ddl, sqlString } from './parts.ts';
import { BODY_YEARS_ORDER, CROSS_CHECKS_ORDER, DUPLICATES_SQL, NO_CHECK_ROWS, REPORTS_ORDER, ROLLUP_ORDER, checkRowsSelect, regionsSelect, rollupChecksSelect, rollupSelect } from './derive.ts';
import { bodyYearsSql, crossChecksSql } from '../lib/cross-year.ts';
import { REPORTS_ROW_GROUP_SIZE, REPORT_META_COLUMNS, type TableDef, TABLES, ident, table } from './schema.ts';

export { DATASET_FORMAT, sqlString };

export type { Manifest, ManifestFile } from '../lib/manifest.ts';

const cols = (t: TableDef, alias = ''): string => t.columns.map((c) => `${alias}${ident(c.name)}`).join(', ');

/** The inputs rows of files whose bytes were already parsed into the previous dataset. */
export async function mergeReused(conn: DuckDBConnection): Promise<void> {
  await conn.run(`INSERT INTO inputs BY NAME
    SELECT u.file, p.id, u.bytes, u.hash, p.status, p.code, p.message, u.mtime_ms FROM reused u JOIN prev_by_hash p USING (hash)`);
}

/**
 * Files with the same bytes as another: the first by path keeps the report row, the others are
 * 'duplicate'. Freshly parsed files were already taken in path order (build.ts); this settles the
 * reused ones and writes every duplicate's message.
 */
export async function resolveDuplicates(conn: DuckDBConnection): Promise<void> {
  for (const sql of DUPLICATES_SQL) await conn.run(sql);
}

const PARQUET = 'FORMAT parquet, COMPRESSION zstd';

/** A glob over a table's Parquet files under `dir`, or null when there are none (read_parquet fails on an empty glob). */
function glob(dir: string): string | null {
  return parquetFiles(dir).length ? sqlString(join(dir, '**', '*.parquet')) : null;
}

/** The `part` of rows copied from the previous dataset. */
const REUSED_PART = 'reused';

export interface Previous {
  dir: string;
  manifest: Manifest;
}

/**
 * The rows of reused files, copied from the previous dataset as one more part per year of the tables
 * the workers write (`file` renamed where the same bytes now have another path). True when there are
 * reused reports, in the view `reused_reports`.
 */
async function copyReusedParts(conn: DuckDBConnection, out: string, prev: Previous): Promise<boolean> {
  await conn.run(`CREATE TABLE reused_ids AS SELECT w.id, w.file FROM winners w SEMI JOIN reused u ON u.file = w.file`);
  if (!Number((await (await conn.runAndReadAll('SELECT count(*) FROM reused_ids')).getRows())[0]![0])) return false;
  for (const name of PART_TABLES) {
    const src = glob(join(prev.dir, table(name).path));
    if (!src) continue;
    const hasFile = table(name).columns.some((c) => c.name === 'file');
    const select = `SELECT ${table(name).columns.map((c) => (c.name === 'file' ? 'r.file' : `p.${ident(c.name)}`)).join(', ')}
      FROM read_parquet(${src}, hive_partitioning = false) p JOIN reused_ids r ON p.report_id = r.id`;
    await conn.run(`COPY (${select}${hasFile ? ' ORDER BY p.report_id' : ''}) TO ${sqlString(join(out, table(name).path))} (${PARQUET},
      PARTITION_BY (year), WRITE_PARTITION_COLUMNS true, FILENAME_PATTERN 'part-${REUSED_PART}-{i}', OVERWRITE_OR_IGNORE true${name === 'texts' ? ', ROW_GROUP_SIZE 2048' : ''})`);
  }
  const prevReports = glob(join(prev.dir, table('reports').path));
  if (!prevReports) return false;
  await conn.run(`CREATE VIEW reused_reports AS SELECT p.* REPLACE (r.file AS file, '${REUSED_PART}' AS part)
    FROM read_parquet(${prevReports}, hive_partitioning = false, union_by_name = true) p JOIN reused_ids r ON p.id = r.id`);
  return true;
}

/**
 * The published tables, from the workers' parts (and the previous dataset's reused rows): \`reports\`
 * compacted into one sorted file per year, then everything derived from it.
 */
export async function writeTables(conn: DuckDBConnection, out: string, prev: Previous | null): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  /** Runs one step, timing it, and names the step in its error (DuckDB's say what failed, not where). */
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    try {
      await fn();
    } catch (e) {
      throw new Error(`writing ${name}: ${(e as Error).message}`, { cause: e });
    }
    seconds[name] = (performance.now() - t0) / 1000;
  };
  const target = (name: string) => sqlString(join(out, table(name).path));
  let reusedReports = false;
  if (prev) await step('reused', async () => (reusedReports = await copyReusedParts(conn, out, prev)));

  const reports = table('reports');
  const parts = glob(join(out, REPORT_PARTS));
  const sources = [
    ...(parts ? [`SELECT ${cols(reports)} FROM read_parquet(${parts}, hive_partitioning = false)`] : []),
    ...(reusedReports ? [`SELECT ${cols(reports)} FROM reused_reports`] : []),
  ];
  let years: (number | null)[] = [];
  await step('reports', async () => {
    if (sources.length) {
      await conn.run(`CREATE VIEW report_rows AS ${sources.join(' UNION ALL ')}`);
      years = (await (await conn.runAndReadAll('SELECT DISTINCT year FROM report_rows ORDER BY year')).getRows()).map((r) => (r[0] === null ? null : Number(r[0])));
      // One COPY per year rather than PARTITION_BY: the partitioned writer would sort every year at once.
      for (const y of years) {
        if (y !== null && !Number.isInteger(y)) throw new Error(`bad year ${y}`);
        const part = join(out, reports.path, `year=${y === null ? 'NULL' : y}`);
        mkdirSync(part, { recursive: true });
        await conn.run(`COPY (SELECT * FROM report_rows WHERE ${y === null ? 'year IS NULL' : `year = ${y}`} ORDER BY ${REPORTS_ORDER})
          TO ${sqlString(join(part, 'data_0.parquet'))} (${PARQUET}, ROW_GROUP_SIZE ${REPORTS_ROW_GROUP_SIZE})`);
      }
      await conn.run(`CREATE VIEW final_reports AS SELECT * FROM read_parquet(${glob(join(out, reports.path))}, hive_partitioning = false)`);
    } else await conn.run(ddl('final_reports', reports.columns));
  });

  await step('inputs', () => conn.run(`COPY (SELECT ${cols(table('inputs'))} FROM inputs ORDER BY file) TO ${target('inputs')} (${PARQUET})`));

  await step('sources', () =>
    conn.run(`COPY (SELECT ${cols(table('sources'), 's.')} FROM sources s SEMI JOIN inputs i USING (file) ORDER BY s.file, s.url) TO ${target('sources')} (${PARQUET})`),
  );

  await step('regions', () => conn.run(`COPY (${regionsSelect('final_reports')}) TO ${target('regions')} (${PARQUET})`));

  // A year at a time: the groups of all years at once, each with two hundred sums, outgrow the memory limit.
  await step('rollup_region_year', async () => {
    await conn.run(`CREATE TABLE rollup AS ${rollupSelect('final_reports', 'false')}`);
    for (const y of years) await conn.run(`INSERT INTO rollup ${rollupSelect('final_reports', y === null ? 'year IS NULL' : `year = ${y}`)}`);
    await conn.run(`COPY (SELECT * FROM rollup ORDER BY ${ROLLUP_ORDER}) TO ${target('rollup_region_year')} (${PARQUET})`);
    await conn.run('DROP TABLE rollup');
  });

  const checks = glob(join(out, table('checks').path));
  const checkRows = checks ? checkRowsSelect(`read_parquet(${checks}, hive_partitioning = false)`, 'final_reports') : NO_CHECK_ROWS;
  await step('rollup_checks', () => conn.run(`COPY (${rollupChecksSelect(checkRows)}) TO ${target('rollup_checks')} (${PARQUET})`));
  await step('cross_checks', () => conn.run(`COPY (${crossChecksSql('final_reports')} ORDER BY ${CROSS_CHECKS_ORDER}) TO ${target('cross_checks')} (${PARQUET})`));
  await step('body_years', () => conn.run(`COPY (${bodyYearsSql('final_reports')} ORDER BY ${BODY_YEARS_ORDER}) TO ${target('body_years')} (${PARQUET})`));
  return seconds;
}

function parquetFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((n) => n.endsWith('.parquet'))
      .map((n) => join(dir, n))
      .sort();
  } catch {
    return [];
  }
}

export async function manifestOf(conn: DuckDBConnection, out: string, parserVersion: string, analysis: string): Promise<Manifest> {
  const tables: Manifest['tables'] = {};
  for (const t of TABLES) {
    const paths = t.byYear ? parquetFiles(join(out, t.path)) : [join(out, t.path)];
    const files: ManifestFile[] = [];
    for (const p of paths) {
      const rows = Number((await (await conn.runAndReadAll(`SELECT count(*) FROM read_parquet(${sqlString(p)})`)).getRows())[0]![0]);
      const year = /year=(\d+)/.exec(p)?.[1];
      files.push({ path: relative(out, p).split(sep).join('/'), rows, bytes: statSync(p).size, year: year ? Number(year) : null });
    }
    tables[t.name] = { rows: files.reduce((n, f) => n + f.rows, 0), files };
  }
  const years = (await (await conn.runAndReadAll(`SELECT DISTINCT year FROM final_reports WHERE year IS NOT NULL ORDER BY year`)).getRows()).map((r) => Number(r[0]));
  return { format: DATASET_FORMAT, parser_version: parserVersion, analysis, built_at: new Date().toISOString(), years, tables };
}

export interface BuildCounts {
  inputs: number;
  ok: number;
  warning: number;
  error: number;
  duplicate: number;
  /** Entries not read: links leaving IN_DIR or dangling, FIFOs, sockets (see files.ts). */
  skipped: number;
  reports: number;
  reused: number;
  parsed: number;
}

/** build-report.json: the counts, then every input file with its status and message (streamed, any size). */
export async function writeBuildReport(conn: DuckDBConnection, out: string, head: Record<string, unknown>): Promise<void> {
  const list = join(out, '.files.json');
  await conn.run(`COPY (SELECT file, status, code, message FROM inputs ORDER BY file) TO ${sqlString(list)} (FORMAT json, ARRAY true)`);
  const dest = createWriteStream(join(out, 'build-report.json'));
  dest.write(JSON.stringify(head, null, 1).replace(/\n}$/, ',\n "files": '));
  await pipeline(createReadStream(list), dest, { end: false });
  dest.end('\n}\n');
  await new Promise<void>((resolve, reject) => dest.on('finish', () => resolve()).on('error', reject));
  rmSync(list);
}

export { REPORT_META_COLUMNS };

/**
 * From the staging tables to the published files: duplicates resolved, rows reused from the previous
 * dataset merged in, then every table written as ZSTD Parquet (by year where the schema says so).
 */
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ALL_CELLS, columnName } from '../lib/template.ts';
import type { Manifest, ManifestFile } from '../lib/manifest.ts';
import { CELL_COLUMNS, REPORT_META_COLUMNS, type TableDef, TABLES, ident, table } from './schema.ts';

/** A string literal for SQL; used only for file paths, which COPY cannot take as parameters. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

export type { Manifest, ManifestFile } from '../lib/manifest.ts';

const cols = (t: TableDef, alias = ''): string => t.columns.map((c) => `${alias}${ident(c.name)}`).join(', ');

/** Brings in the rows of files whose bytes were already parsed into the previous dataset. */
export async function mergeReused(conn: DuckDBConnection, prev: string, prevManifest: Manifest): Promise<void> {
  await conn.run(`INSERT INTO inputs BY NAME
    SELECT u.file, p.id, u.bytes, u.hash, p.status, p.code, p.message, u.mtime_ms FROM reused u JOIN prev_by_hash p USING (hash)`);
  const glob = (name: string) => (prevManifest.tables[name]?.files.length ? sqlString(join(prev, table(name).path, '**', '*.parquet')) : null);
  const reports = glob('reports');
  if (reports)
    await conn.run(`INSERT INTO reports BY NAME
      SELECT p.* REPLACE (u.file AS file) FROM read_parquet(${reports}, hive_partitioning = false, union_by_name = true) p
      JOIN (SELECT u.file, h.id FROM reused u JOIN prev_by_hash h USING (hash)) u ON p.id = u.id`);
  const checks = glob('checks');
  if (checks)
    await conn.run(`INSERT INTO checks BY NAME
      SELECT p.*, u.file FROM read_parquet(${checks}, hive_partitioning = false) p
      JOIN (SELECT u.file, h.id FROM reused u JOIN prev_by_hash h USING (hash)) u ON p.report_id = u.id`);
  const texts = glob('texts');
  if (texts)
    await conn.run(`INSERT INTO texts BY NAME
      SELECT p.* REPLACE (u.file AS file) FROM read_parquet(${texts}, hive_partitioning = false) p
      JOIN (SELECT u.file, h.id FROM reused u JOIN prev_by_hash h USING (hash)) u ON p.report_id = u.id`);
}

/** Files with the same bytes as another: the first by path keeps the report row, the others are 'duplicate'. */
export async function resolveDuplicates(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE TABLE winners AS SELECT id, min(file) AS file FROM inputs WHERE status IN ('ok', 'warning') GROUP BY id`);
  await conn.run(`UPDATE inputs SET status = 'duplicate', code = 'duplicate', message = 'same bytes as ' || w.file || ' (the report is counted once)'
    FROM winners w WHERE inputs.id = w.id AND inputs.file <> w.file AND inputs.status IN ('ok', 'warning')`);
  await conn.run(`CREATE VIEW final_reports AS SELECT * FROM reports WHERE file IN (SELECT file FROM winners)`);
}

const PARQUET = 'FORMAT parquet, COMPRESSION zstd';

/**
 * Writes `select` (which must have a `year` column) as one Parquet file per year in Hive layout:
 * `<dir>/year=2023/data_0.parquet`, each file keeping its year column. One COPY per year rather than
 * PARTITION_BY: DuckDB's partitioned writer keeps a row group in memory for every open partition,
 * which at national scale exceeds the memory limit; one year at a time stays small.
 */
async function copyByYear(conn: DuckDBConnection, select: string, dir: string, years: (number | null)[], orderBy = '', options = ''): Promise<void> {
  for (const y of years) {
    if (y !== null && !Number.isInteger(y)) throw new Error(`bad year ${y}`);
    const part = join(dir, `year=${y === null ? 'NULL' : y}`);
    mkdirSync(part, { recursive: true });
    const where = y === null ? 'year IS NULL' : `year = ${y}`;
    await conn.run(`COPY (SELECT * FROM (${select}) WHERE ${where}${orderBy ? ` ORDER BY ${orderBy}` : ''}) TO ${sqlString(join(part, 'data_0.parquet'))} (${PARQUET}${options})`);
  }
}

export async function writeTables(conn: DuckDBConnection, out: string): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  let mark = performance.now();
  const took = (name: string) => {
    const now = performance.now();
    seconds[name] = (now - mark) / 1000;
    mark = now;
  };
  const target = (name: string) => sqlString(join(out, table(name).path));
  const dir = (name: string) => join(out, table(name).path);
  const years = (await (await conn.runAndReadAll('SELECT DISTINCT year FROM final_reports ORDER BY year')).getRows()).map((r) => (r[0] === null ? null : Number(r[0])));
  const reports = table('reports');
  await copyByYear(conn, `SELECT ${cols(reports)} FROM final_reports`, dir('reports'), years, 'province_code, city_code, county_code, id', ', ROW_GROUP_SIZE 16384');
  took('reports');

  // Long form straight from the wide table: one row per cell of the report's own template.
  await conn.run(`CREATE TABLE cell_map (name VARCHAR, template VARCHAR, section VARCHAR, "row" VARCHAR, col VARCHAR, ord INTEGER)`);
  const map = await conn.createAppender('cell_map');
  ALL_CELLS.forEach((c, i) => {
    map.appendVarchar(columnName(c.key));
    map.appendVarchar(c.template);
    map.appendVarchar(c.section);
    map.appendVarchar(c.row);
    map.appendVarchar(c.col);
    map.appendInteger(i);
    map.endRow();
  });
  map.closeSync();
  const cellCols = CELL_COLUMNS.map((c) => ident(c.name));
  await conn.run(`CREATE VIEW cell_src AS SELECT id, year, province_code, template, ${cellCols.map((c) => `CAST(${c} AS DOUBLE) AS ${c}`).join(', ')} FROM final_reports`);
  await copyByYear(
    conn,
    `SELECT u.id AS report_id, u.year, u.province_code, m.section, m."row", m.col, u.value
      FROM cell_src UNPIVOT INCLUDE NULLS (value FOR name IN (${cellCols.join(', ')})) u
      JOIN cell_map m ON m.name = u.name AND (m.template = 'both' OR m.template = u.template)`,
    dir('cells'),
    years,
  );
  took('cells');

  await conn.run(`CREATE VIEW all_checks AS
      SELECT report_id, year, x.rule, x.scope, x.ok, x.detail, file FROM (
        SELECT report_id, year, file, unnest(from_json(checks, '[{"rule":"VARCHAR","scope":"VARCHAR","ok":"BOOLEAN","detail":"VARCHAR"}]')) AS x
        FROM checks_json)
      UNION ALL SELECT * FROM checks`);
  await copyByYear(conn, `SELECT ${cols(table('checks'), 'c.')} FROM all_checks c JOIN winners w ON c.file = w.file`, dir('checks'), years);
  took('checks');
  // Sorted by id in row groups of 2,048 (the smallest DuckDB writes): one report's text is one row group's read.
  await copyByYear(conn, `SELECT ${cols(table('texts'), 't.')} FROM texts t JOIN winners w ON t.file = w.file`, dir('texts'), years, 'report_id', ', ROW_GROUP_SIZE 2048');
  took('texts');
  await conn.run(`COPY (SELECT ${cols(table('inputs'))} FROM inputs ORDER BY file) TO ${target('inputs')} (${PARQUET})`);
  took('inputs');

  await conn.run(`COPY (
      SELECT DISTINCT province_code AS code, 'province' AS level, province AS name, NULL AS parent_code, province_code, NULL AS city_code, NULL AS county_code
        FROM final_reports WHERE province_code IS NOT NULL
      UNION SELECT DISTINCT city_code, 'city', city, province_code, province_code, city_code, NULL FROM final_reports WHERE city_code IS NOT NULL
      UNION SELECT DISTINCT county_code, 'county', county, coalesce(city_code, province_code), province_code, city_code, county_code
        FROM final_reports WHERE county_code IS NOT NULL
      UNION SELECT DISTINCT township_code, 'township', township, coalesce(county_code, city_code, province_code), province_code, city_code, county_code
        FROM final_reports WHERE township_code IS NOT NULL
      ORDER BY code
    ) TO ${target('regions')} (${PARQUET})`);
  took('regions');

  const sums = CELL_COLUMNS.map((c) => `CAST(SUM(${ident(c.name)}) AS ${c.type === 'INTEGER' ? 'BIGINT' : 'DOUBLE'}) AS ${ident(c.name)}`);
  await conn.run(`COPY (
      SELECT year, province_code, city_code, county_code, body_type, template, count(*)::BIGINT AS reports,
             count(*) FILTER (WHERE status = 'warning')::BIGINT AS n_warning, ${sums.join(', ')}
      FROM final_reports GROUP BY year, province_code, city_code, county_code, body_type, template
      ORDER BY year, province_code, city_code, county_code, body_type, template
    ) TO ${target('rollup_region_year')} (${PARQUET})`);
  took('rollup_region_year');
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
  return { format: 1, parser_version: parserVersion, analysis, built_at: new Date().toISOString(), years, tables };
}

export interface BuildCounts {
  inputs: number;
  ok: number;
  warning: number;
  error: number;
  duplicate: number;
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

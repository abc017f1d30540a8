/**
 * `summary.json`: the answers to the default views' queries (src/lib/client/views.ts, the same SQL the
 * pages run), computed in native DuckDB over the dataset's rollup at build time, so the dashboard can
 * show its first figures before DuckDB-WASM has arrived. The rollup is given the column types the
 * browser gives it (INT32 stays INTEGER, every other number is DOUBLE, see parquet-source.ts), so both
 * engines compute in the same types and the live answers replace these without a visible change.
 */
import { renameSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOOLEAN, DOUBLE, DuckDBInstance, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { Row } from '../lib/client/arrow-rows.ts';
import { Coordinator, type Query } from '../lib/client/coordinator.ts';
import { SUMMARY_FORMAT, type SummaryFile } from '../lib/client/summary.ts';
import { DEFAULT_VIEWS } from '../lib/client/views.ts';
import type { Manifest } from '../lib/manifest.ts';
import { sqlString } from './parts.ts';

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** JS values from DuckDB as the browser's arrowToRows gives them: BigInt and Decimal become numbers. */
function cell(v: unknown): Row[string] {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return Number(String(v));
}

async function loadRollup(conn: DuckDBConnection, dir: string, manifest: Manifest): Promise<void> {
  const files = (manifest.tables.rollup_region_year?.files ?? []).map((f) => sqlString(join(dir, f.path)));
  if (!files.length) throw new Error(`${dir}/manifest.json lists no rollup_region_year file`);
  await conn.run(`CREATE VIEW raw_rollup AS SELECT * FROM read_parquet([${files.join(', ')}])`);
  const cols = (await (await conn.runAndReadAll(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'raw_rollup' ORDER BY ordinal_position`)).getRows())
    .map((r) => [String(r[0]), String(r[1])] as const);
  const numeric = /^(TINYINT|SMALLINT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
  const select = cols.map(([c, t]) => (numeric.test(t) ? `CAST(${quoteIdent(c)} AS DOUBLE) AS ${quoteIdent(c)}` : quoteIdent(c))).join(', ');
  await conn.run(`CREATE TABLE rollup AS SELECT ${select} FROM raw_rollup`);
}

async function answer(conn: DuckDBConnection, q: Query): Promise<Row[]> {
  const stmt = await conn.prepare(q.sql);
  // Bound as the browser sends them: DuckDB-WASM passes every number as a DOUBLE.
  q.params.forEach((p, i) => {
    if (p === null) stmt.bindNull(i + 1);
    else stmt.bindValue(i + 1, p, typeof p === 'number' ? DOUBLE : typeof p === 'boolean' ? BOOLEAN : VARCHAR);
  });
  const rows = (await stmt.runAndReadAll()).getRowObjectsJS() as Record<string, unknown>[];
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)])));
}

/**
 * The answers to these queries over the rollup of the dataset in `dir`, computed as the browser
 * computes them (same types, same parameters): what a page built on that dataset shows.
 */
export async function answerQueries(dir: string, queries: readonly Query[]): Promise<Row[][]> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await inst.connect();
  try {
    await loadRollup(conn, dir, manifest);
    const out: Row[][] = [];
    for (const q of queries) out.push(await answer(conn, q));
    return out;
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

/** Computes the summary of the dataset in `dir` (its manifest.json and rollup). */
export async function computeSummary(dir: string): Promise<SummaryFile> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await inst.connect();
  try {
    await loadRollup(conn, dir, manifest);
    const answers: Record<string, Row[]> = {};
    for (const views of Object.values(DEFAULT_VIEWS)) for (const q of views()) answers[Coordinator.key(q)] ??= await answer(conn, q);
    // The names of the region codes the answers group by, so a ranking reads as names at once.
    const codes = [...new Set(Object.values(answers).flatMap((rows) => rows.map((r) => r.k)).filter((k): k is string => typeof k === 'string'))];
    const names: Record<string, string> = {};
    const regionFiles = (manifest.tables.regions?.files ?? []).map((f) => sqlString(join(dir, f.path)));
    if (codes.length && regionFiles.length) {
      const found = await (await conn.runAndReadAll(`SELECT code, name FROM read_parquet([${regionFiles.join(', ')}]) WHERE code IN (${codes.map(sqlString).join(', ')})`)).getRows();
      for (const [code, name] of found) if (typeof code === 'string' && typeof name === 'string') names[code] = name;
    }
    return {
      format: SUMMARY_FORMAT,
      rollup: (manifest.tables.rollup_region_year?.files ?? []).map((f) => ({ path: f.path, bytes: f.bytes })),
      pages: Object.keys(DEFAULT_VIEWS),
      names,
      answers,
    };
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

/** Writes `summary.json` into the dataset folder (through a temporary file: never half a file). */
export async function writeSummary(dir: string): Promise<SummaryFile> {
  const summary = await computeSummary(dir);
  const tmp = join(dir, `.summary.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(summary) + '\n');
  renameSync(tmp, join(dir, 'summary.json'));
  return summary;
}

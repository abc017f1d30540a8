/**
 * The imported reports' dataset (src/lib/client/mine/dataset-build.ts), made by the browser's code in
 * DuckDB-WASM, against `gongkai build` over the same files: every table the build writes, column for
 * column, read back by native DuckDB. What legitimately differs is left out and named: `part` (the
 * build names its workers' batches), `inputs.mtime_ms` (the browser knows no file times here), the
 * manifest's `built_at` and `analysis`.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze.ts';
import { buildDataset } from '../src/dataset/build.ts';
import { TABLES, ident } from '../src/dataset/schema.ts';
import { buildImportedDataset, type BuiltDataset } from '../src/lib/client/mine/dataset-build.ts';
import { sqlString } from '../src/dataset/write.ts';
import { wasmConnector } from './helpers/wasm-node.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const REPORTS = join(ROOT, 'data/reports');
const work = mkdtempSync(join(tmpdir(), 'gongkai-import-dataset-'));
const built = join(work, 'built');
const mine = join(work, 'mine');
let conn: DuckDBConnection;
let imported: BuiltDataset;

/** Columns that legitimately differ between the two datasets, by table. */
const DIFFERS: Record<string, string[]> = { reports: ['part'], inputs: ['mtime_ms'] };

beforeAll(async () => {
  await buildDataset({ inDir: REPORTS, outDir: built, workers: 1 });
  const names = readdirSync(REPORTS).filter((f) => f !== 'index.json').sort();
  const parsed = await Promise.all(
    names.map(async (file) => {
      const bytes = new Uint8Array(readFileSync(join(REPORTS, file)));
      const doc = await analyzeFile(file, bytes);
      return { file, hash: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, mtime_ms: 0, report: doc.report, text: doc.source };
    }),
  );
  const db = await wasmConnector();
  imported = await buildImportedDataset(db, parsed);
  await db.close();
  for (const [path, bytes] of imported.files) {
    mkdirSync(dirname(join(mine, path)), { recursive: true });
    writeFileSync(join(mine, path), bytes);
  }
  writeFileSync(join(mine, 'manifest.json'), JSON.stringify(imported.manifest));
  conn = await (await DuckDBInstance.create(':memory:')).connect();
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const rows = async (sql: string) => (await (await conn.runAndReadAll(sql)).getRowObjectsJson()) as Record<string, unknown>[];
const source = (dir: string, t: (typeof TABLES)[number]) =>
  t.byYear ? `read_parquet(${sqlString(join(dir, t.path, '**', '*.parquet'))}, hive_partitioning = false)` : `read_parquet(${sqlString(join(dir, t.path))})`;

describe('the imported dataset equals the build of the same files', () => {
  it('lists the same tables and years, and counts the same rows', () => {
    const m = JSON.parse(readFileSync(join(built, 'manifest.json'), 'utf8'));
    expect(imported.manifest.years).toEqual(m.years);
    expect(Object.keys(imported.manifest.tables).sort()).toEqual(Object.keys(m.tables).sort());
    for (const [name, t] of Object.entries(m.tables as Record<string, { rows: number }>)) expect(imported.manifest.tables[name]!.rows, name).toBe(t.rows);
    expect(imported.reports).toBeGreaterThan(5);
  });

  for (const t of TABLES) {
    it(`${t.name}: same column names and types, same rows`, async () => {
      const types = async (dir: string) => rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${source(dir, t)})`);
      const want = await types(built);
      if (t.name === 'cells') {
        // The build writes section, row and col from ENUMs (cheaper to write); both read back as text.
        expect((await types(mine)).map((c) => c.column_name)).toEqual(want.map((c) => c.column_name));
      } else expect(await types(mine)).toEqual(want);
      const cols = t.columns.map((c) => c.name).filter((c) => !(DIFFERS[t.name] ?? []).includes(c));
      const select = (dir: string) => `SELECT ${cols.map((c) => `${ident(c)}::VARCHAR AS ${ident(c)}`).join(', ')} FROM ${source(dir, t)} ORDER BY ALL`;
      const a = await rows(select(built));
      const b = await rows(select(mine));
      expect(b.length, t.name).toBe(a.length);
      expect(b).toEqual(a);
    });
  }
});

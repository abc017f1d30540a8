/**
 * The imported reports as a dataset with the tables, columns, types and layout of a `gongkai build`
 * output (docs/data.md), made in the browser: each file's rows by the build's own `recordOf`
 * (src/dataset/rows.ts), inserted into DuckDB-WASM as Arrow, then every derived table by the build's
 * own SQL (src/dataset/derive.ts, src/lib/cross-year.ts), each written as Parquet in memory. The
 * dashboard reads these files as it reads a build's (parquet-source.ts), and /import offers them for
 * download.
 */
import { columnsToIPC, type ColumnInput, type ColumnKind } from '../arrow-ipc.ts';
import type { Connector } from '../connectors/wasm.ts';
import type { Row } from '../arrow-rows.ts';
import { DATASET_FORMAT, type Manifest, type ManifestFile } from '../../manifest.ts';
import { PARSER_VERSION } from '../../../parser/version.ts';
import { CELL_COLUMNS, REPORTS_ROW_GROUP_SIZE, REPORT_META_COLUMNS, TABLES, type Column, type SqlType, ident, table } from '../../../dataset/schema.ts';
import { type FileRecord, type ParsedFile, checksOf, recordOf, textRow } from '../../../dataset/rows.ts';
import {
  BODY_YEARS_ORDER, CELL_MAP_ROWS, CROSS_CHECKS_ORDER, DUPLICATES_SQL, NO_CHECK_ROWS, REPORTS_ORDER, ROLLUP_ORDER,
  cellsSelect, checkRowsSelect, regionsSelect, rollupChecksSelect, rollupSelect,
} from '../../../dataset/derive.ts';
import { bodyYearsSql, crossChecksSql } from '../../cross-year.ts';
import { parquetOf } from './parquet-write.ts';

/** The `part` of every imported report: its cells, checks and text are in `<table>/year=<y>/part-import-0.parquet`. */
export const IMPORT_PART = 'import';
/** The manifest's `analysis` for an imported dataset: never equal to a build's, so `gongkai build` into its folder parses afresh. */
export const IMPORT_ANALYSIS = 'browser-import';

export interface BuiltDataset {
  manifest: Manifest;
  /** Each file's bytes by its path in the dataset (as the manifest lists it). */
  files: Map<string, Uint8Array>;
  /** Usable reports, and files counted once because another file has the same bytes. */
  reports: number;
  duplicates: number;
}

const KIND: Record<SqlType, ColumnKind> = { VARCHAR: 'string', SMALLINT: 'int', INTEGER: 'int', BIGINT: 'double', DOUBLE: 'double', BOOLEAN: 'bool' };

/** Inserts rows (arrays in the columns' order) as `name`, typed as the schema says. */
async function insert(db: Connector, name: string, columns: readonly Column[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const input: ColumnInput[] = columns.map((c, i) => ({ name: c.name, kind: KIND[c.type], values: rows.map((r) => r[i] ?? null) }));
  await db.insertIPC(`${name}_raw`, columnsToIPC(input));
  await db.query(`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT ${columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(', ')} FROM ${ident(`${name}_raw`)}`);
  await db.query(`DROP TABLE ${ident(`${name}_raw`)}`);
}

/** The tables the build makes here, dropped at the end: the dashboard loads its own from the files. */
const WORK = ['inputs', 'winners', 'b_reports_all', 'b_reports', 'b_checks', 'b_texts', 'b_cell_map'];

export async function buildImportedDataset(db: Connector, parsed: readonly ParsedFile[], builtAt = new Date().toISOString()): Promise<BuiltDataset> {
  const records: FileRecord[] = [...parsed].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).map(recordOf);
  try {
    await insert(db, 'inputs', table('inputs').columns, records.map((r) => [r.input.file, r.input.id, r.input.bytes, r.input.hash, r.input.status, r.input.code, r.input.message, r.input.mtime_ms]));
    // The build's rule for files with the same bytes: the first by path holds the report.
    for (const sql of DUPLICATES_SQL) await db.query(sql);
    const usable = records.filter((r) => r.report);
    const reportCols = [...REPORT_META_COLUMNS, ...CELL_COLUMNS];
    await insert(db, 'b_reports_all', reportCols, usable.map((r) => [...r.report!.meta.slice(0, -1), IMPORT_PART, ...r.report!.values]));
    await db.query(`CREATE TABLE b_reports AS SELECT r.* FROM b_reports_all r SEMI JOIN winners w ON w.id = r.id AND w.file = r.file`);
    const kept = new Set((await db.query(`SELECT file FROM b_reports`)).map((r) => String(r.file)));
    const winners = usable.filter((r) => kept.has(r.input.file));
    await insert(db, 'b_checks', table('checks').columns,
      winners.flatMap((r) => checksOf(r.report!).map((c) => [r.report!.meta[0], r.report!.meta[4], c.rule, c.scope, c.ok, c.detail])));
    await insert(db, 'b_texts', table('texts').columns, winners.map(textRow));
    const mapCols: Column[] = ['name', 'template', 'section', 'row', 'col'].map((name) => ({ name, type: 'VARCHAR', description: '' }));
    await insert(db, 'b_cell_map', mapCols, CELL_MAP_ROWS);

    const years = (await db.query(`SELECT DISTINCT year FROM b_reports ORDER BY year`)).map((r) => (r.year === null ? null : Number(r.year)));
    const files = new Map<string, Uint8Array>();
    const tables: Manifest['tables'] = {};
    const put = (name: string, path: string, rows: Row[], year: number | null, rowGroupSize?: number) => {
      const bytes = parquetOf(table(name).columns, rows, rowGroupSize);
      files.set(path, bytes);
      (tables[name] ??= { rows: 0, files: [] }).files.push({ path, rows: rows.length, bytes: bytes.byteLength, year } satisfies ManifestFile);
      tables[name].rows += rows.length;
    };
    const select = (name: string, from: string, order: string) => db.query(`SELECT ${table(name).columns.map((c) => ident(c.name)).join(', ')} FROM (${from}) ORDER BY ${order}`);
    const yearWhere = (y: number | null) => (y === null ? 'year IS NULL' : `year = ${Math.trunc(y)}`);
    const checkCount = Number((await db.query(`SELECT count(*) AS n FROM b_checks`))[0]?.n ?? 0);

    for (const def of TABLES) {
      const name = def.name;
      if (def.byYear) {
        const src = { reports: 'SELECT * FROM b_reports', cells: cellsSelect('b_reports', 'b_cell_map'), checks: 'SELECT * FROM b_checks', texts: 'SELECT * FROM b_texts' }[name];
        if (!src) throw new Error(`no source for the imported table ${name}`);
        tables[name] = { rows: 0, files: [] };
        for (const y of years) {
          const dir = `${def.path}/year=${y === null ? 'NULL' : y}`;
          const order = name === 'reports' ? REPORTS_ORDER : name === 'cells' ? 'report_id, section, "row", col' : name === 'checks' ? 'report_id, rule, scope' : 'report_id';
          const rows = await select(name, `SELECT * FROM (${src}) WHERE ${yearWhere(y)}`, order);
          if (!rows.length) continue;
          put(name, name === 'reports' ? `${dir}/data_0.parquet` : `${dir}/part-${IMPORT_PART}-0.parquet`, rows, y, name === 'reports' ? REPORTS_ROW_GROUP_SIZE : undefined);
        }
        continue;
      }
      const src: Record<string, [string, string]> = {
        inputs: ['SELECT * FROM inputs', 'file'],
        // No provenance: the files were chosen on this computer, not fetched.
        sources: [`SELECT ${table('sources').columns.map((c) => `NULL::${c.type} AS ${ident(c.name)}`).join(', ')} WHERE false`, 'file'],
        regions: [regionsSelect('b_reports'), 'code'],
        rollup_region_year: [rollupSelect('b_reports', 'true'), ROLLUP_ORDER],
        rollup_checks: [rollupChecksSelect(checkCount ? checkRowsSelect('b_checks', 'b_reports') : NO_CHECK_ROWS), 'ALL'],
        cross_checks: [crossChecksSql('b_reports'), CROSS_CHECKS_ORDER],
        body_years: [bodyYearsSql('b_reports'), BODY_YEARS_ORDER],
      };
      const [from, order] = src[name] ?? [];
      if (!from) throw new Error(`no source for the imported table ${name}`);
      put(name, def.path, await select(name, from, order!), null);
    }
    const reports = tables.reports!.rows;
    const duplicates = Number((await db.query(`SELECT count(*) AS n FROM inputs WHERE status = 'duplicate'`))[0]?.n ?? 0);
    const manifest: Manifest = {
      format: DATASET_FORMAT,
      parser_version: PARSER_VERSION,
      analysis: IMPORT_ANALYSIS,
      built_at: builtAt,
      years: years.filter((y): y is number => y !== null),
      tables,
    };
    return { manifest, files, reports, duplicates };
  } finally {
    for (const t of WORK) await db.query(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  }
}

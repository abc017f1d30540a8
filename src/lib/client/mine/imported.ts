/**
 * The dataset of the reports imported in this browser (kept in IndexedDB by /import), for the
 * dashboard's 我的报告 and 两者: made by dataset-build.ts in the engine's DuckDB, its Parquet files
 * held in memory under a base of their own (parquet-source.ts reads them as it reads a build's).
 */
import type { Connector } from '../connectors/wasm.ts';
import type { Manifest } from '../manifest.ts';
import { readColumns, registerMemoryFiles } from '../parquet-source.ts';
import { loadReports } from '../import/store.ts';
import type { ImportedReport } from '../import/types.ts';
import type { ParsedFile } from '../../../dataset/rows.ts';
import { buildImportedDataset, type BuiltDataset } from './dataset-build.ts';
import { NoImportedData, type ImportedInfo } from './no-data.ts';

/** A kept record as the build's rows take it (records kept before the full hash was recorded use their id). */
export const parsedFileOf = (r: ImportedReport): ParsedFile => ({
  file: r.file,
  hash: r.hash ?? r.id,
  bytes: r.bytes,
  mtime_ms: r.mtime_ms ?? 0,
  report: r.report,
  text: r.text,
});

const usable = (r: ImportedReport) => r.report.status !== 'error' && r.report.template !== null && !!r.id;

let generation = 0;

export interface ImportedDataset {
  manifest: Manifest;
  base: string;
  info: ImportedInfo;
}

/**
 * The imported reports as a dataset; with `bundled` (两者), the bundled dataset's files and the
 * imported ones in one manifest, imported files whose bytes the bundled data already holds left out.
 */
/** The kept records, or NoImportedData when none is a usable report (checked before DuckDB is started: the notice shows at once). */
export async function keptReports(): Promise<ImportedReport[]> {
  const all = await loadReports();
  if (!all.some(usable)) throw new NoImportedData(all.length);
  return all;
}

export async function importedDataset(db: Connector, bundled: { manifest: Manifest; base: string } | null, all: ImportedReport[]): Promise<ImportedDataset> {
  if (!all.some(usable)) throw new NoImportedData(all.length);
  let take = all;
  let alsoBundled = 0;
  if (bundled) {
    const ids = new Set<string>();
    for (const f of bundled.manifest.tables.reports?.files ?? []) for (const v of Array.from((await readColumns(bundled.base, f, ['id']))[0]!.values)) ids.add(String(v));
    take = all.filter((r) => !ids.has(r.id));
    alsoBundled = all.filter(usable).length - take.filter(usable).length;
  }
  const built: BuiltDataset = await buildImportedDataset(db, take.map(parsedFileOf));
  const base = `memory:imported-${++generation}`;
  registerMemoryFiles(base, built.files);
  const info = { reports: built.reports, duplicates: built.duplicates, alsoBundled };
  if (!bundled) return { manifest: built.manifest, base, info };
  return { manifest: combine(bundled.manifest, built.manifest, base), base: bundled.base, info };
}

/** Both datasets' files in one manifest, the imported ones marked with their base. */
export function combine(bundled: Manifest, imported: Manifest, importedBase: string): Manifest {
  const tables: Manifest['tables'] = {};
  for (const name of new Set([...Object.keys(bundled.tables), ...Object.keys(imported.tables)])) {
    const a = bundled.tables[name] ?? { rows: 0, files: [] };
    const b = imported.tables[name] ?? { rows: 0, files: [] };
    tables[name] = { rows: a.rows + b.rows, files: [...a.files, ...b.files.map((f) => ({ ...f, base: importedBase }))] };
  }
  return { ...bundled, analysis: `${bundled.analysis}+${imported.analysis}`, years: [...new Set([...bundled.years, ...imported.years])].sort((x, y) => x - y), tables };
}

/**
 * What is loaded into DuckDB and how: tables arrive from Parquet as Arrow IPC, column by column as
 * metrics need them, so a cold start reads only the small rollup's dimension columns.
 */
import { columnsToIPC, type ColumnInput } from './arrow-ipc.ts';
import type { Connector } from './connectors/wasm.ts';
import type { Manifest, ManifestFile } from './manifest.ts';
import { readColumns, readMatching } from './parquet-source.ts';

export const ROLLUP_DIMS = ['year', 'province_code', 'city_code', 'county_code', 'body_type', 'template', 'reports', 'n_warning'];
export const REPORT_LIST_COLS = ['id', 'file', 'org', 'year', 'body_type', 'template', 'status', 'n_issues', 'n_failed_checks', 'region_code', 'province_code', 'city_code', 'county_code', 'confidence'];
const IDENT = /^[a-z_][a-z0-9_]*$/;

export interface RegionInfo {
  code: string;
  level: string;
  name: string;
  parent_code: string | null;
  province_code: string | null;
}

async function readTable(base: string, files: ManifestFile[], columns: string[]): Promise<ColumnInput[]> {
  const parts = await Promise.all(files.map((f) => readColumns(base, f, columns)));
  if (parts.length === 1) return parts[0]!;
  return columns.map((name, i) => ({
    name,
    kind: parts.find((p) => p[i]!.values.length)?.[i]!.kind ?? parts[0]![i]!.kind,
    values: parts.flatMap((p) => Array.from(p[i]!.values)),
  }));
}

export interface StartData {
  /** Arrow IPC, built before DuckDB is up. */
  rollupIPC: Uint8Array;
  regionsIPC: Uint8Array;
  regions: ColumnInput[];
  columns: string[];
}

const filesOf = (manifest: Manifest, table: string): ManifestFile[] => {
  const t = manifest.tables[table];
  if (!t) throw new Error(`the dataset has no table '${table}' (manifest.json)`);
  return t.files;
};

/** Reads what `Dataset.start` inserts; needs no database, so it can run while DuckDB starts. */
export async function prefetchStart(manifest: Manifest, base: string, cellColumns: string[]): Promise<StartData> {
  const columns = [...new Set(cellColumns)].filter((c) => IDENT.test(c) && !ROLLUP_DIMS.includes(c));
  const [rollup, regions] = await Promise.all([
    readTable(base, filesOf(manifest, 'rollup_region_year'), [...ROLLUP_DIMS, ...columns]),
    readTable(base, filesOf(manifest, 'regions'), ['code', 'level', 'name', 'parent_code', 'province_code']),
  ]);
  return { rollupIPC: columnsToIPC(rollup), regionsIPC: columnsToIPC(regions), regions, columns };
}

export class Dataset {
  readonly regions = new Map<string, RegionInfo>();
  private rollupCols = new Set<string>();
  private pending = new Map<string, Promise<void>>();
  private loading: Promise<void> = Promise.resolve();

  constructor(readonly db: Connector, readonly manifest: Manifest, readonly base: string) {}

  files(table: string): ManifestFile[] {
    return filesOf(this.manifest, table);
  }

  /**
   * First load: the rollup's dimensions plus the cell columns the first page needs, and the region
   * names. `prefetched` (see `prefetchStart`) lets the Parquet reads overlap DuckDB's own start-up.
   */
  async start(prefetched?: Promise<StartData>): Promise<void> {
    const { rollupIPC, regionsIPC, regions, columns } = await (prefetched ?? prefetchStart(this.manifest, this.base, []));
    await this.db.insertIPC('rollup', rollupIPC);
    await this.db.insertIPC('regions', regionsIPC);
    [...ROLLUP_DIMS, ...columns].forEach((c) => this.rollupCols.add(c));
    const n = regions[0]!.values.length;
    for (let i = 0; i < n; i++) {
      const v = (j: number) => regions[j]!.values[i] as string | null;
      const code = v(0);
      if (code) this.regions.set(code, { code, level: v(1) ?? '', name: v(2) ?? code, parent_code: v(3), province_code: v(4) });
    }
  }

  /** Makes sure the rollup has these cell columns (fetching only those not loaded yet). */
  ensureRollup(columns: string[]): Promise<void> {
    const need = columns.filter((c) => !this.rollupCols.has(c) && !this.pending.has(c));
    if (need.length) {
      for (const c of need) if (!IDENT.test(c)) throw new Error(`bad column name ${c}`);
      // Column loads are serialised: each one rebuilds the table by a positional join.
      const job = this.loading.then(async () => {
        const cols = await readTable(this.base, this.files('rollup_region_year'), need);
        await this.db.insertIPC('rollup_new', columnsToIPC(cols));
        await this.db.query(`CREATE OR REPLACE TABLE rollup AS SELECT * FROM rollup POSITIONAL JOIN rollup_new`);
        await this.db.query(`DROP TABLE rollup_new`);
        need.forEach((c) => this.rollupCols.add(c));
      });
      this.loading = job.catch(() => undefined);
      for (const c of need) this.pending.set(c, job);
      job.finally(() => need.forEach((c) => this.pending.delete(c))).catch(() => undefined);
    }
    return Promise.all(columns.map((c) => this.pending.get(c) ?? Promise.resolve())).then(() => undefined);
  }

  private once = new Map<string, Promise<void>>();
  /** Loads a whole (column subset of a) table once, e.g. the report list for the quality page. */
  ensureTable(name: string, source: string, columns: string[]): Promise<void> {
    let p = this.once.get(name);
    if (!p) {
      p = (async () => this.db.insertIPC(name, columnsToIPC(await readTable(this.base, this.files(source), columns))))();
      p.catch(() => this.once.delete(name));
      this.once.set(name, p);
    }
    return p;
  }

  /** The rows of a partitioned table that belong to one report, read from its year's files only. */
  async rowsOfReport(table: string, idColumn: string, id: string, year: number | null, columns?: string[]): Promise<Record<string, unknown>[]> {
    const files = this.files(table).filter((f) => year === null || f.year === null || f.year === year);
    const found = await Promise.all(files.map((f) => readMatching(this.base, f, idColumn, id, columns)));
    return found.flat();
  }

  regionName(code: string | null | undefined): string {
    if (!code) return '—';
    return this.regions.get(code)?.name ?? code;
  }
}

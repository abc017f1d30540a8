/**
 * What is loaded into DuckDB and how: tables arrive from Parquet as Arrow IPC, column by column as
 * metrics need them, so a cold start reads only the small rollup's dimension columns.
 */
import { columnsToIPC, type ColumnInput, type ColumnKind } from './arrow-ipc.ts';
import type { Connector } from './connectors/wasm.ts';
import type { Manifest, ManifestFile } from './manifest.ts';
import { columnKinds, readColumns, readFirstMatching, readMatching, readRowsAt } from './parquet-source.ts';
import { indexRegions, type RegionInfo } from './region-index.ts';
import { ReportList, type ListFilters, type ListRow } from './region-reports.ts';
import { filesOf, reportFiles, type PartTable } from './report-files.ts';

export const ROLLUP_DIMS = ['year', 'province_code', 'city_code', 'county_code', 'body_type', 'template', 'reports', 'n_warning'];
const IDENT = /^[a-z_][a-z0-9_]*$/;

export type { RegionInfo } from './region-index.ts';

/** Column-wise parts (same columns, in order) as one set of columns. */
function concatColumns(parts: ColumnInput[][], columns: string[]): ColumnInput[] {
  if (parts.length === 1) return parts[0]!;
  return columns.map((name, i) => ({
    name,
    kind: parts.find((p) => p[i]!.values.length)?.[i]!.kind ?? parts[0]?.[i]?.kind ?? 'string',
    values: parts.flatMap((p) => Array.from(p[i]!.values)),
  }));
}

async function readTable(base: string, files: ManifestFile[], columns: string[]): Promise<ColumnInput[]> {
  return concatColumns(await Promise.all(files.map((f) => readColumns(base, f, columns))), columns);
}

export interface StartData {
  /** Arrow IPC, built before DuckDB is up. */
  rollupIPC: Uint8Array;
  regionsIPC: Uint8Array;
  regions: ColumnInput[];
  columns: string[];
}

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
  regions = new Map<string, RegionInfo>();
  /** 直辖市, kept as provinces and split into counties (see region-index.ts). */
  municipalities = new Set<string>();
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
    const v = (i: number, j: number) => regions[j]!.values[i] as string | null;
    const rows = Array.from({ length: n }, (_, i) => ({ code: v(i, 0) ?? '', level: v(i, 1) ?? '', name: v(i, 2) ?? v(i, 0) ?? '', parent_code: v(i, 3), province_code: v(i, 4) }));
    ({ regions: this.regions, municipalities: this.municipalities } = indexRegions(rows.filter((r) => r.code)));
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
    return this.onceOnly(name, async () => this.db.insertIPC(name, columnsToIPC(await readTable(this.base, this.files(source), columns))));
  }

  /**
   * Loads into `name` the first `limit` rows (in file order) of a table whose `column` is one of
   * `values`, with only the columns asked for: the problem files out of every input file.
   */
  ensureMatching(name: string, source: string, column: string, values: string[], columns: string[], limit: number): Promise<void> {
    return this.onceOnly(name, async () => {
      const found: ColumnInput[][] = [];
      let left = limit;
      for (const f of this.files(source)) {
        if (left <= 0) break;
        const part = await readFirstMatching(this.base, f, column, values, columns, left);
        left -= part[0]!.values.length;
        found.push(part);
      }
      await this.db.insertIPC(name, columnsToIPC(concatColumns(found, columns)));
    });
  }

  /**
   * Loads into `name` the `limit` reports with the most failed checks (then the latest year) among
   * those with a warning or a failed check. Only three small columns of every report are read; the
   * names and ids are then read for the chosen rows alone (the row groups holding them), so a
   * million reports cost a few megabytes rather than the whole report list.
   */
  ensureProblemReports(name: string, columns: string[], limit: number): Promise<void> {
    return this.onceOnly(name, async () => {
      await this.ensureReportFlags();
      const picks = await this.db.query(
        `SELECT f, r FROM report_flags WHERE status <> 'ok' OR n_failed_checks > 0 ORDER BY n_failed_checks DESC, year DESC, f, r LIMIT ${Math.trunc(limit)}`,
      );
      const files = this.files('reports');
      const byFile = new Map<number, number[]>();
      for (const p of picks) byFile.set(Number(p.f), [...(byFile.get(Number(p.f)) ?? []), Number(p.r)]);
      const rows = (await Promise.all([...byFile].map(([f, positions]) => readRowsAt(this.base, files[f]!, positions, columns)))).flat();
      const kinds = files.length ? await columnKinds(this.base, files[0]!) : new Map<string, ColumnKind>();
      await this.db.insertIPC(name, columnsToIPC(columns.map((c) => ({ name: c, kind: kinds.get(c) ?? 'string', values: rows.map((r) => r[c] ?? null) }))));
    });
  }

  /** Per report: its year, status and counts of issues and failed checks, with where it is (file `f`, row `r`). */
  ensureReportFlags(): Promise<void> {
    return this.onceOnly('report_flags', async () => {
      const files = this.files('reports');
      const flagCols = ['status', 'n_issues', 'n_failed_checks'];
      if (!files.length) {
        await this.db.query(`CREATE TABLE report_flags (year INTEGER, status VARCHAR, n_issues INTEGER, n_failed_checks INTEGER, f INTEGER, r INTEGER)`);
        return;
      }
      const parts = await Promise.all(
        files.map(async (f, i): Promise<ColumnInput[]> => {
          // A file of one year need not have its year column read.
          const cols = await readColumns(this.base, f, f.year === null ? ['year', ...flagCols] : flagCols);
          const n = cols[0]!.values.length;
          const year: ColumnInput = f.year === null ? cols.shift()! : { name: 'year', kind: 'int', values: new Int32Array(n).fill(f.year) };
          return [
            year,
            ...cols,
            { name: 'f', kind: 'int', values: new Int32Array(n).fill(i) },
            { name: 'r', kind: 'int', values: Int32Array.from({ length: n }, (_, j) => j) },
          ];
        }),
      );
      await this.db.insertIPC('report_flags', columnsToIPC(concatColumns(parts, ['year', ...flagCols, 'f', 'r'])));
    });
  }

  private reportList: ReportList | null = null;
  /**
   * The first `limit` reports of a region (null: the country) for the Region page's list, read from
   * the row groups of `reports` that hold the region (see region-reports.ts); DuckDB is not involved.
   */
  regionReports(region: RegionInfo | null, filters: ListFilters, limit: number): Promise<ListRow[]> {
    this.reportList ??= new ReportList(this.base, this.files('reports'));
    return this.reportList.page(region && { code: region.code, level: region.level }, filters, limit);
  }

  /** One report: its row of `reports`, then its checks and text from the part file its row names. */
  async reportDetail(
    id: string,
    year: number | null,
  ): Promise<{ row: Record<string, unknown> | null; checks: Record<string, unknown>[]; text: string | null; sources: Record<string, unknown>[] }> {
    const row = (await this.rowsOfReport('reports', 'id', id, { year }))[0] ?? null;
    if (!row) return { row: null, checks: [], text: null, sources: [] };
    const where = { year: typeof row.year === 'number' ? row.year : year, part: row.part };
    const [checks, texts, sources] = await Promise.all([
      this.rowsOfReport('checks', 'report_id', id, where, ['report_id', 'rule', 'scope', 'ok', 'detail']),
      this.rowsOfReport('texts', 'report_id', id, where, ['report_id', 'text']),
      this.sourcesOf(String(row.file)),
    ]);
    return { row, checks, text: typeof texts[0]?.text === 'string' ? texts[0].text : null, sources };
  }

  /** Where a fetched report came from (`sources`, see `gongkai fetch`); none for datasets built from a plain folder or before the table existed. */
  private async sourcesOf(file: string): Promise<Record<string, unknown>[]> {
    const t = this.manifest.tables.sources;
    if (!t || t.rows === 0) return [];
    const found = await Promise.all(t.files.map((f) => readMatching(this.base, f, 'file', file, ['file', 'url', 'title', 'published', 'fetched_at'])));
    return found.flat();
  }

  /**
   * The rows of a partitioned table that belong to one report: from its part's file when the
   * reports row names one (see report-files.ts), else from every file of its year.
   */
  async rowsOfReport(table: 'reports' | PartTable, idColumn: string, id: string, where: { year: number | null; part?: unknown }, columns?: string[]): Promise<Record<string, unknown>[]> {
    const files =
      table === 'reports'
        ? this.files(table).filter((f) => where.year === null || f.year === null || f.year === where.year)
        : reportFiles(this.manifest, table, where.year, where.part);
    const found = await Promise.all(files.map((f) => readMatching(this.base, f, idColumn, id, columns)));
    return found.flat();
  }

  /**
   * Rows of a table where `column` equals `value` (row groups whose statistics exclude it are skipped);
   * none when the dataset has no such table (built before it existed).
   */
  async rowsWhere(table: string, column: string, value: string, columns?: string[]): Promise<Record<string, unknown>[]> {
    if (!this.manifest.tables[table]) return [];
    return (await Promise.all(this.files(table).map((f) => readMatching(this.base, f, column, value, columns)))).flat();
  }

  private onceOnly(name: string, load: () => Promise<void>): Promise<void> {
    let p = this.once.get(name);
    if (!p) {
      p = load();
      p.catch(() => this.once.delete(name));
      this.once.set(name, p);
    }
    return p;
  }

  regionName(code: string | null | undefined): string {
    if (!code) return '—';
    return this.regions.get(code)?.name ?? code;
  }
}

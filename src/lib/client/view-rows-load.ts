/**
 * Reads the rows behind a view (see view-rows.ts) out of `reports` and selects them in DuckDB-WASM.
 * Only the year files in the view's range are opened, only the row groups whose region-code
 * statistics can hold a picked region are read (as the Region page's list does), and only the
 * columns the file will hold. The slice goes into DuckDB as `view_rows`; the filters are then applied
 * there by a prepared statement, the same WHERE as the charts' queries.
 */
import { columnsToIPC, type ColumnInput } from './arrow-ipc.ts';
import type { Connector, Row } from './connectors/wasm.ts';
import type { ManifestFile } from './manifest.ts';
import { openParquet, readRowGroups } from './parquet-source.ts';
import type { Filters, LevelOf } from './queries.ts';
import { regionColumns, rowGroupsHolding } from './region-reports.ts';
import { sourceColumns, viewRowsSql, type RowColumns } from './view-rows.ts';

export interface RowsSource {
  db: Connector;
  base: string;
  files(table: string): ManifestFile[];
}

const TABLE = 'view_rows';
const CODE = /^\d{2,12}$/;
// One slice at a time: a second download waits for the first instead of replacing its table.
let queue: Promise<unknown> = Promise.resolve();

/** The union of several filters' years and regions: what must be read to answer all of them. */
function reach(filters: readonly Filters[]): { inYears: (y: number | null) => boolean; regions: string[] | null } {
  const inYears = (y: number | null) => filters.some((f) => y === null || ((f.y0 === null || y >= f.y0) && (f.y1 === null || y <= f.y1)));
  // Any filter without a region reads the whole country.
  const regions = filters.some((f) => f.regions.length === 0) ? null : [...new Set(filters.flatMap((f) => f.regions))];
  return { inYears, regions };
}

async function readSlice(src: RowsSource, filters: readonly Filters[], levelOf: LevelOf, columns: string[]): Promise<ColumnInput[]> {
  const { inYears, regions } = reach(filters);
  for (const code of regions ?? []) if (!CODE.test(code)) throw new Error(`bad region code ${JSON.stringify(code)}`);
  const files = src.files('reports').filter((f) => inYears(f.year));
  const parts = await Promise.all(
    files.map(async (f) => {
      const { metadata } = await openParquet(src.base, f);
      const groups = regions
        ? [...new Set(regions.flatMap((code) => rowGroupsHolding(metadata, regionColumns({ code, level: levelOf(code) ?? '' }), code)))]
        : metadata.row_groups.map((_, g) => g);
      return groups.length ? readRowGroups(src.base, f, groups, columns) : null;
    }),
  );
  const read = parts.filter((p): p is ColumnInput[] => p !== null);
  // Types from the schema, so that an empty slice still has numeric cells.
  const { kinds } = await openParquet(src.base, src.files('reports')[0]!);
  return columns.map((name, i) => {
    const kind = kinds.get(name);
    if (!kind) throw new Error(`${src.files('reports')[0]!.path}: missing column ${name}`);
    return { name, kind, values: read.flatMap((p) => Array.from(p[i]!.values)) };
  });
}

/**
 * For each filter (one per compare item, or the one view), its rows, in the order of view-rows.ts.
 * `extra` narrows every filter the way the chart does.
 */
export function viewRows(src: RowsSource, filters: readonly Filters[], levelOf: LevelOf, cols: RowColumns, extra: { sql: string; params: (string | number)[] }[] = []): Promise<Row[][]> {
  const job = queue.then(async () => {
    if (!src.files('reports').length) throw new Error('this dataset has no reports table (manifest.json lists no reports files)');
    const slice = await readSlice(src, filters, levelOf, sourceColumns(cols));
    await src.db.insertIPC(TABLE, columnsToIPC(slice));
    try {
      const out: Row[][] = [];
      for (const f of filters) {
        const q = viewRowsSql(TABLE, f, levelOf, cols, extra);
        out.push(await src.db.query(q.sql, q.params));
      }
      return out;
    } finally {
      await src.db.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    }
  });
  queue = job.catch(() => undefined);
  return job;
}

/**
 * Reads columns of our Parquet files in the browser with hyparquet: HTTP range requests fetch the
 * footer and only the column chunks asked for. DuckDB-WASM 1.32 cannot read Parquet offline (its
 * reader is a downloadable extension), so this is how data reaches it.
 */
import { asyncBufferFromUrl, cachedAsyncBuffer, parquetMetadataAsync, parquetQuery, parquetRead, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { ColumnInput, ColumnKind } from './arrow-ipc.ts';
import type { ManifestFile } from './manifest.ts';
import { countingFetch } from './load-progress.ts';

interface OpenFile {
  file: AsyncBuffer;
  metadata: FileMetaData;
  kinds: Map<string, ColumnKind>;
}

const open = new Map<string, Promise<OpenFile>>();

/**
 * Files held in memory (the imported reports' dataset, made in this tab), by the URL they stand for:
 * read as a build's files are, with no request.
 */
const memory = new Map<string, Uint8Array>();
export function registerMemoryFiles(base: string, files: ReadonlyMap<string, Uint8Array>): void {
  for (const [path, bytes] of files) memory.set(`${base}/${path}`, bytes);
}
export function dropMemoryFiles(base: string): void {
  for (const url of [...memory.keys()]) if (url.startsWith(`${base}/`)) {
    memory.delete(url);
    open.delete(url);
  }
}
const memoryBuffer = (bytes: Uint8Array): AsyncBuffer => ({
  byteLength: bytes.byteLength,
  slice: (start, end) => bytes.slice(start, end).buffer,
});

function kindOf(type: string | undefined): ColumnKind {
  if (type === 'BYTE_ARRAY' || type === 'FIXED_LEN_BYTE_ARRAY') return 'string';
  if (type === 'INT32') return 'int';
  if (type === 'BOOLEAN') return 'bool';
  return 'double';
}

/** Opens a file once (footer fetched once) and remembers its column types. A file that names a base of its own is read from there. */
export function openParquet(base: string, f: ManifestFile): Promise<OpenFile> {
  const url = `${f.base ?? base}/${f.path}`;
  let p = open.get(url);
  if (!p) {
    p = (async () => {
      const held = memory.get(url);
      const file = held ? memoryBuffer(held) : cachedAsyncBuffer(await asyncBufferFromUrl({ url, byteLength: f.bytes, fetch: countingFetch }));
      const metadata = await parquetMetadataAsync(file);
      const kinds = new Map(parquetSchema(metadata).children.map((c) => [c.element.name, kindOf(c.element.type)]));
      return { file, metadata, kinds };
    })();
    p.catch(() => open.delete(url));
    open.set(url, p);
  }
  return p;
}

/** Every row of the named columns of one file, column-wise. Missing columns are an error naming the file. */
export async function readColumns(base: string, f: ManifestFile, columns: string[]): Promise<ColumnInput[]> {
  const { file, metadata, kinds } = await openParquet(base, f);
  const missing = columns.filter((c) => !kinds.has(c));
  if (missing.length) throw new Error(`${f.path}: missing column(s) ${missing.join(', ')}`);
  const n = Number(metadata.num_rows);
  const out = new Map(columns.map((c) => [c, new Array<unknown>(n).fill(null)]));
  if (n > 0)
    await parquetRead({
      file, metadata, columns, compressors,
      onChunk({ columnName, columnData, rowStart }) {
        const target = out.get(columnName);
        if (!target) return;
        for (let i = 0; i < columnData.length && rowStart + i < n; i++) target[rowStart + i] = columnData[i];
      },
    });
  return columns.map((name) => ({ name, kind: kinds.get(name)!, values: out.get(name)! }));
}

/**
 * Every row of the given row groups (indices in file order) of the named columns, column-wise, in
 * file order. Runs of adjacent groups are read together; only their column chunks are fetched.
 */
export async function readRowGroups(base: string, f: ManifestFile, groups: number[], columns: string[]): Promise<ColumnInput[]> {
  const { file, metadata, kinds } = await openParquet(base, f);
  const missing = columns.filter((c) => !kinds.has(c));
  if (missing.length) throw new Error(`${f.path}: missing column(s) ${missing.join(', ')}`);
  const starts: number[] = [];
  let at = 0;
  for (const g of metadata.row_groups) { starts.push(at); at += Number(g.num_rows); }
  const runs: [number, number][] = [];
  for (const g of [...new Set(groups)].sort((a, b) => a - b)) {
    if (!Number.isInteger(g) || g < 0 || g >= metadata.row_groups.length) throw new Error(`${f.path}: no row group ${g}`);
    const [start, end] = [starts[g]!, starts[g]! + Number(metadata.row_groups[g]!.num_rows)];
    const last = runs.at(-1);
    if (last && last[1] === start) last[1] = end;
    else runs.push([start, end]);
  }
  const out = new Map(columns.map((c) => [c, [] as unknown[]]));
  for (const [rowStart, rowEnd] of runs) {
    const offset = out.get(columns[0]!)!.length;
    const n = rowEnd - rowStart;
    for (const c of columns) { const v = out.get(c)!; v.length = offset + n; v.fill(null, offset); }
    await parquetRead({
      file, metadata, columns, compressors, rowStart, rowEnd,
      onChunk({ columnName, columnData, rowStart: chunkStart }) {
        const target = out.get(columnName);
        if (!target) return;
        // A chunk may start before rowStart or run past rowEnd (pages are not cut at our bounds).
        for (let i = Math.max(0, rowStart - chunkStart); i < columnData.length && chunkStart + i < rowEnd; i++) target[offset + chunkStart + i - rowStart] = columnData[i];
      },
    });
  }
  return columns.map((name) => ({ name, kind: kinds.get(name)!, values: out.get(name)! }));
}

/** Rows of one file whose column equals a value; row groups whose statistics exclude it are skipped. */
export async function readMatching(base: string, f: ManifestFile, column: string, value: string, columns?: string[]): Promise<Record<string, unknown>[]> {
  const { file, metadata } = await openParquet(base, f);
  const cols = columns && !columns.includes(column) ? [...columns, column] : columns;
  return parquetQuery({ file, metadata, columns: cols, compressors, filter: { [column]: { $eq: value } } });
}

/**
 * The first `limit` rows (in file order) whose column is one of `values`, reading row group after row
 * group only until enough are found: a few problem rows out of a million cost a few groups.
 */
export async function readFirstMatching(base: string, f: ManifestFile, column: string, values: string[], columns: string[], limit: number): Promise<ColumnInput[]> {
  const { file, metadata, kinds } = await openParquet(base, f);
  const missing = [...columns, column].filter((c) => !kinds.has(c));
  if (missing.length) throw new Error(`${f.path}: missing column(s) ${missing.join(', ')}`);
  const out: Record<string, unknown>[] = [];
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    out.push(...(await parquetReadObjects({ file, metadata, columns, compressors, rowStart: start, rowEnd: end, filter: { [column]: { $in: values } } })));
    if (out.length >= limit) break;
    start = end;
  }
  const rows = out.slice(0, limit);
  return columns.map((name) => ({ name, kind: kinds.get(name)!, values: rows.map((r) => r[name] ?? null) }));
}

/** Rows at the given positions of one file; only the row groups holding them are read. */
export async function readRowsAt(base: string, f: ManifestFile, positions: number[], columns: string[]): Promise<Record<string, unknown>[]> {
  const { file, metadata } = await openParquet(base, f);
  const wanted = [...new Set(positions)].sort((a, b) => a - b);
  const out: Record<string, unknown>[] = [];
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const here = wanted.filter((p) => p >= start && p < end);
    if (here.length) {
      const lo = here[0]!;
      const rows = await parquetReadObjects({ file, metadata, columns, compressors, rowStart: lo, rowEnd: here.at(-1)! + 1 });
      for (const p of here) out.push(rows[p - lo]!);
    }
    start = end;
  }
  return out;
}

export const columnKinds = async (base: string, f: ManifestFile): Promise<Map<string, ColumnKind>> => (await openParquet(base, f)).kinds;

export const columnNamesOf = async (base: string, f: ManifestFile): Promise<string[]> => [...(await openParquet(base, f)).kinds.keys()];

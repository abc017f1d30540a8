/**
 * `gongkai build IN_DIR OUT_DIR`: every report under IN_DIR into the Parquet dataset in OUT_DIR.
 * The main thread reads and hashes the files, skips what the previous dataset already holds (same
 * path, size and time, or same bytes, with the same analysis fingerprint) and duplicates, and stages
 * the inputs rows; parse workers write the report rows as Parquet parts (parts.ts). Everything goes to
 * a temporary directory that is renamed into place.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { PARSER_VERSION } from '../parser/index.ts';
import { maxBytesOf } from '../parser/size.ts';
import { walkInputs } from './files.ts';
import { analysisFingerprint } from './fingerprint.ts';
import { ParsePool } from './pool.ts';
import { progress as makeProgress } from './progress.ts';
import { type InputRow, duplicateOf, hashLargeFile, tooLarge, unreadable } from './record.ts';
import { stageSources } from './sources.ts';
import { Staging } from './staging.ts';
import { makeTempDir, publish, recover } from './swap.ts';
import { type BuildCounts, DATASET_FORMAT, type Manifest, manifestOf, mergeReused, resolveDuplicates, sqlString, writeBuildReport, writeTables } from './write.ts';
import type { ParseJob } from './worker.ts';

export interface BuildOptions {
  inDir: string;
  outDir: string;
  workers?: number;
  progress?: boolean;
  /** Files read, hashed and looked up together. */
  chunkSize?: number;
  /** Reports each worker collects before writing them out as Parquet parts. */
  flushEvery?: number;
  /** Time budget of one file (pool.ts FILE_TIMEOUT_MS by default). */
  fileTimeoutMs?: number;
  /** Memory budget of one parse worker's heap (pool.ts WORKER_HEAP_MB by default). */
  workerHeapMb?: number;
}

export interface BuildResult {
  counts: BuildCounts;
  manifest: Manifest;
  seconds: number;
  /** Wall seconds per phase: listing, reading+parsing+staging, writing the tables. */
  phases: { list: number; parse: number; write: number; tables?: Record<string, number> };
  /** True when the input was exactly the previous dataset's and nothing was rewritten. */
  upToDate: boolean;
  /** The first few inputs not taken (error, duplicate, skipped) by path, for the summary on stderr. */
  firstRejected: { file: string; status: string; code: string | null; message: string | null }[];
}

/** The previous dataset, if its rows can be reused: same format, parser version and analysis code. */
function previousDataset(out: string): Manifest | null {
  try {
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    if (m.format !== DATASET_FORMAT || m.parser_version !== PARSER_VERSION || m.analysis !== analysisFingerprint() || !existsSync(join(out, 'inputs.parquet'))) return null;
    return m;
  } catch {
    return null;
  }
}


/** Chunks read ahead of the parsers: bounds the file bytes held in memory (chunkSize × this × file size). */
const CHUNKS_IN_FLIGHT = 8;
/** Commit staged rows every this many chunks (of chunkSize files): keeps DuckDB's memory bounded. */
const FLUSH_EVERY_CHUNKS = 8;
/**
 * Each worker writes its Parquet parts after this many reports: large enough that a national build
 * makes few files (a part per year per flush: about 125 per year at a million reports),
 * small enough that a worker's two batches of source texts stay within a few hundred megabytes.
 */
const FLUSH_EVERY_REPORTS = 8_000;

interface Planned {
  file: string;
  path: string;
  bytes: number;
  mtime_ms: number;
  known_hash: string | null;
}

export async function buildDataset(opts: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const inDir = resolve(opts.inDir);
  const out = resolve(opts.outDir);
  if (!existsSync(inDir) || !statSync(inDir).isDirectory()) throw new UsageError(`input directory ${opts.inDir} does not exist or is not a directory`);
  recover(out);
  const prev = previousDataset(out);
  const tmp = makeTempDir(out);
  const workers = Math.max(1, opts.workers ?? cpus().length);
  const staging = await Staging.open(join(tmp, '.staging.duckdb'), join(tmp, '.spill'), cpus().length);
  const { conn } = staging;
  let pool: ParsePool | undefined;
  try {
    // 1. List the inputs (streaming into the staging database, not into memory).
    const listing = await conn.createAppender('listing');
    let skipped = 0;
    for await (const f of walkInputs(inDir, [out, tmp])) {
      if (f.skip) {
        // Not read at all (a link leaving IN_DIR, a FIFO, …): listed in the report with the reason.
        staging.appendInput({ file: f.file, id: '', bytes: f.bytes, hash: '', status: 'skipped', code: f.skip.code, message: f.skip.message, mtime_ms: f.mtime_ms });
        skipped++;
        continue;
      }
      listing.appendVarchar(f.file);
      listing.appendVarchar(f.path);
      listing.appendBigInt(BigInt(f.bytes));
      listing.appendDouble(f.mtime_ms);
      listing.endRow();
    }
    listing.closeSync();
    const listed = performance.now();

    // 2. What the previous dataset already knows: by path+size+time without reading, else by content hash.
    if (prev) {
      const inputs = sqlString(join(out, 'inputs.parquet'));
      await conn.run(`CREATE TABLE prev_inputs AS SELECT file, bytes, mtime_ms, hash FROM read_parquet(${inputs}) WHERE hash <> ''`);
      await conn.run(`CREATE TABLE prev_by_hash AS SELECT hash, any_value(id) AS id, any_value(status) AS status, any_value(code) AS code,
        any_value(message) AS message FROM read_parquet(${inputs}) WHERE status <> 'duplicate' AND hash <> '' GROUP BY hash`);
      await conn.run(`CREATE TABLE plan AS SELECT row_number() OVER (ORDER BY l.file) - 1 AS n, l.*, h.hash AS known_hash FROM listing l
        LEFT JOIN (SELECT p.file, p.bytes, p.mtime_ms, p.hash FROM prev_inputs p SEMI JOIN prev_by_hash b ON p.hash = b.hash) h
        ON h.file = l.file AND h.bytes = l.bytes AND h.mtime_ms = l.mtime_ms`);
    } else {
      await conn.run(`CREATE TABLE prev_by_hash (hash VARCHAR, id VARCHAR, status VARCHAR, code VARCHAR, message VARCHAR)`);
      await conn.run(`CREATE TABLE plan AS SELECT row_number() OVER (ORDER BY l.file) - 1 AS n, l.*, NULL::VARCHAR AS known_hash FROM listing l`);
    }
    // A skipped entry is never in the previous dataset's lookup: with one, the inputs are rewritten.
    if (prev && skipped === 0 && (await upToDate(conn))) {
      // Same files, same bytes, same analysis: the previous dataset is already this build's result.
      await staging.closeAppenders();
      staging.close();
      rmSync(tmp, { recursive: true, force: true });
      const report = JSON.parse(readFileSync(join(out, 'build-report.json'), 'utf8')) as { counts: BuildCounts };
      const seconds = (performance.now() - started) / 1000;
      return {
        counts: { ...report.counts, parsed: 0, reused: report.counts.inputs },
        manifest: prev,
        seconds,
        phases: { list: seconds, parse: 0, write: 0 },
        upToDate: true,
        firstRejected: [],
      };
    }
    await conn.run(`CREATE TABLE chunk_hashes (file VARCHAR, hash VARCHAR, bytes BIGINT, mtime_ms DOUBLE)`);
    const total = Number((await (await conn.runAndReadAll('SELECT count(*) FROM plan')).getRows())[0]![0]);

    // 3. Read and hash (here, to drop duplicates before parsing), look up, parse what is new. The
    //    workers write the report rows as Parquet parts; only inputs rows come back here.
    const chunkSize = opts.chunkSize ?? 512;
    // Named .pdf is enough to warm pdf.js up; the bytes still decide how each file is read.
    const hasPdf = Number((await (await conn.runAndReadAll(`SELECT count(*) FROM plan WHERE lower(file) LIKE '%.pdf'`)).getRows())[0]![0]) > 0;
    pool = await ParsePool.open({ size: workers, out: tmp, flushEvery: opts.flushEvery ?? FLUSH_EVERY_REPORTS, fileTimeoutMs: opts.fileTimeoutMs, heapMb: opts.workerHeapMb, preloadPdf: hasPdf });
    const show = makeProgress(total, opts.progress ?? false);
    const select = await conn.prepare('SELECT file, path, bytes, mtime_ms, known_hash FROM plan WHERE n >= $1 AND n < $2 ORDER BY n');
    // Ids parsed so far: files are taken in path order, so the first of identical files (the smallest path) holds the report.
    const seen = new Set<string>();
    let done = 0;
    let parsed = 0;
    let reused = 0;
    let inFlight: Promise<void> = Promise.resolve();
    const window: Promise<void>[] = [];
    let sinceFlush = 0;
    for (let start = 0; start < total; start += chunkSize) {
      select.bindBigInt(1, BigInt(start));
      select.bindBigInt(2, BigInt(start + chunkSize));
      const rows = (await (await select.runAndReadAll()).getRowObjectsJS()) as unknown as Planned[];
      const known = rows.filter((r) => r.known_hash);
      // Synchronous reads: a report is a few kilobytes, and a promise per file costs more than the read.
      const read = rows
        .filter((r) => !r.known_hash)
        .map((r): { r: Planned; hash: string; bytes: Uint8Array | null } | { r: Planned; error: Error } => {
          try {
            if (Number(r.bytes) > maxBytesOf(r.file)) return { r, hash: hashLargeFile(r.path), bytes: null };
            const bytes = ownBuffer(readFileSync(r.path));
            return { r, hash: createHash('sha256').update(bytes).digest('hex'), bytes };
          } catch (e) {
            return { r, error: e as Error };
          }
        });
      // Renamed or touched files whose bytes the previous dataset holds need no parsing.
      const hit = prev ? await lookUp(conn, [...known.map((r) => ({ r, hash: r.known_hash! })), ...read.filter((x) => 'hash' in x)] as { r: Planned; hash: string }[]) : new Set<string>();
      reused += hit.size;
      const records: InputRow[] = [];
      const jobs: ParseJob[] = [];
      for (const x of read) {
        if (hit.has(x.r.file)) continue;
        const mtime = Number(x.r.mtime_ms);
        if ('error' in x) records.push(unreadable(x.r.file, mtime, Number(x.r.bytes), x.error));
        else {
          const id = x.hash.slice(0, 16);
          if (seen.has(id)) records.push(duplicateOf(x.r.file, x.hash, Number(x.r.bytes), mtime));
          else {
            seen.add(id);
            if (!x.bytes) records.push(tooLarge(x.r.file, x.hash, Number(x.r.bytes), mtime));
            else jobs.push({ file: x.r.file, path: x.r.path, bytes: x.bytes, mtime_ms: mtime, hash: x.hash });
          }
        }
      }
      // Parse this chunk while the next one is read; record the results in arrival order.
      const batches: Promise<InputRow[]>[] = [];
      for (let i = 0; i < jobs.length; i += 8) batches.push(pool.parse(jobs.slice(i, i + 8)));
      const previous = inFlight;
      const chunkDone = rows.length - jobs.length;
      const chunk = (async () => {
        const results = await Promise.all(batches);
        await previous;
        for (const row of records) staging.appendInput(row);
        for (const batch of results) for (const row of batch) staging.appendInput(row);
        if (++sinceFlush >= FLUSH_EVERY_CHUNKS) {
          staging.flush();
          sinceFlush = 0;
        }
        parsed += jobs.length;
        done += jobs.length + chunkDone;
        show.tick(done);
      })();
      // Awaited below; until then a failure must not count as unhandled (it ends the build there).
      chunk.catch(() => {});
      inFlight = chunk;
      // A window of chunks in flight keeps every worker fed while another is busy writing its parts.
      window.push(chunk);
      if (window.length >= CHUNKS_IN_FLIGHT) await window.shift();
    }
    await inFlight;
    select.destroySync();
    await pool.finish();
    // Files answered as parsed whose reports were lost with a worker and which then killed its replacement.
    if (pool.corrections.length) staging.flush();
    for (const row of pool.corrections) {
      await conn.run(`DELETE FROM inputs WHERE file = ${sqlString(row.file)}`);
      staging.appendInput(row);
    }
    pool = undefined;
    show.done();
    await staging.closeAppenders();
    const parsedAt = performance.now();

    // 4. Merge, resolve duplicates, write the tables, the manifest and the build report.
    if (prev) await mergeReused(conn);
    await resolveDuplicates(conn);
    await stageSources(conn, inDir);
    const tableSeconds = await writeTables(conn, tmp, prev ? { dir: out, manifest: prev } : null);
    const manifest = await manifestOf(conn, tmp, PARSER_VERSION, analysisFingerprint());
    const byStatus = Object.fromEntries(
      (await (await conn.runAndReadAll('SELECT status, count(*) FROM inputs GROUP BY status')).getRows()).map((r) => [String(r[0]), Number(r[1])]),
    );
    const counts: BuildCounts = {
      inputs: total + skipped,
      ok: byStatus.ok ?? 0,
      warning: byStatus.warning ?? 0,
      error: byStatus.error ?? 0,
      duplicate: byStatus.duplicate ?? 0,
      skipped,
      reports: manifest.tables.reports?.rows ?? 0,
      reused,
      parsed,
    };
    const firstRejected = (await (
      await conn.runAndReadAll(`SELECT file, status, code, message FROM inputs WHERE status IN ('error', 'duplicate', 'skipped') ORDER BY file LIMIT 5`)
    ).getRowObjectsJS()) as BuildResult['firstRejected'];
    await writeBuildReport(conn, tmp, { format: DATASET_FORMAT, parser_version: PARSER_VERSION, built_at: manifest.built_at, input_dir: opts.inDir, counts });
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
    staging.close();
    rmSync(join(tmp, '.staging.duckdb'), { force: true });
    rmSync(join(tmp, '.staging.duckdb.wal'), { force: true });
    rmSync(join(tmp, '.spill'), { recursive: true, force: true });
    rmSync(join(tmp, '.parts'), { recursive: true, force: true });
    publish(tmp, out);
    const end = performance.now();
    return {
      counts,
      manifest,
      seconds: (end - started) / 1000,
      phases: { list: (listed - started) / 1000, parse: (parsedAt - listed) / 1000, write: (end - parsedAt) / 1000, tables: tableSeconds },
      upToDate: false,
      firstRejected,
    };
  } catch (e) {
    const busy = pool?.busy() ?? [];
    await pool?.close();
    try {
      staging.close();
    } catch {
      // already closed
    }
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof UsageError) throw e;
    throw new BuildFailed((e as Error).message ?? String(e), busy, e);
  }
}

/** A build that could not publish; `parsing` names the files the workers were on when it failed. */
export class BuildFailed extends Error {
  constructor(
    message: string,
    readonly parsing: string[],
    readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Which of these files have bytes the previous dataset already holds; records them as reused. */
async function lookUp(conn: DuckDBConnection, files: { r: Planned; hash: string }[]): Promise<Set<string>> {
  const hashes = await conn.createAppender('chunk_hashes');
  for (const x of files) {
    hashes.appendVarchar(x.r.file);
    hashes.appendVarchar(x.hash);
    hashes.appendBigInt(BigInt(x.r.bytes));
    hashes.appendDouble(Number(x.r.mtime_ms));
    hashes.endRow();
  }
  hashes.closeSync();
  const hit = new Set(
    (await (await conn.runAndReadAll('SELECT c.file FROM chunk_hashes c SEMI JOIN prev_by_hash p ON c.hash = p.hash')).getRows()).map((r) => String(r[0])),
  );
  await conn.run('INSERT INTO reused SELECT * FROM chunk_hashes c WHERE c.hash IN (SELECT hash FROM prev_by_hash)');
  await conn.run('DELETE FROM chunk_hashes');
  return hit;
}

/** Every listed file is known unchanged (path, size, time) and no previous input has gone. */
async function upToDate(conn: DuckDBConnection): Promise<boolean> {
  const [row] = await (
    await conn.runAndReadAll(`SELECT (SELECT count(*) FROM plan WHERE known_hash IS NULL), (SELECT count(*) FROM plan), (SELECT count(*) FROM prev_inputs)`)
  ).getRows();
  return Number(row![0]) === 0 && Number(row![1]) === Number(row![2]);
}

/**
 * The bytes in an ArrayBuffer of their own: small files come back in a slice of Node's shared buffer
 * pool, and transferring that to a worker would detach every other buffer in the pool.
 */
function ownBuffer(b: Buffer): Uint8Array {
  return b.byteOffset === 0 && b.buffer.byteLength === b.byteLength ? b : new Uint8Array(b);
}

/** A problem with the command line or the directories given, not with any report. */
export class UsageError extends Error {}

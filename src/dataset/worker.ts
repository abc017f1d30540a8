/**
 * A parse worker: analyses the files it is sent, writes their report rows as Parquet parts of its own
 * (see parts.ts) and posts back only their inputs rows.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { analyzeReport } from '../analyze.ts';
import { MAX_BYTES } from '../parser/decode.ts';
import { PartWriter } from './parts.ts';
import { type FileRecord, type InputRow, hashBytes, toRecord, unreadable } from './record.ts';

/** One file to parse: its bytes when the main thread read them, else its path for the worker to read. */
export interface ParseJob {
  file: string;
  mtime_ms: number;
  bytes?: Uint8Array;
  path?: string;
  /** SHA-256 hex, when the main thread already computed it. */
  hash?: string;
}

/** Hashes a file too large to be a report without holding it in memory. */
export function hashLargeFile(path: string): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = readSync(fd, buf)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

export function tooLarge(file: string, hash: string, size: number, mtime_ms: number): FileRecord {
  return {
    input: { file, id: hash.slice(0, 16), hash, bytes: size, status: 'error', code: 'file_too_large', message: `${file} is ${size} bytes; a report is at most ${MAX_BYTES}`, mtime_ms },
    report: null,
  };
}

export function parseJob(job: ParseJob): FileRecord {
  let bytes = job.bytes;
  if (!bytes) {
    try {
      bytes = new Uint8Array(readFileSync(job.path!));
    } catch (e) {
      return unreadable(job.file, job.mtime_ms, 0, e as Error);
    }
    if (bytes.length > MAX_BYTES) return tooLarge(job.file, hashLargeFile(job.path!), bytes.length, job.mtime_ms);
  }
  try {
    return toRecord(job.file, bytes, job.mtime_ms, analyzeReport(job.file, bytes), job.hash);
  } catch (e) {
    // The parser promises never to throw; if it does, this one file is an error, the build goes on.
    const { hash, id } = hashBytes(bytes);
    return {
      input: { file: job.file, id, hash, bytes: bytes.length, status: 'error', code: 'internal_error', message: `parser failed on ${job.file}: ${(e as Error).message}`, mtime_ms: job.mtime_ms },
      report: null,
    };
  }
}

export type WorkerRequest =
  | { type: 'open'; seq: number; out: string; tag: string; flushEvery: number }
  | { type: 'parse'; seq: number; jobs: ParseJob[] }
  | { type: 'close'; seq: number };

export type WorkerReply = { seq: number; inputs?: InputRow[]; error?: string };

let writer: PartWriter | undefined;
let flushEvery = 0;

async function handle(msg: WorkerRequest): Promise<InputRow[] | undefined> {
  switch (msg.type) {
    case 'open':
      writer = await PartWriter.open(msg.out, msg.tag);
      flushEvery = msg.flushEvery;
      return undefined;
    case 'parse': {
      if (!writer) throw new Error('parse worker used before open');
      const inputs = msg.jobs.map((job) => {
        const rec = parseJob(job);
        writer!.append(rec);
        return rec.input;
      });
      if (writer.buffered >= flushEvery) await writer.flush();
      return inputs;
    }
    case 'close':
      await writer?.close();
      writer = undefined;
      return undefined;
  }
}

// One message at a time: a flush must not interleave with the next batch's appends.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (msg: WorkerRequest) => {
  queue = queue.then(async () => {
    let reply: WorkerReply;
    try {
      reply = { seq: msg.seq, inputs: await handle(msg) };
    } catch (e) {
      reply = { seq: msg.seq, error: (e as Error).stack ?? String(e) };
    }
    parentPort!.postMessage(reply);
  });
});

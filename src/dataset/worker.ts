/**
 * A parse worker: analyses the files it is sent, writes their report rows as Parquet parts of its own
 * (see parts.ts) and posts back only their inputs rows.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeFile } from '../analyze.ts';
import { PartWriter } from './parts.ts';
import { type FileRecord, type InputRow, toRecord } from './record.ts';

/** One file to parse, read and hashed by the main thread (which drops duplicates before they get here). */
export interface ParseJob {
  file: string;
  mtime_ms: number;
  bytes: Uint8Array;
  /** SHA-256 hex. */
  hash: string;
}

export async function parseJob(job: ParseJob): Promise<FileRecord> {
  const { bytes, hash } = job;
  try {
    return toRecord(job.file, bytes, job.mtime_ms, await analyzeFile(job.file, bytes), hash);
  } catch (e) {
    // The parser promises never to throw; if it does, this one file is an error, the build goes on.
    return {
      input: { file: job.file, id: hash.slice(0, 16), hash, bytes: bytes.length, status: 'error', code: 'internal_error', message: `解析器内部错误：${(e as Error).message}`, mtime_ms: job.mtime_ms },
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
      const inputs: InputRow[] = [];
      for (const job of msg.jobs) {
        const rec = await parseJob(job);
        writer.append(rec);
        inputs.push(rec.input);
      }
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

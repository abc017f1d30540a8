/**
 * A parse worker: analyses the files it is sent, writes their report rows as Parquet parts of its own
 * (see parts.ts) and posts back only their inputs rows.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeFile } from '../analyze.ts';
import { resolveRegion } from '../regions/index.ts';
import { PartWriter } from './parts.ts';
import { type FileRecord, type InputRow, toRecord } from './record.ts';
import { injectFault } from './fault.ts';

/** One file to parse, read and hashed by the main thread (which drops duplicates before they get here). */
export interface ParseJob {
  file: string;
  /** Absolute path: the pool reads the file again should the worker parsing it die. */
  path: string;
  mtime_ms: number;
  bytes: Uint8Array;
  /** SHA-256 hex. */
  hash: string;
}

export async function parseJob(job: ParseJob): Promise<FileRecord> {
  const { bytes, hash } = job;
  injectFault(job.file);
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
  | { type: 'open'; seq: number; out: string; tag: string; flushEvery: number; preloadPdf: boolean }
  | { type: 'parse'; seq: number; jobs: ParseJob[] }
  | { type: 'close'; seq: number };

/**
 * What a worker posts: `start` before each file and `idle` after a batch's last (the pool times each
 * file between them), `written` once a generation of parts is on disk, and each request's reply
 * (with the generation its reports went into).
 */
export type WorkerReply =
  | { kind: 'start'; seq: number; index: number }
  | { kind: 'idle'; seq: number }
  | { kind: 'written'; gen: number }
  | { kind: 'reply'; seq: number; inputs?: InputRow[]; gen?: number; error?: string };

let writer: PartWriter | undefined;
let flushEvery = 0;
const post = (m: WorkerReply) => parentPort!.postMessage(m);

async function handle(msg: WorkerRequest): Promise<InputRow[] | undefined> {
  switch (msg.type) {
    case 'open':
      // Load the gazetteer and pins now, so that the first file's time budget is its own parse.
      resolveRegion({ org: '北京市人民政府', text: '' });
      // Likewise pdf.js (seconds to load on a busy machine) when the build has PDFs to read.
      if (msg.preloadPdf) await (await import('../parser/readers/pdf.ts')).preloadPdf();
      writer = await PartWriter.open(msg.out, msg.tag);
      writer.onWritten = (gen) => post({ kind: 'written', gen });
      flushEvery = msg.flushEvery;
      return undefined;
    case 'parse': {
      if (!writer) throw new Error('parse worker used before open');
      const inputs: InputRow[] = [];
      for (let i = 0; i < msg.jobs.length; i++) {
        post({ kind: 'start', seq: msg.seq, index: i });
        const rec = await parseJob(msg.jobs[i]!);
        writer.append(rec);
        inputs.push(rec.input);
      }
      post({ kind: 'idle', seq: msg.seq });
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
      // The generation this batch's reports go into; they are on disk once it is `written`.
      const gen = writer?.current;
      const inputs = await handle(msg);
      if (msg.type === 'parse' && writer && writer.buffered >= flushEvery) await writer.flush();
      reply = { kind: 'reply', seq: msg.seq, inputs, gen };
    } catch (e) {
      reply = { kind: 'reply', seq: msg.seq, error: (e as Error).stack ?? String(e) };
    }
    parentPort!.postMessage(reply);
  });
});

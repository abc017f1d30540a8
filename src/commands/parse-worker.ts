/**
 * A worker of `gongkai parse` on a folder: files in, their JSON lines out as UTF-8, in the order sent.
 * The file being parsed is told through shared memory (no message per file); lines are sent in
 * batches, each batch's bytes transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeFile } from '../analyze.ts';
import { injectFault } from '../dataset/fault.ts';
import { resolveRegion } from '../regions/index.ts';

export type ParseRequest = { seq: number; file: string; bytes: Uint8Array; pretty: boolean };
/** `seqs[i]`'s line is `bytes[ends[i - 1] ?? 0 .. ends[i]]`, newline included. */
export type ParseReply = { ready: true } | { seqs: number[]; ends: number[]; errors: number[]; bytes: Uint8Array };
/** What the worker is doing, for the main thread's watchdog: the seq it is parsing (−1: none), since when (ms since the epoch). */
export type ParseWorkerData = { current: Int32Array; since: Float64Array };

/**
 * A batch is sent when it holds this many files or bytes, or when the worker has nothing more queued;
 * the pool keeps more files than that queued on each worker, so that it never waits for the next.
 */
const BATCH_FILES = 8;
const BATCH_BYTES = 1 << 18;

const { current, since } = workerData as ParseWorkerData;
const encoder = new TextEncoder();
let queued = 0;
let batch: { seqs: number[]; ends: number[]; errors: number[]; chunks: Uint8Array[]; size: number } = { seqs: [], ends: [], errors: [], chunks: [], size: 0 };

function send(): void {
  const bytes = new Uint8Array(batch.size);
  let at = 0;
  for (const c of batch.chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  parentPort!.postMessage({ seqs: batch.seqs, ends: batch.ends, errors: batch.errors, bytes } satisfies ParseReply, [bytes.buffer]);
  batch = { seqs: [], ends: [], errors: [], chunks: [], size: 0 };
}

resolveRegion({ org: '北京市人民政府', text: '' });
let chain: Promise<void> = Promise.resolve();
parentPort!.on('message', (m: ParseRequest) => {
  queued++;
  chain = chain.then(async () => {
    since[0] = Date.now();
    Atomics.store(current, 0, m.seq);
    injectFault(m.file);
    const { report } = await analyzeFile(m.file, m.bytes);
    const line = encoder.encode(JSON.stringify(report, null, m.pretty ? 2 : undefined) + '\n');
    Atomics.store(current, 0, -1);
    batch.seqs.push(m.seq);
    batch.size += line.length;
    batch.ends.push(batch.size);
    batch.chunks.push(line);
    if (report.status === 'error') batch.errors.push(m.seq);
    queued--;
    if (queued === 0 || batch.seqs.length >= BATCH_FILES || batch.size >= BATCH_BYTES) send();
  });
});
parentPort!.postMessage({ ready: true } satisfies ParseReply);

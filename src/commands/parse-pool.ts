/**
 * `gongkai parse` over many files: files are read ahead on the main thread, parsed on worker threads
 * (each kept a few dozen files ahead, so that it never waits for the main thread), and their JSON
 * lines written in input order. A worker that runs over the time budget or its heap, or dies, is
 * replaced; the file it was on gets an error record naming the limit, the others it held are retried.
 *
 * Per file nothing crosses between threads but the file's bytes (transferred): the worker tells the
 * file it is on through shared memory, which a watchdog reads, and sends its lines in batches as
 * UTF-8 (transferred too), which are written as they are. A message, a timer and a re-encoding per
 * file had cost the pool more CPU than the parsing it spread.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { errorReport } from '../parser/index.ts';
import type { ParsedReport } from '../lib/types.ts';
import { FILE_TIMEOUT_MS, WORKER_HEAP_MB, tsWorker } from '../dataset/ts-worker.ts';
import type { Progress } from '../dataset/progress.ts';
import type { ParseReply, ParseRequest, ParseWorkerData } from './parse-worker.ts';

export interface ParseManyOptions {
  pretty: boolean;
  workers?: number;
  progress: Progress;
  /** Writes a record's line (newline included), as text or as UTF-8. */
  write: (line: string | Uint8Array) => void;
  unreadable: (file: string, err: unknown) => ParsedReport;
  fileTimeoutMs?: number;
}

/** Files queued on each worker: more than the worker's batch (8), so that it parses on while a batch is answered. */
const AHEAD = 32;
/** …and no more bytes than this (at least one file), whatever the files' sizes. */
const AHEAD_BYTES = 32 << 20;
/** How often the watchdog looks at what each worker is on. */
const WATCH_MS = 200;

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Files posted and not answered, in the order the worker takes them, with their sizes. */
  held: number[];
  heldBytes: number;
  sizes: Map<number, number>;
  /** Written by the worker: the seq it is parsing (−1 when none) and since when. */
  current: Int32Array;
  since: Float64Array;
  dead: boolean;
}

/** Parses `files`, writing their records in order; resolves to whether any record has status error. */
export async function parseMany(files: string[], opts: ParseManyOptions): Promise<boolean> {
  const size = Math.max(1, Math.min(opts.workers ?? availableParallelism(), files.length));
  const timeoutMs = opts.fileTimeoutMs ?? FILE_TIMEOUT_MS;
  const done = new Map<number, { line: string | Uint8Array; error: boolean }>();
  const retry: number[] = [];
  let next = 0;
  let written = 0;
  let anyError = false;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const json = (r: ParsedReport) => JSON.stringify(r, null, opts.pretty ? 2 : undefined) + '\n';

  const record = (seq: number, line: string | Uint8Array, error: boolean) => {
    done.set(seq, { line, error });
    while (done.has(written)) {
      const r = done.get(written)!;
      done.delete(written);
      anyError ||= r.error;
      opts.write(r.line);
      written++;
      opts.progress.tick(written);
    }
    if (written === files.length) finish();
  };

  const slots: Slot[] = [];
  const spawn = (index: number): Slot => {
    const data: ParseWorkerData = { current: new Int32Array(new SharedArrayBuffer(4)), since: new Float64Array(new SharedArrayBuffer(8)) };
    data.current[0] = -1;
    const worker = tsWorker(new URL('./parse-worker.ts', import.meta.url), data, WORKER_HEAP_MB);
    const slot: Slot = { worker, ready: false, held: [], heldBytes: 0, sizes: new Map(), current: data.current, since: data.since, dead: false };
    worker.on('message', (m: ParseReply) => {
      if (slot.dead) return;
      if ('ready' in m) {
        slot.ready = true;
        feed(slot);
        return;
      }
      const errors = new Set(m.errors);
      // The batch is in the order the worker took its files: the first `seqs.length` it held.
      slot.held.splice(0, m.seqs.length);
      for (const [i, seq] of m.seqs.entries()) {
        slot.heldBytes -= slot.sizes.get(seq)!;
        slot.sizes.delete(seq);
        record(seq, m.bytes.subarray(m.ends[i - 1] ?? 0, m.ends[i]), errors.has(seq));
      }
      feed(slot);
    });
    worker.on('error', (e) =>
      (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? die(slot, index, 'parse_out_of_memory', `解析超出每个解析线程 ${WORKER_HEAP_MB} MB 的内存上限，已中止`)
        : die(slot, index, 'parse_crashed', `解析此文件时解析线程异常退出（${e.message}）`),
    );
    worker.on('exit', (c) => die(slot, index, 'parse_crashed', `解析此文件时解析线程异常退出（退出码 ${c}）`));
    return slot;
  };

  const die = (slot: Slot, index: number, code: string, message: string) => {
    if (slot.dead) return;
    slot.dead = true;
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    const on = Atomics.load(slot.current, 0);
    if (on >= 0) record(on, json(errorReport(files[on]!, { level: 'error', code, message })), true);
    retry.push(...slot.held.filter((s) => s !== on));
    slots[index] = spawn(index);
  };

  // The time budget: a worker on the same file for longer than it is stopped.
  const watchdog = setInterval(() => {
    const now = Date.now();
    for (const [index, slot] of slots.entries())
      if (!slot.dead && Atomics.load(slot.current, 0) >= 0 && now - slot.since[0]! > timeoutMs)
        die(slot, index, 'parse_timeout', `解析超过每个文件 ${timeoutMs / 1000} 秒的时间上限，已中止`);
  }, WATCH_MS);

  // Reading ahead: each worker holds a few dozen files' bytes so that it parses while the main thread reads.
  const feed = (slot: Slot) => {
    while (slot.ready && !slot.dead && slot.held.length < AHEAD && (slot.held.length === 0 || slot.heldBytes < AHEAD_BYTES)) {
      const seq = retry.length ? retry.shift()! : next < files.length ? next++ : -1;
      if (seq < 0) return;
      const file = files[seq]!;
      let bytes: Uint8Array;
      try {
        const b = readFileSync(file);
        // A buffer of its own is transferred as it is; a slice of a shared one is copied first.
        bytes = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
      } catch (err) {
        record(seq, json(opts.unreadable(file, err)), true);
        continue;
      }
      slot.held.push(seq);
      slot.sizes.set(seq, bytes.length);
      slot.heldBytes += bytes.length;
      slot.worker.postMessage({ seq, file, bytes, pretty: opts.pretty } satisfies ParseRequest, [bytes.buffer as ArrayBuffer]);
    }
  };

  for (let i = 0; i < size; i++) slots.push(spawn(i));
  if (files.length === 0) finish();
  await finished;
  clearInterval(watchdog);
  for (const s of slots) {
    s.dead = true;
    s.worker.removeAllListeners();
    await s.worker.terminate();
  }
  return anyError;
}

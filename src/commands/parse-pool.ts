/**
 * `gongkai parse` over many files: files are read ahead on the main thread, parsed on one worker per
 * core (each kept a few files ahead, so that it never waits for the main thread), and their JSON
 * lines written in input order. A worker that runs over the time budget or its heap, or dies, is
 * replaced; the file it was on gets an error record naming the limit, the others it held are retried.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { errorReport } from '../parser/index.ts';
import type { ParsedReport } from '../lib/types.ts';
import { FILE_TIMEOUT_MS, WORKER_HEAP_MB, tsWorker } from '../dataset/ts-worker.ts';
import type { Progress } from '../dataset/progress.ts';
import type { ParseReply, ParseRequest } from './parse-worker.ts';

export interface ParseManyOptions {
  pretty: boolean;
  workers?: number;
  progress: Progress;
  write: (line: string) => void;
  unreadable: (file: string, err: unknown) => ParsedReport;
}

/** Files queued on each worker. */
const AHEAD = 16;

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Files posted and not answered, in the order the worker takes them. */
  held: number[];
  current: number | null;
  timer: NodeJS.Timeout | undefined;
  dead: boolean;
}

/** Parses `files`, writing their records in order; resolves to whether any record has status error. */
export async function parseMany(files: string[], opts: ParseManyOptions): Promise<boolean> {
  const size = Math.max(1, Math.min(opts.workers ?? cpus().length, files.length));
  const done = new Map<number, { line: string; error: boolean }>();
  const retry: number[] = [];
  let next = 0;
  let written = 0;
  let anyError = false;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const json = (r: ParsedReport) => JSON.stringify(r, null, opts.pretty ? 2 : undefined);

  const record = (seq: number, line: string, error: boolean) => {
    done.set(seq, { line, error });
    while (done.has(written)) {
      const r = done.get(written)!;
      done.delete(written);
      anyError ||= r.error;
      opts.write(r.line + '\n');
      written++;
      opts.progress.tick(written);
    }
    if (written === files.length) finish();
  };

  const slots: Slot[] = [];
  const spawn = (index: number): Slot => {
    const worker = tsWorker(new URL('./parse-worker.ts', import.meta.url), undefined, WORKER_HEAP_MB);
    const slot: Slot = { worker, ready: false, held: [], current: null, timer: undefined, dead: false };
    const die = (code: string, message: string) => {
      if (slot.dead) return;
      slot.dead = true;
      clearTimeout(slot.timer);
      worker.removeAllListeners();
      worker.on('error', () => {});
      void worker.terminate();
      if (slot.current !== null) record(slot.current, json(errorReport(files[slot.current]!, { level: 'error', code, message })), true);
      retry.push(...slot.held.filter((s) => s !== slot.current));
      slots[index] = spawn(index);
    };
    worker.on('message', (m: ParseReply) => {
      if ('ready' in m) {
        slot.ready = true;
        feed(slot);
      } else if ('start' in m) {
        clearTimeout(slot.timer);
        slot.current = m.start;
        slot.timer = setTimeout(() => die('parse_timeout', `解析超过每个文件 ${FILE_TIMEOUT_MS / 1000} 秒的时间上限，已中止`), FILE_TIMEOUT_MS);
      } else {
        clearTimeout(slot.timer);
        slot.current = null;
        slot.held.splice(slot.held.indexOf(m.seq), 1);
        record(m.seq, m.line, m.error);
        feed(slot);
      }
    });
    worker.on('error', (e) =>
      (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? die('parse_out_of_memory', `解析超出每个解析线程 ${WORKER_HEAP_MB} MB 的内存上限，已中止`)
        : die('parse_crashed', `解析此文件时解析线程异常退出（${e.message}）`),
    );
    worker.on('exit', (c) => die('parse_crashed', `解析此文件时解析线程异常退出（退出码 ${c}）`));
    return slot;
  };

  // Reading ahead: each worker holds a few files' bytes so that it parses while the main thread reads.
  const feed = (slot: Slot) => {
    while (slot.ready && !slot.dead && slot.held.length < AHEAD) {
      const seq = retry.length ? retry.shift()! : next < files.length ? next++ : -1;
      if (seq < 0) return;
      const file = files[seq]!;
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(file));
      } catch (err) {
        record(seq, json(opts.unreadable(file, err)), true);
        continue;
      }
      slot.held.push(seq);
      slot.worker.postMessage({ seq, file, bytes, pretty: opts.pretty } satisfies ParseRequest, [bytes.buffer as ArrayBuffer]);
    }
  };

  for (let i = 0; i < size; i++) slots.push(spawn(i));
  if (files.length === 0) finish();
  await finished;
  for (const s of slots) {
    s.dead = true;
    clearTimeout(s.timer);
    s.worker.removeAllListeners();
    await s.worker.terminate();
  }
  return anyError;
}

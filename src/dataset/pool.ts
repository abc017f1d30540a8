/**
 * A pool of parse workers (TypeScript, started by ts-worker.ts) fed in small batches, each file under a
 * time and a memory budget. A worker that runs over either, or dies any other way, is replaced by a
 * fresh one: the file it was parsing becomes an error row naming the limit, and every other file it
 * held — its unanswered batches and the reports not yet written to disk — is read again and parsed
 * by the new worker. One bad file never takes down the build.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { PART_TABLES, REPORT_PARTS } from './parts.ts';
import type { InputRow } from './record.ts';
import { table } from './schema.ts';
import type { ParseJob, WorkerReply, WorkerRequest } from './worker.ts';
import { FILE_TIMEOUT_MS, WORKER_HEAP_MB, tsWorker } from './ts-worker.ts';

export interface PoolOptions {
  size: number;
  /** The build's temporary directory, where the workers write their parts. */
  out: string;
  flushEvery: number;
  fileTimeoutMs?: number;
  heapMb?: number;
  /** Load pdf.js in each worker as it opens (the plan holds PDFs), so that the first PDF's time budget is its own parse. */
  preloadPdf?: boolean;
}

/** A job without its bytes (they were transferred to the worker): enough to read it again. */
type JobMeta = Omit<ParseJob, 'bytes'> & { size: number };

interface Batch {
  seq: number;
  jobs: JobMeta[];
  /** A replay of reports already answered (their parts were lost): the reply is dropped. */
  silent: boolean;
  resolve: (rows: InputRow[]) => void;
  reject: (e: Error) => void;
}

interface Control {
  resolve: () => void;
  reject: (e: Error) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  tag: string;
  /** Batches posted and not yet answered, in the order the worker takes them. */
  queue: Batch[];
  control: Map<number, Control>;
  /** The file being parsed: a batch's seq and the index in it. */
  current: { seq: number; index: number } | null;
  timer: NodeJS.Timeout | undefined;
  /** Answered jobs by the part generation that holds their reports, until that is written. */
  unwritten: Map<number, JobMeta[]>;
  /** The last generation known to be on disk. */
  writtenUpTo: number;
  dead: boolean;
  /** Deaths in a row with no file to blame (while writing parts, say): past a few, the build fails. */
  unexplained: number;
}

type Death = { kind: 'timeout' } | { kind: 'memory' } | { kind: 'crash'; detail: string };

/** The error row of the file a worker died on (Chinese message, English code, the limit named). */
export function deathRow(job: JobMeta, death: Death, limits: { timeoutMs: number; heapMb: number }): InputRow {
  const base = { file: job.file, id: job.hash.slice(0, 16), hash: job.hash, bytes: job.size, status: 'error' as const, mtime_ms: job.mtime_ms };
  if (death.kind === 'timeout')
    return { ...base, code: 'parse_timeout', message: `解析超过每个文件 ${limits.timeoutMs / 1000} 秒的时间上限，已中止（换用新的解析线程继续）` };
  if (death.kind === 'memory')
    return { ...base, code: 'parse_out_of_memory', message: `解析超出每个解析线程 ${limits.heapMb} MB 的内存上限，已中止（换用新的解析线程继续）` };
  return { ...base, code: 'parse_crashed', message: `解析此文件时解析线程异常退出（${death.detail}），已换用新的解析线程继续` };
}

/** Parse workers, each writing the rows of what it parsed into the dataset under `out` as Parquet parts. */
export class ParsePool {
  private slots: Slot[] = [];
  private seq = 0;
  private failed: Error | null = null;
  private spawned = 0;
  private readonly timeoutMs: number;
  private readonly heapMb: number;
  /**
   * Inputs rows to overwrite at the end: a file answered as parsed whose report was lost with its
   * worker and which then killed the worker replaying it.
   */
  readonly corrections: InputRow[] = [];
  /** Workers replaced after a death, and the files blamed. */
  deaths = 0;

  private constructor(private readonly opts: PoolOptions) {
    this.timeoutMs = opts.fileTimeoutMs ?? FILE_TIMEOUT_MS;
    this.heapMb = opts.heapMb ?? WORKER_HEAP_MB;
  }

  /** Starts `size` workers whose parts go to `out`, each flushing after `flushEvery` reports. */
  static async open(opts: PoolOptions): Promise<ParsePool> {
    const pool = new ParsePool(opts);
    const opened: Promise<void>[] = [];
    for (let i = 0; i < opts.size; i++) {
      const { slot, open } = pool.spawn(i);
      pool.slots.push(slot);
      opened.push(open);
    }
    await Promise.all(opened);
    return pool;
  }

  /**
   * Part files are named after the tag, and the client allows only [a-z0-9] in it (report-files.ts
   * PART): the first worker of slot i is `wi`, its replacements `wirN`.
   */
  private tagFor(index: number): string {
    const n = this.spawned++;
    return n < this.opts.size ? `w${index}` : `w${index}r${n}`;
  }

  private spawn(index: number): { slot: Slot; open: Promise<void> } {
    const worker = tsWorker(new URL('./worker.ts', import.meta.url), undefined, this.heapMb);
    const slot: Slot = { index, worker, tag: this.tagFor(index), queue: [], control: new Map(), current: null, timer: undefined, unwritten: new Map(), writtenUpTo: -1, dead: false, unexplained: 0 };
    worker.on('message', (m: WorkerReply) => this.onMessage(slot, m));
    worker.on('error', (e) => this.die(slot, (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'memory' } : { kind: 'crash', detail: e.message }));
    worker.on('exit', (code) => this.die(slot, { kind: 'crash', detail: `退出码 ${code}` }));
    const open = this.control(slot, { type: 'open', out: this.opts.out, tag: slot.tag, flushEvery: this.opts.flushEvery, preloadPdf: this.opts.preloadPdf ?? false });
    // A replacement's open is not awaited: should it die too, that is handled by its own death.
    open.catch(() => {});
    return { slot, open };
  }

  private onMessage(slot: Slot, m: WorkerReply): void {
    if (slot.dead) return;
    switch (m.kind) {
      case 'start':
        clearTimeout(slot.timer);
        slot.current = { seq: m.seq, index: m.index };
        slot.timer = setTimeout(() => this.die(slot, { kind: 'timeout' }), this.timeoutMs);
        return;
      case 'idle':
        clearTimeout(slot.timer);
        slot.current = null;
        return;
      case 'written':
        slot.writtenUpTo = Math.max(slot.writtenUpTo, m.gen);
        for (const gen of [...slot.unwritten.keys()]) if (gen <= m.gen) slot.unwritten.delete(gen);
        return;
      case 'reply': {
        const c = slot.control.get(m.seq);
        if (c) {
          slot.control.delete(m.seq);
          if (m.error) c.reject(new Error(`parse worker ${slot.index}: ${m.error}`));
          else c.resolve();
          return;
        }
        const b = slot.queue[0];
        if (!b || b.seq !== m.seq) return;
        slot.queue.shift();
        clearTimeout(slot.timer);
        slot.current = null;
        slot.unexplained = 0;
        if (m.error) {
          this.fail(new Error(`parse worker ${slot.index}: ${m.error}`));
          return;
        }
        if (m.gen !== undefined && m.gen > slot.writtenUpTo) slot.unwritten.set(m.gen, [...(slot.unwritten.get(m.gen) ?? []), ...b.jobs]);
        if (!b.silent) b.resolve(m.inputs ?? []);
        return;
      }
    }
  }

  private control(slot: Slot, req: { type: 'open'; out: string; tag: string; flushEvery: number; preloadPdf: boolean } | { type: 'close' }): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      slot.control.set(seq, { resolve, reject });
      slot.worker.postMessage({ ...req, seq });
    });
  }

  /** Posts a batch to a slot; `bytes` given are transferred, else the files are read again from disk. */
  private post(slot: Slot, batch: Batch, bytes?: Uint8Array[]): void {
    const jobs: ParseJob[] = [];
    const unread: InputRow[] = [];
    for (let i = 0; i < batch.jobs.length; i++) {
      const j = batch.jobs[i]!;
      let b = bytes?.[i];
      if (!b) {
        try {
          b = new Uint8Array(readFileSync(j.path));
        } catch (e) {
          unread.push({ file: j.file, id: '', bytes: j.size, hash: '', status: 'error', code: 'unreadable', message: `无法再次读取文件（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`, mtime_ms: j.mtime_ms });
          continue;
        }
      }
      const { size: _size, ...job } = j;
      jobs.push({ ...job, bytes: b });
    }
    if (unread.length) {
      const kept = new Set(jobs.map((j) => j.file));
      batch.jobs = batch.jobs.filter((j) => kept.has(j.file));
      const resolve = batch.resolve;
      batch.resolve = (rows) => resolve([...rows, ...unread]);
    }
    slot.queue.push(batch);
    const transfer = [...new Set(jobs.map((j) => j.bytes.buffer).filter((x): x is ArrayBuffer => x instanceof ArrayBuffer))];
    slot.worker.postMessage({ type: 'parse', seq: batch.seq, jobs } satisfies WorkerRequest, transfer);
  }

  /** Parses a batch on the least busy worker; the bytes are transferred, not copied. Resolves to the inputs rows. */
  parse(jobs: ParseJob[]): Promise<InputRow[]> {
    if (this.failed) return Promise.reject(this.failed);
    const slot = this.slots.reduce((a, b) => (b.queue.length < a.queue.length ? b : a));
    return new Promise((resolve, reject) => {
      const meta = jobs.map(({ bytes, ...j }) => ({ ...j, size: bytes.length }));
      this.post(slot, { seq: this.seq++, jobs: meta, silent: false, resolve, reject }, jobs.map((j) => j.bytes));
    });
  }

  /**
   * A worker died (ran over its time or memory, or crashed): blame the file it was on, start a fresh
   * worker in its place, drop the parts it had not finished writing and give it everything again.
   */
  private die(slot: Slot, death: Death): void {
    if (slot.dead || this.failed) return;
    slot.dead = true;
    clearTimeout(slot.timer);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    const head = slot.queue[0];
    const culprit = slot.current && head && slot.current.seq === head.seq ? head.jobs[slot.current.index] : undefined;
    const unexplained = culprit ? 0 : slot.unexplained + 1;
    if (unexplained > 2) {
      this.fail(new Error(`parse worker ${slot.index} died ${unexplained} times with no file to blame (${death.kind === 'crash' ? death.detail : death.kind})`));
      return;
    }
    this.deaths++;
    for (const gen of slot.unwritten.keys()) removeParts(this.opts.out, slot.tag, gen);
    const lost = [...slot.unwritten.values()].flat();
    const { slot: fresh } = this.spawn(slot.index);
    fresh.unexplained = unexplained;
    this.slots[slot.index] = fresh;
    // open/close requests of the dead worker fail; finish() retries close on the fresh one.
    for (const c of slot.control.values()) c.reject(new WorkerDied());
    const limits = { timeoutMs: this.timeoutMs, heapMb: this.heapMb };
    const noop = () => {};
    if (lost.length) this.post(fresh, { seq: this.seq++, jobs: lost, silent: true, resolve: noop, reject: noop });
    for (const b of slot.queue) {
      if (b === head && culprit) {
        const row = deathRow(culprit, death, limits);
        // Answered already (a replay): its inputs row said parsed, so it is corrected at the end.
        if (b.silent) this.corrections.push(row);
        const rest = b.jobs.filter((j) => j !== culprit);
        const resolve = b.resolve;
        this.post(fresh, { ...b, seq: this.seq++, jobs: rest, resolve: (rows) => resolve([...rows, row]) });
      } else this.post(fresh, { ...b, seq: this.seq++ });
    }
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const s of this.slots) {
      clearTimeout(s.timer);
      for (const b of s.queue) b.reject(e);
      s.queue = [];
      for (const c of s.control.values()) c.reject(e);
      s.control.clear();
    }
  }

  /** The files being parsed right now: what a failed build names. */
  busy(): string[] {
    const out: string[] = [];
    for (const s of this.slots) {
      const b = s.current && s.queue.find((q) => q.seq === s.current!.seq);
      const j = b && b.jobs[s.current!.index];
      if (j) out.push(j.file);
    }
    return out;
  }

  /** Writes what the workers still hold and stops them. */
  async finish(): Promise<void> {
    for (let i = 0; i < this.slots.length; i++) {
      for (;;) {
        const slot = this.slots[i]!;
        try {
          await this.control(slot, { type: 'close' });
          // Replies come in order: after close's, nothing of this worker is pending and all is written.
          break;
        } catch (e) {
          if (!(e instanceof WorkerDied)) throw e;
        }
      }
    }
    if (this.failed) throw this.failed;
    await this.close();
  }

  /** Stops the workers at once (after an error: their parts are thrown away with the temporary directory). */
  async close(): Promise<void> {
    const ws = this.slots.map((s) => s.worker);
    for (const s of this.slots) {
      s.dead = true;
      clearTimeout(s.timer);
      s.worker.removeAllListeners();
    }
    this.slots = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

class WorkerDied extends Error {}

/** Deletes the part files of one worker's generation (named part-<tag>-<gen>-…, see parts.ts). */
function removeParts(out: string, tag: string, gen: number): void {
  const prefix = `part-${tag}-${String(gen).padStart(4, '0')}-`;
  for (const dir of [REPORT_PARTS, ...PART_TABLES.map((t) => table(t).path)]) {
    const root = join(out, dir);
    let years: string[];
    try {
      years = readdirSync(root);
    } catch {
      continue;
    }
    for (const y of years) {
      try {
        for (const f of readdirSync(join(root, y))) if (f.startsWith(prefix)) rmSync(join(root, y, f), { force: true });
      } catch {
        // not a directory
      }
    }
  }
}

/** A pool of parse workers (TypeScript, loaded through tsx) fed in small batches. */
import { Worker } from 'node:worker_threads';
import type { InputRow } from './record.ts';
import type { ParseJob, WorkerReply, WorkerRequest } from './worker.ts';

const TSX_API = import.meta.resolve('tsx/esm/api');

/**
 * A worker running a TypeScript module. It starts from plain JavaScript that registers tsx and then
 * imports the module: Node 20 does not apply `--import tsx` hooks in time for a worker's entry module.
 */
export function tsWorker(module: URL, workerData?: unknown, maxHeapMb?: number): Worker {
  const boot = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits: maxHeapMb ? { maxOldGenerationSizeMb: maxHeapMb } : undefined });
}

/**
 * A parse worker's heap: the parser and gazetteer need far less, and a cap makes V8 collect garbage
 * instead of growing each worker's heap lazily towards gigabytes over a long build.
 */
const WORKER_HEAP_MB = 256;

interface Pending {
  resolve: (inputs: InputRow[]) => void;
  reject: (e: Error) => void;
}

type Request = WorkerRequest extends infer R ? (R extends { seq: number } ? Omit<R, 'seq'> : never) : never;

/** Parse workers, each writing the rows of what it parsed into the dataset under `out` as Parquet parts. */
export class ParsePool {
  private workers: Worker[] = [];
  private pending = new Map<number, Pending>();
  private load: number[] = [];
  private seq = 0;
  private failed: Error | null = null;

  private constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = tsWorker(new URL('./worker.ts', import.meta.url), undefined, WORKER_HEAP_MB);
      w.on('message', (m: WorkerReply) => {
        this.load[i]!--;
        const p = this.pending.get(m.seq);
        this.pending.delete(m.seq);
        if (m.error) p?.reject(new Error(`parse worker ${i}: ${m.error}`));
        else p?.resolve(m.inputs ?? []);
      });
      w.on('error', (e) => this.failAll(e));
      w.on('exit', (code) => code !== 0 && this.failAll(new Error(`parse worker ${i} exited with code ${code}`)));
      this.workers.push(w);
      this.load.push(0);
    }
  }

  /** Starts `size` workers whose parts go to `out`, each flushing after `flushEvery` reports. */
  static async open(size: number, out: string, flushEvery: number): Promise<ParsePool> {
    const pool = new ParsePool(size);
    await Promise.all(pool.workers.map((_, i) => pool.send(i, { type: 'open', out, tag: `w${i}`, flushEvery })));
    return pool;
  }

  private failAll(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private send(i: number, req: Request, transfer: ArrayBuffer[] = []): Promise<InputRow[]> {
    if (this.failed) return Promise.reject(this.failed);
    this.load[i]!++;
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.workers[i]!.postMessage({ ...req, seq }, transfer);
    });
  }

  /** Parses a batch on the least busy worker; the bytes are transferred, not copied. Resolves to the inputs rows. */
  parse(jobs: ParseJob[]): Promise<InputRow[]> {
    const i = this.load.indexOf(Math.min(...this.load));
    const transfer = jobs.map((j) => j.bytes?.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    return this.send(i, { type: 'parse', jobs }, [...new Set(transfer)]);
  }

  /** Writes what the workers still hold and stops them. */
  async finish(): Promise<void> {
    await Promise.all(this.workers.map((_, i) => this.send(i, { type: 'close' })));
    await this.close();
  }

  /** Stops the workers at once (after an error: their parts are thrown away with the temporary directory). */
  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.removeAllListeners('exit').terminate()));
  }
}

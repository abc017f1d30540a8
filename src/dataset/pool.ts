/** A pool of parse workers (TypeScript, loaded through tsx) fed in small batches. */
import { Worker } from 'node:worker_threads';
import type { FileRecord } from './record.ts';
import type { ParseJob } from './worker.ts';

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
const WORKER_HEAP_MB = 384;

interface Pending {
  resolve: (records: FileRecord[]) => void;
  reject: (e: Error) => void;
}

export class ParsePool {
  private workers: Worker[] = [];
  private pending = new Map<number, Pending>();
  private load: number[] = [];
  private seq = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = tsWorker(new URL('./worker.ts', import.meta.url), undefined, WORKER_HEAP_MB);
      w.on('message', (m: { seq: number; records: FileRecord[] }) => {
        this.load[i]!--;
        const p = this.pending.get(m.seq);
        this.pending.delete(m.seq);
        p?.resolve(m.records);
      });
      w.on('error', (e) => this.failAll(e));
      this.workers.push(w);
      this.load.push(0);
    }
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Parses a batch on the least busy worker; the bytes are transferred, not copied. */
  parse(jobs: ParseJob[]): Promise<FileRecord[]> {
    const i = this.load.indexOf(Math.min(...this.load));
    this.load[i]!++;
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      const transfer = jobs.map((j) => j.bytes?.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      this.workers[i]!.postMessage({ seq, jobs }, [...new Set(transfer)]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

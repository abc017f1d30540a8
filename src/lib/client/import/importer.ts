/**
 * Parses a batch of files in a pool of Web Workers, with progress (files done, rate, time left) and
 * cancellation. Every file gets a record: a worker that fails on a file gives it an `error` record
 * naming the file, as the CLI would, and the others go on.
 */
import type { ParsedReport } from '../../types.ts';
import type { ImportedReport, WorkerRequest, WorkerResponse } from './types.ts';

export interface ImportFile {
  /** Path as the user chose it (webkitRelativePath for a folder). */
  name: string;
  /** Modification time (ms since 1970), when the browser gives one. */
  mtime_ms?: number;
  read(): Promise<ArrayBuffer>;
}

export interface ImportProgress {
  done: number;
  total: number;
  /** Files per second so far. */
  rate: number;
  /** Seconds left at that rate, or null before the first file. */
  eta: number | null;
}

/** The forms the parser reads; other files are recorded as skipped, not sent to a worker. */
export const IMPORTABLE = /\.(txt|md|markdown|html?|shtml|pdf|docx?)$/i;

export type WorkerFactory = () => Worker;

/** Progress is reported at most this often (ms), and always for the first and the last file. */
const PROGRESS_MS = 200;

const defaultWorker: WorkerFactory = () => new Worker(new URL('./parse-worker.ts', import.meta.url), { type: 'module' });

function errorRecord(file: string, bytes: number, code: string, message: string): ImportedReport {
  const report: ParsedReport = { file, status: 'error', errors: [{ level: 'error', code, message }], org: null, year: null, template: null, script: null, cells: {}, checks: [] };
  return { id: '', file, bytes, report, text: '', imported_at: new Date().toISOString(), ms: 0 };
}

export class Importer {
  private workers: Worker[] = [];
  private cancelled = false;
  constructor(
    private readonly size = Math.max(1, Math.min(4, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1)),
    private readonly makeWorker: WorkerFactory = defaultWorker,
    /** Where the site is served from (SvelteKit's base path joined to the origin). */
    private readonly assets = globalThis.location?.origin ?? '',
  ) {}

  /** Fetches the worker and every reader's code now (see parse-worker.ts), so that import works offline. */
  warm(): Promise<void> {
    const w = this.makeWorker();
    return new Promise<void>((ok) => {
      const done = () => {
        w.terminate();
        ok();
      };
      w.addEventListener('message', (e: MessageEvent<WorkerResponse>) => 'warmed' in e.data && done());
      w.addEventListener('error', done);
      w.postMessage({ seq: 0, warm: true } satisfies WorkerRequest);
    });
  }

  cancel(): void {
    this.cancelled = true;
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }

  async run(files: readonly ImportFile[], onProgress: (p: ImportProgress) => void, onRecord: (r: ImportedReport) => void): Promise<{ cancelled: boolean }> {
    const started = performance.now();
    let done = 0;
    let next = 0;
    const total = files.length;
    let shown = -Infinity;
    const tick = (force = false) => {
      const now = performance.now();
      // Every redraw of the progress lays out the page and its growing table again: once a file made
      // the main thread, not the workers, the bound on a batch of small files (bench/import.ts).
      if (!force && done > 0 && done < total && now - shown < PROGRESS_MS) return;
      shown = now;
      const secs = (now - started) / 1000;
      const rate = secs > 0 ? done / secs : 0;
      onProgress({ done, total, rate, eta: done > 0 && rate > 0 ? (total - done) / rate : null });
    };
    tick();
    const lane = async () => {
      let worker: Worker | null = null;
      const seqOf = (() => { let s = 0; return () => ++s; })();
      while (!this.cancelled && next < total) {
        const f = files[next++]!;
        let record: ImportedReport;
        if (!IMPORTABLE.test(f.name)) record = errorRecord(f.name, 0, 'form_unsupported', `${f.name}：不是可读取的报告格式（txt、md、html、pdf、docx、doc）`);
        else {
          const bytes = await f.read();
          worker ??= this.spawn();
          record = await this.parseOn(worker, seqOf(), f.name, bytes, f.mtime_ms).catch((e: Error) => {
            // A dead worker is replaced; the file it held is recorded as failed, with its name.
            worker?.terminate();
            worker = null;
            return errorRecord(f.name, bytes.byteLength, 'internal_error', `${f.name}：浏览器解析失败（${e.message}）`);
          });
        }
        if (this.cancelled) break;
        done++;
        onRecord(record);
        tick();
      }
      (worker as Worker | null)?.terminate();
    };
    await Promise.all(Array.from({ length: Math.min(this.size, Math.max(1, total)) }, lane));
    tick(true);
    this.workers = [];
    return { cancelled: this.cancelled };
  }

  private spawn(): Worker {
    const w = this.makeWorker();
    this.workers.push(w);
    return w;
  }

  private parseOn(worker: Worker, seq: number, file: string, bytes: ArrayBuffer, mtime_ms?: number): Promise<ImportedReport> {
    return new Promise((ok, fail) => {
      const onMessage = (e: MessageEvent<WorkerResponse>) => {
        if (e.data.seq !== seq || 'warmed' in e.data) return;
        cleanup();
        if (e.data.ok) ok({ ...e.data.result, imported_at: new Date().toISOString() });
        else fail(new Error(e.data.error));
      };
      const onError = (e: ErrorEvent) => {
        cleanup();
        fail(new Error(e.message || 'worker error'));
      };
      const cleanup = () => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.postMessage({ seq, file, bytes, mtime_ms, assets: this.assets } satisfies WorkerRequest, [bytes]);
    });
  }
}

// Starting a worker thread on a TypeScript module, and the budgets every parse worker runs under.
// Kept apart from pool.ts so that `gongkai parse` does not load the build's Parquet and DuckDB code.
import { Worker } from 'node:worker_threads';

const TSX_API = import.meta.resolve('tsx/esm/api');

/** Set by bin/compiled.js when the CLI runs compiled: source module URL → its compiled entry. */
const COMPILED = Symbol.for('gongkai.compiledWorkers');

/**
 * A worker running a TypeScript module: its compiled form when the CLI runs compiled (no tsx to
 * start, about 0.4 s of CPU less per worker), else plain JavaScript that registers tsx and then imports
 * the module — Node 20 does not apply `--import tsx` hooks in time for a worker's entry module.
 */
export function tsWorker(module: URL, workerData?: unknown, maxHeapMb?: number): Worker {
  const compiled = (globalThis as { [COMPILED]?: Map<string, string> })[COMPILED]?.get(module.href);
  const boot = compiled
    ? `import(${JSON.stringify(compiled)})`
    : `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits: maxHeapMb ? { maxOldGenerationSizeMb: maxHeapMb } : undefined });
}

/**
 * A parse worker's heap: the parser and gazetteer need far less, and a cap makes V8 collect garbage
 * instead of growing each worker's heap lazily towards gigabytes over a long build. It is also the
 * memory budget of one file: a file whose parse outgrows it is recorded as parse_out_of_memory.
 */
export const WORKER_HEAP_MB = 256;
/** The time budget of one file; the parser's caps keep any real or hostile file far below it. */
export const FILE_TIMEOUT_MS = 20_000;

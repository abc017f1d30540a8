/** Writing a synthetic corpus to disk, in parallel: one worker per core, each a slice of the indices. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { tsWorker } from '../dataset/ts-worker.ts';
import { corpusFile } from './corpus.ts';
import type { Layout } from './types.ts';

export interface WriteCorpusOptions {
  dir: string;
  count: number;
  seed: number;
  errorRate?: number;
  brokenRate?: number;
  /** Every report in this layout (default: the mix). */
  layout?: Layout;
  /** Write NAME.json ground truth beside each file (default true). */
  truth?: boolean;
  workers?: number;
}

interface Slice extends WriteCorpusOptions {
  from: number;
  to: number;
}

function writeSlice(s: Slice): number {
  let broken = 0;
  for (let i = s.from; i < s.to; i++) {
    const f = corpusFile(i, { seed: s.seed, errorRate: s.errorRate, brokenRate: s.brokenRate, layout: s.layout });
    writeFileSync(join(s.dir, f.name), f.bytes);
    if (s.truth !== false) writeFileSync(join(s.dir, f.name.replace(/\.[a-z]+$/, '.json')), JSON.stringify(f.truth, null, 1) + '\n');
    if (f.truth.broken) broken++;
  }
  return broken;
}

/** Writes files 0…count-1 of the corpus of `seed`; returns how many are broken. Same output for any worker count. */
export async function writeCorpus(opts: WriteCorpusOptions): Promise<{ broken: number }> {
  mkdirSync(opts.dir, { recursive: true });
  const workers = Math.max(1, Math.min(opts.workers ?? cpus().length, Math.ceil(opts.count / 500)));
  if (workers === 1) return { broken: writeSlice({ ...opts, from: 0, to: opts.count }) };
  const per = Math.ceil(opts.count / workers);
  const counts = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const slice: Slice = { ...opts, from: w * per, to: Math.min(opts.count, (w + 1) * per) };
      return new Promise<number>((resolve, reject) => {
        const worker = tsWorker(new URL(import.meta.url), slice);
        worker.once('message', (n: number) => resolve(n));
        worker.once('error', reject);
      });
    }),
  );
  return { broken: counts.reduce((a, b) => a + b, 0) };
}

if (!isMainThread && workerData && typeof workerData === 'object' && 'from' in workerData) {
  parentPort!.postMessage(writeSlice(workerData as Slice));
  process.exit(0);
}

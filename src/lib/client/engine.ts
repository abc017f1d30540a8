/**
 * Starts everything once per page load: DuckDB in its worker, the manifest, the first tables, the
 * coordinator. Phases are reported so the UI can say what it is waiting for.
 */
import { Coordinator } from './coordinator.ts';
import { Dataset, prefetchStart } from './dataset.ts';
import { fetchManifest } from './manifest.ts';
import type { Param, Row } from './connectors/wasm.ts';
import type { Query } from './coordinator.ts';
import { fetchSummary, type Summary } from './summary.ts';

export type Phase = 'db' | 'data' | 'ready' | 'error';
export interface Engine {
  dataset: Dataset;
  coordinator: Coordinator;
}

let engine: Promise<Engine> | null = null;
let summary: Summary | null = null;
const summaryListeners = new Set<(s: Summary | null) => void>();

/** The build's answers to the default views (null until loaded, or when there are none). */
export function onSummary(fn: (s: Summary | null) => void): () => void {
  summaryListeners.add(fn);
  fn(summary);
  return () => summaryListeners.delete(fn);
}
export const currentSummary = (): Summary | null => summary;
/** Answers from the summary before the engine is up (see app-context's requester). */
export const preliminary = (qs: Query[]): Row[][] | null => summary?.answer(qs) ?? null;
const listeners = new Set<(p: Phase, error?: string) => void>();
let phase: Phase = 'db';
let lastError: string | undefined;

const setPhase = (p: Phase, error?: string) => {
  phase = p;
  lastError = error;
  for (const l of listeners) l(p, error);
};

export function onPhase(fn: (p: Phase, error?: string) => void): () => void {
  listeners.add(fn);
  fn(phase, lastError);
  return () => listeners.delete(fn);
}

/**
 * Starts once. `initialColumns` are the rollup cell columns the first page will query: they are read
 * together with the rollup's dimensions while DuckDB's worker and .wasm load.
 */
export function startEngine(dataBase: string, initialColumns: string[] = []): Promise<Engine> {
  if (!engine) {
    engine = (async () => {
      setPhase('db');
      performance.mark?.('gongkai:start');
      const manifestP = fetchManifest(dataBase);
      // A small file fetched beside the manifest: the first figures need neither DuckDB nor Parquet.
      fetchSummary(dataBase, manifestP).then(
        (s) => {
          summary = s;
          for (const l of summaryListeners) l(s);
        },
        () => undefined, // no summary: the page waits for the engine, as before
      );
      const prefetch = manifestP.then((m) => prefetchStart(m, dataBase, initialColumns)).then((d) => {
        performance.mark?.('gongkai:data-read');
        return d;
      });
      prefetch.catch(() => undefined);
      const db = await (await import('./connectors/wasm.ts')).createWasmConnector();
      performance.mark?.('gongkai:db-ready');
      setPhase('data');
      const dataset = new Dataset(db, await manifestP, dataBase);
      await dataset.start(prefetch);
      performance.mark?.('gongkai:data-ready');
      const coordinator = new Coordinator({ query: (s, p) => db.query(s, p), ensureRollup: (c) => dataset.ensureRollup(c) });
      // A console handle: anyone can query the loaded tables (rollup, regions, …) in their own browser,
      // and the benchmark replays the dashboard's SQL through it to time DuckDB-WASM alone.
      (globalThis as { gongkai?: unknown }).gongkai = { query: (sql: string, params: Param[] = []) => db.query(sql, params) };
      setPhase('ready');
      return { dataset, coordinator };
    })();
    engine.catch((e: unknown) => {
      setPhase('error', e instanceof Error ? e.message : String(e));
      engine = null;
    });
  }
  return engine;
}

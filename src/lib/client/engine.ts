/**
 * Starts everything once per page load: DuckDB in its worker, the manifest, the first tables, the
 * coordinator. Phases are reported so the UI can say what it is waiting for.
 */
import { Coordinator } from './coordinator.ts';
import { Dataset, prefetchStart } from './dataset.ts';
import { fetchManifest } from './manifest.ts';
import type { Connector, Param, Row } from './connectors/wasm.ts';
import { NoImportedData, type ImportedInfo } from './mine/no-data.ts';
import type { Source } from './url-state.ts';
import type { Query } from './coordinator.ts';
import { fetchSummary, type Summary } from './summary.ts';

export type Phase = 'db' | 'data' | 'ready' | 'error' | 'empty';
export interface Engine {
  dataset: Dataset;
  coordinator: Coordinator;
  source: Source;
  /** For 我的报告 and 两者: what of the imported reports is shown. */
  imported: ImportedInfo | null;
}

/** One engine per data source, each with its own DuckDB: switching back and forth reloads nothing. */
const engines = new Map<Source, Promise<Engine>>();
const phases = new Map<Source, { phase: Phase; error?: string }>();
let current: Source = 'bundled';
let summary: Summary | null = null;
const summaryListeners = new Set<(s: Summary | null) => void>();

/** The build's answers to the default views (null until loaded, or when there are none, or when the data shown is not the bundled dataset). */
export function onSummary(fn: (s: Summary | null) => void): () => void {
  summaryListeners.add(fn);
  fn(current === 'bundled' ? summary : null);
  return () => summaryListeners.delete(fn);
}
export const currentSummary = (): Summary | null => (current === 'bundled' ? summary : null);
/** Answers from the summary before the engine is up (see app-context's requester); only ever the bundled dataset's. */
export const preliminary = (qs: Query[]): Row[][] | null => (current === 'bundled' ? summary?.answer(qs) ?? null : null);
const listeners = new Set<(p: Phase, error?: string) => void>();

const emit = () => {
  const { phase, error } = phases.get(current) ?? { phase: 'db' as Phase };
  for (const l of listeners) l(phase, error);
};
const setPhase = (source: Source, p: Phase, error?: string) => {
  phases.set(source, { phase: p, error });
  if (source === current) emit();
};
const emitSummary = () => {
  for (const l of summaryListeners) l(current === 'bundled' ? summary : null);
};

export function onPhase(fn: (p: Phase, error?: string) => void): () => void {
  listeners.add(fn);
  const { phase, error } = phases.get(current) ?? { phase: 'db' as Phase };
  fn(phase, error);
  return () => listeners.delete(fn);
}

/**
 * The imported reports changed (/import added or cleared some): the engines that show them are
 * closed, and the next page that needs one builds it afresh.
 */
export function importedChanged(): void {
  for (const s of ['mine', 'both'] as const) {
    const e = engines.get(s);
    engines.delete(s);
    phases.delete(s);
    e?.then((x) => x.dataset.db.close(), () => undefined).catch(() => undefined);
  }
}

/**
 * Starts once per source. `initialColumns` are the rollup cell columns the first page will query: for
 * the bundled dataset they are read together with the rollup's dimensions while DuckDB's worker and
 * .wasm load.
 */
export function startEngine(dataBase: string, initialColumns: string[] = [], source: Source = 'bundled'): Promise<Engine> {
  current = source;
  emit();
  emitSummary();
  let engine = engines.get(source);
  if (!engine) {
    engine = source === 'bundled' ? bundledEngine(dataBase, initialColumns) : importedEngine(dataBase, source);
    engines.set(source, engine);
    engine.catch((e: unknown) => {
      if (e instanceof NoImportedData) setPhase(source, 'empty', e.message);
      else setPhase(source, 'error', e instanceof Error ? e.message : String(e));
      engines.delete(source);
    });
  }
  return engine;
}

function ready(source: Source, dataset: Dataset, db: Connector, imported: ImportedInfo | null): Engine {
  const coordinator = new Coordinator({ query: (s, p) => db.query(s, p), ensureRollup: (c) => dataset.ensureRollup(c) });
  // A console handle: anyone can query the loaded tables (rollup, regions, …) in their own browser,
  // and the benchmark replays the dashboard's SQL through it to time DuckDB-WASM alone.
  if (source === current) (globalThis as { gongkai?: unknown }).gongkai = { query: (sql: string, params: Param[] = []) => db.query(sql, params) };
  setPhase(source, 'ready');
  return { dataset, coordinator, source, imported };
}

async function bundledEngine(dataBase: string, initialColumns: string[]): Promise<Engine> {
  setPhase('bundled', 'db');
  performance.mark?.('gongkai:start');
  const manifestP = fetchManifest(dataBase);
  // A small file fetched beside the manifest: the first figures need neither DuckDB nor Parquet.
  fetchSummary(dataBase, manifestP).then(
    (s) => {
      summary = s;
      emitSummary();
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
  setPhase('bundled', 'data');
  const dataset = new Dataset(db, await manifestP, dataBase);
  await dataset.start(prefetch);
  performance.mark?.('gongkai:data-ready');
  return ready('bundled', dataset, db, null);
}

/** 我的报告 / 两者: the imported reports made into a dataset in this engine's DuckDB (see mine/imported.ts). */
async function importedEngine(dataBase: string, source: 'mine' | 'both'): Promise<Engine> {
  setPhase(source, 'db');
  const [{ createWasmConnector }, { importedDataset, keptReports }, bundled] = await Promise.all([
    import('./connectors/wasm.ts'),
    import('./mine/imported.ts'),
    source === 'both' ? fetchManifest(dataBase) : null,
  ]);
  const records = await keptReports();
  const db = await createWasmConnector();
  setPhase(source, 'data');
  try {
    const mine = await importedDataset(db, bundled && { manifest: bundled, base: dataBase }, records);
    const dataset = new Dataset(db, mine.manifest, mine.base);
    await dataset.start();
    return ready(source, dataset, db, mine.info);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}

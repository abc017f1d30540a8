/**
 * The build's precomputed answers to the default views' queries (`summary.json` beside the
 * manifest, written by src/dataset/summary.ts): shown at once, replaced by DuckDB-WASM's own answers
 * when the engine is up. Keyed by `Coordinator.key` (SQL text and parameters), so a query whose SQL
 * changed simply finds no answer and waits for the engine.
 */
import type { Row } from './arrow-rows.ts';
import { Coordinator, type Query } from './coordinator.ts';
import type { Manifest } from './manifest.ts';

export const SUMMARY_FORMAT = 1;

export interface SummaryFile {
  format: number;
  /** The rollup files it was computed from (path and size): a summary of another dataset is ignored. */
  rollup: { path: string; bytes: number }[];
  /** Pages whose default view it answers. */
  pages: string[];
  /** Names of the region codes that appear in its answers. */
  names: Record<string, string>;
  answers: Record<string, Row[]>;
}

const isCell = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Throws naming what is wrong: nothing unchecked from the file reaches the page. */
export function validateSummary(raw: unknown): SummaryFile {
  const fail = (what: string): never => {
    throw new Error(`summary.json: ${what}`);
  };
  if (!raw || typeof raw !== 'object') fail('not a JSON object');
  const s = raw as Record<string, unknown>;
  if (s.format !== SUMMARY_FORMAT) fail(`unsupported format ${JSON.stringify(s.format)}`);
  if (!Array.isArray(s.rollup) || !s.rollup.every((f) => f && typeof f.path === 'string' && Number.isFinite(f.bytes))) fail('rollup must list {path, bytes}');
  if (!Array.isArray(s.pages) || !s.pages.every((p) => typeof p === 'string')) fail('pages must be a list of names');
  if (!s.names || typeof s.names !== 'object' || !Object.values(s.names).every((n) => typeof n === 'string')) fail('names must map codes to names');
  if (!s.answers || typeof s.answers !== 'object') fail('answers missing');
  for (const [key, rows] of Object.entries(s.answers as Record<string, unknown>)) {
    if (!Array.isArray(rows) || !rows.every((r) => r && typeof r === 'object' && !Array.isArray(r) && Object.values(r).every(isCell))) fail(`answer ${key.slice(0, 60)}: not a list of rows of plain values`);
  }
  return s as unknown as SummaryFile;
}

/** True when the summary was computed from this manifest's rollup. */
export function summaryMatches(s: SummaryFile, m: Manifest): boolean {
  const files = m.tables.rollup_region_year?.files ?? [];
  return files.length === s.rollup.length && files.every((f, i) => f.path === s.rollup[i]!.path && f.bytes === s.rollup[i]!.bytes);
}

export class Summary {
  private answers: Map<string, Row[]>;
  readonly pages: Set<string>;
  readonly names: Map<string, string>;
  constructor(file: SummaryFile) {
    this.answers = new Map(Object.entries(file.answers));
    this.pages = new Set(file.pages);
    this.names = new Map(Object.entries(file.names));
  }

  /** The answers to every one of these queries, or null if any is not in the summary. */
  answer(qs: Query[]): Row[][] | null {
    const out: Row[][] = [];
    for (const q of qs) {
      const rows = this.answers.get(Coordinator.key(q));
      if (!rows) return null;
      out.push(rows);
    }
    return out;
  }
}

/** The summary of this dataset, or null when there is none (an older build) or it belongs to another one. */
export async function fetchSummary(base: string, manifest: Promise<Manifest>, fetcher: typeof fetch = fetch): Promise<Summary | null> {
  const res = await fetcher(`${base}/summary.json`, { cache: 'no-cache' });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`summary.json: HTTP ${res.status}`);
  const file = validateSummary(await res.json());
  return summaryMatches(file, await manifest) ? new Summary(file) : null;
}

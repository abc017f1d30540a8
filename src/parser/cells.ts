/**
 * Where a template's cells sit while a report is parsed: a plain array in print order (the order of
 * `cellsOf`), written by the extractor and summed by the checks by index, then turned into the
 * report's `cells` record once. Reading and writing ~200 computed keys of one object per report cost
 * more than all the arithmetic done on them (a dictionary object: hashing; a fast one: lookups that
 * miss V8's megamorphic stub cache).
 */
import { cellsOf, rowsOf, type RowDef, type TemplateVersion } from '../lib/template.ts';

export type CellValues = (number | null)[];

export interface CellLayout {
  size: number;
  /** Index of a row's first cell; its other cells follow in column order. */
  rowAt: ReadonlyMap<RowDef, number>;
  /** The values as a record keyed by cell key, in print order. */
  record(values: CellValues): Record<string, number | null>;
}

const layouts = new Map<TemplateVersion, CellLayout>();

export function cellLayout(t: TemplateVersion): CellLayout {
  let layout = layouts.get(t);
  if (layout) return layout;
  const keys = cellsOf(t).map((c) => c.key);
  const rowAt = new Map<RowDef, number>();
  let at = 0;
  for (const r of rowsOf(t)) {
    rowAt.set(r, at);
    at += r.cols.length;
  }
  if (at !== keys.length) throw new Error(`template ${t}: rows hold ${at} cells, cellsOf ${keys.length}`);
  // One object literal with every key: V8 creates it from a boilerplate with a fixed shape in about a
  // microsecond, where ~200 assignments to a fresh object cost ten. The source is built from the
  // template's own keys (JSON-quoted), never from report text.
  const record = new Function('v', `return {${keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ')}};`) as CellLayout['record'];
  layouts.set(t, (layout = { size: keys.length, rowAt, record }));
  return layout;
}

/** All cells blank (null, never 0). */
export const blankValues = (t: TemplateVersion): CellValues => new Array<number | null>(cellLayout(t).size).fill(null);

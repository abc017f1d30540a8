/** Small helpers turning query rows into chart models and tables. */
import type { Metric } from '../metrics.ts';
import { partName } from '../metrics.ts';
import type { Lang } from '../i18n.ts';
import type { Row } from './arrow-rows.ts';
import type { ChartModel } from './charts/options.ts';
import { formatValue } from './format.ts';
import { valueOf } from './queries.ts';

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Rows {k, n, p0…} → categories × series (one series per part, or the single value). */
export function modelOf(m: Metric, rows: Row[], label: (k: unknown) => string, lang: Lang, perBody = false): ChartModel {
  const div = (v: number | null, n: unknown) => (perBody && m.perBody ? (v === null || !num(n) ? null : v / num(n)!) : v);
  return {
    categories: rows.map((r) => label(r.k)),
    series: m.parts.map((p, i) => ({ name: partName(p, lang), values: rows.map((r) => div(num(r[`p${i}`]), r.n)) })),
    unit: m.unit,
  };
}

/** The same numbers as a table: first column the category, then each series (and a total for breakdowns). */
export function tableOf(model: ChartModel, head: string, lang: Lang, totalLabel?: string): { headers: string[]; rows: string[][]; values: (number | null)[][]; unit: ChartModel['unit'] } {
  const withTotal = totalLabel && model.series.length > 1 && model.unit !== 'ratio';
  // The numbers behind the cells travel with them (the chart's text summary reads them).
  const values = model.categories.map((_, i) => {
    const vals = model.series.map((s) => s.values[i] ?? null);
    return withTotal ? [...vals, vals.every((v) => v === null) ? null : vals.reduce<number>((a, v) => a + (v ?? 0), 0)] : vals;
  });
  return {
    headers: [head, ...model.series.map((s) => s.name), ...(withTotal ? [totalLabel] : [])],
    rows: model.categories.map((c, i) => [c, ...values[i]!.map((v) => formatValue(v, model.unit, lang))]),
    values,
    unit: model.unit,
  };
}

export const totalOf = (m: Metric, row: Row | undefined, prefix: string): number | null => (row ? valueOf(m, row, prefix) : null);

/**
 * Every year from the first to the last that has data, as category labels: a year no report covers
 * stays on the axis (its value null, drawn as a gap) instead of the line running straight past it.
 */
export function continuousYears(keys: readonly unknown[]): string[] {
  const ys = keys.map((k) => Number(k)).filter((y) => Number.isInteger(y) && y > 1900 && y < 2200);
  if (!ys.length) return [];
  const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
  return Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i));
}

/** Rows keyed by year spread over a continuous year axis: a missing year becomes an empty row. */
export function onYears(rows: readonly Row[]): Row[] {
  const by = new Map(rows.map((r) => [String(r.k), r]));
  return continuousYears(rows.map((r) => r.k)).map((y) => by.get(y) ?? { k: Number(y) });
}

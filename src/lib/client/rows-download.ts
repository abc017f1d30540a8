/**
 * The file of the rows behind Explore's or Compare's view: which filters (one per compare item), the
 * rows (view-rows-load.ts), headers in the page's language and a name that says what it holds.
 */
import { bodyLabel, t } from '../i18n.ts';
import { metricName, type Metric } from '../metrics.ts';
import type { AppContext } from './app-context.ts';
import { CsvParts } from './csv.ts';
import { filtersOf, narrowTo, type Filters } from './queries.ts';
import { viewRows } from './view-rows-load.ts';
import { filterWords, headerOf, outputColumns, rawField, rowColumns, rowsFileName, today } from './view-rows.ts';

export interface RowsView {
  page: 'explore' | 'compare';
  metrics: readonly Metric[];
  /** Compare items (`r:<code>`, `b:<body type>`): one block of rows each, tagged; null for Explore's one view. */
  items: readonly string[] | null;
  /** The chart's own narrowing (see viewRowsSql). */
  extra?: { sql: string; params: (string | number)[] }[];
}

export async function rowsDownload(app: AppContext, v: RowsView): Promise<{ blob: Blob; name: string; rows: number }> {
  const engine = app.engine;
  if (!engine) throw new Error('the engine is not ready');
  const s = app.state;
  const lang = app.lang;
  const levelOf = (c: string) => app.levelOf(c);
  // Compare items set their own region or body type; the years and template still apply.
  const base: Filters = v.items ? { ...filtersOf(s), regions: [], bodies: [] } : filtersOf(s);
  const filters = v.items ? v.items.map((it) => narrowTo(base, it)) : [base];
  const cols = rowColumns(v.metrics);
  const sets = await viewRows(engine.dataset, filters, levelOf, cols, v.extra);
  const names = outputColumns(cols);
  const itemName = (it: string) => (it.startsWith('r:') ? app.regionName(it.slice(2)) : bodyLabel(lang, it.slice(2)));
  const csv = new CsvParts([...(v.items ? [`${lang === 'zh' ? '对比项' : 'Compared item'} (item)`] : []), ...names.map((n) => headerOf(n, lang))]);
  let rows = 0;
  sets.forEach((set, i) => {
    const tag = v.items ? [itemName(v.items[i]!)] : [];
    for (const r of set) csv.add([...tag, ...names.map((n) => rawField(r[n]))]);
    rows += set.length;
  });
  const years = engine.dataset.manifest.years;
  const words = v.items
    ? filterWords(lang, { y0: s.y0, y1: s.y1, years, regions: v.items.map(itemName), bodies: [], template: s.template })
    : filterWords(lang, { y0: s.y0, y1: s.y1, years, regions: s.regions.map((c) => app.regionName(c)), bodies: s.bodies, template: s.template });
  const name = rowsFileName({ lang, page: t(lang, v.page === 'explore' ? 'nav_explore' : 'nav_compare'), filters: [v.metrics.map((m) => metricName(m, lang)).join('+'), ...words], date: today() }, 'csv');
  return { blob: csv.blob(), name, rows };
}

/**
 * The queries of the default views, declared once: the pages run them, and the dataset build runs the
 * same SQL in native DuckDB to write `summary.json` (src/dataset/summary.ts), whose answers are shown
 * before DuckDB-WASM is up (see summary.ts). Changing a query here changes both.
 */
import { HEADLINE_METRICS, METRIC_BY_ID, type Metric } from '../metrics.ts';
import type { Query } from './coordinator.ts';
import { metricByGroup, metricOf, totals, totalsByYear, type Filters, type LevelOf } from './queries.ts';
import type { Page } from './url-state.ts';

/** The overview shows the whole dataset; filtering happens on Explore. */
export const OVERVIEW_FILTERS: Filters = { y0: null, y1: null, regions: [], bodies: [], template: null };

export const OVERVIEW = {
  headline: HEADLINE_METRICS.map((id) => METRIC_BY_ID.get(id)!) as Metric[],
  trendMetrics: [metricOf('applications'), metricOf('handled')],
  mix: metricOf('outcome_mix'),
  apps: metricOf('applications'),
};

/** The overview's query groups, one per chart or figure set. */
export function overviewQueries(levelOf: LevelOf): { kpi: Query[]; yoy: Query[]; trend: Query[]; mix: Query[]; top: Query[] } {
  const f = OVERVIEW_FILTERS;
  return {
    kpi: [totals(OVERVIEW.headline, f, levelOf)],
    // Each card's change from the previous year with data (src/lib/client/year-change.ts).
    yoy: [totalsByYear(OVERVIEW.headline, f, levelOf)],
    trend: OVERVIEW.trendMetrics.map((m) => metricByGroup(m, f, 'year', levelOf)),
    mix: [metricByGroup(OVERVIEW.mix, f, 'year', levelOf)],
    top: [metricByGroup(OVERVIEW.apps, f, 'province_code', levelOf)],
  };
}

/**
 * The views the build precomputes, by page: every query they run with their default state. A page
 * listed here is drawn from the summary before the engine is up.
 */
export const DEFAULT_VIEWS: Partial<Record<Page, () => Query[]>> = {
  // No region filter in the default state, so no level is ever looked up.
  overview: () => Object.values(overviewQueries(() => undefined)).flat(),
};

/** The rollup cell columns the first page will ask for, so the first load reads them with the dimensions. */
import { HEADLINE_METRICS, METRIC_BY_ID } from '../metrics.ts';
import type { Page, ViewState } from './url-state.ts';

const columnsOf = (ids: readonly string[]): string[] => ids.flatMap((id) => METRIC_BY_ID.get(id)?.columns ?? []);

export function initialColumns(page: Page, state: ViewState): string[] {
  if (page === 'overview') return columnsOf([...HEADLINE_METRICS, 'outcome_mix']);
  if (page === 'explore' || page === 'region') return columnsOf([state.metric]);
  if (page === 'compare') return columnsOf(state.compareMetrics);
  return [];
}

/**
 * The whole view lives in the address: this module is the only place that reads or writes query
 * parameters. Parsing is a strict allow-list: every parameter has a validator, anything unknown or
 * invalid is dropped and reported (the layout shows a notice), so nothing from the URL reaches SQL
 * or HTML except values proven to be one of a fixed set or of a fixed shape.
 */
import { METRIC_BY_ID, DEFAULT_METRIC } from '../metrics.ts';
import type { BodyType } from '../types.ts';

export const PAGES = ['overview', 'explore', 'compare', 'region', 'report', 'quality', 'import', 'check', 'about'] as const;
export type Page = (typeof PAGES)[number];
export const BODY_TYPES: readonly BodyType[] = ['government', 'gov_office', 'department', 'township', 'zone', 'other'];
export const GROUPS = ['year', 'region', 'body_type'] as const;
export const CHARTS = ['line', 'bar', 'stacked', 'map', 'table'] as const;
export const LANGS = ['zh', 'en'] as const;
/** Whose reports the dashboard shows: the bundled dataset, the ones imported in this browser, or both. */
export const SOURCES = ['bundled', 'mine', 'both'] as const;
export type Source = (typeof SOURCES)[number];
export type Group = (typeof GROUPS)[number];
export type ChartType = (typeof CHARTS)[number];
export type Lang = (typeof LANGS)[number];
export type Template = '2019' | '2021';

export interface ViewState {
  lang: Lang;
  /** Which data: only the choice travels in the address, never the imported data itself. */
  source: Source;
  /** Inclusive year range; null means open. */
  y0: number | null;
  y1: number | null;
  /** Region codes to filter by (province, city or county codes). */
  regions: string[];
  bodies: BodyType[];
  template: Template | null;
  metric: string;
  group: Group;
  chart: ChartType;
  /** Compare set: `r:<region code>` or `b:<body type>`, 2–6 items once complete. */
  compare: string[];
  /** Metrics shown side by side on Compare. */
  compareMetrics: string[];
  perBody: boolean;
  /** Region page focus (null = the whole country). */
  region: string | null;
  /** Report page: the report's id and (to find its partition) year. */
  report: string | null;
  reportYear: number | null;
}

export interface DroppedParam {
  param: string;
  reason: string;
}

export const DEFAULT_STATE: ViewState = {
  lang: 'zh', source: 'bundled', y0: null, y1: null, regions: [], bodies: [], template: null, metric: DEFAULT_METRIC, group: 'year',
  chart: 'line', compare: [], compareMetrics: ['applications', 'disclosure_rate', 'reviews'], perBody: false,
  region: null, report: null, reportYear: null,
};

export const MAX_REGIONS = 20;
export const MAX_COMPARE = 6;
export const MAX_COMPARE_METRICS = 6;
const REGION_CODE = /^\d{2,12}$/;
const REPORT_ID = /^[0-9a-f]{16}$/;
const YEAR = /^(19|20)\d\d$/;
const COMPARE_ITEM = /^(r:\d{2,12}|b:[a-z_]+)$/;

const isBody = (v: string): v is BodyType => (BODY_TYPES as readonly string[]).includes(v);
export const isCompareItem = (v: string): boolean => COMPARE_ITEM.test(v) && (v.startsWith('r:') || isBody(v.slice(2)));
const oneOf = <T extends string>(list: readonly T[], v: string): T | undefined => (list as readonly string[]).includes(v) ? (v as T) : undefined;

type Setter = (s: ViewState, v: string) => string | null;
const list = (v: string): string[] => v.split(',').filter(Boolean);

/** Each allowed parameter: apply it to the state, or return why it was rejected. */
const PARAMS: Record<string, Setter> = {
  lang: (s, v) => { const l = oneOf(LANGS, v); if (!l) return 'unknown language'; s.lang = l; return null; },
  source: (s, v) => { const x = oneOf(SOURCES, v); if (!x) return 'unknown data source'; s.source = x; return null; },
  y0: (s, v) => { if (!YEAR.test(v)) return 'not a year'; s.y0 = Number(v); return null; },
  y1: (s, v) => { if (!YEAR.test(v)) return 'not a year'; s.y1 = Number(v); return null; },
  r: (s, v) => {
    const codes = list(v);
    if (codes.length > MAX_REGIONS || !codes.every((c) => REGION_CODE.test(c))) return 'not a list of region codes';
    s.regions = [...new Set(codes)]; return null;
  },
  bt: (s, v) => { const b = list(v); if (!b.every(isBody)) return 'unknown body type'; s.bodies = [...new Set(b)]; return null; },
  tpl: (s, v) => { if (v !== '2019' && v !== '2021') return 'unknown template'; s.template = v; return null; },
  m: (s, v) => { if (!METRIC_BY_ID.has(v)) return 'unknown metric'; s.metric = v; return null; },
  g: (s, v) => { const g = oneOf(GROUPS, v); if (!g) return 'unknown grouping'; s.group = g; return null; },
  c: (s, v) => { const c = oneOf(CHARTS, v); if (!c) return 'unknown chart type'; s.chart = c; return null; },
  cmp: (s, v) => {
    const items = list(v);
    if (items.length > MAX_COMPARE || !items.every(isCompareItem)) return 'not a list of regions or body types';
    s.compare = [...new Set(items)]; return null;
  },
  cm: (s, v) => {
    const ms = list(v);
    if (ms.length === 0 || ms.length > MAX_COMPARE_METRICS || !ms.every((m) => METRIC_BY_ID.has(m))) return 'unknown metric';
    s.compareMetrics = [...new Set(ms)]; return null;
  },
  per: (s, v) => { if (v !== 'body' && v !== 'abs') return 'unknown measure'; s.perBody = v === 'body'; return null; },
  reg: (s, v) => { if (!REGION_CODE.test(v)) return 'not a region code'; s.region = v; return null; },
  id: (s, v) => { if (!REPORT_ID.test(v)) return 'not a report id'; s.report = v; return null; },
  ry: (s, v) => { if (!YEAR.test(v)) return 'not a year'; s.reportYear = Number(v); return null; },
};

const MAX_VALUE_LENGTH = 400;

export function parseState(params: URLSearchParams): { state: ViewState; dropped: DroppedParam[] } {
  const state: ViewState = structuredClone(DEFAULT_STATE);
  const dropped: DroppedParam[] = [];
  const seen = new Set<string>();
  for (const [param, value] of params) {
    const set = Object.hasOwn(PARAMS, param) ? PARAMS[param] : undefined;
    if (!set) { dropped.push({ param, reason: 'unknown parameter' }); continue; }
    if (seen.has(param)) { dropped.push({ param, reason: 'repeated parameter' }); continue; }
    seen.add(param);
    const reason = value.length > MAX_VALUE_LENGTH ? 'value too long' : set(state, value);
    if (reason) dropped.push({ param, reason });
  }
  if (state.y0 !== null && state.y1 !== null && state.y0 > state.y1) [state.y0, state.y1] = [state.y1, state.y0];
  return { state, dropped };
}

/** The query string for a state: only what differs from the defaults, in a fixed order. */
export function serializeState(state: ViewState): string {
  const d = DEFAULT_STATE;
  const out = new URLSearchParams();
  if (state.lang !== d.lang) out.set('lang', state.lang);
  if (state.source !== d.source) out.set('source', state.source);
  if (state.y0 !== null) out.set('y0', String(state.y0));
  if (state.y1 !== null) out.set('y1', String(state.y1));
  if (state.regions.length) out.set('r', state.regions.join(','));
  if (state.bodies.length) out.set('bt', state.bodies.join(','));
  if (state.template) out.set('tpl', state.template);
  if (state.metric !== d.metric) out.set('m', state.metric);
  if (state.group !== d.group) out.set('g', state.group);
  if (state.chart !== d.chart) out.set('c', state.chart);
  if (state.compare.length) out.set('cmp', state.compare.join(','));
  if (state.compareMetrics.join(',') !== d.compareMetrics.join(',')) out.set('cm', state.compareMetrics.join(','));
  if (state.perBody) out.set('per', 'body');
  if (state.region) out.set('reg', state.region);
  if (state.report) out.set('id', state.report);
  if (state.reportYear !== null) out.set('ry', String(state.reportYear));
  const s = out.toString().replaceAll('%2C', ',').replaceAll('%3A', ':');
  return s ? `?${s}` : '';
}

/** Path of a page (paths are fixed; the page itself is part of the shareable state). */
export const pagePath = (page: Page): string => (page === 'overview' ? '/' : `/${page}`);

export function pageOfPath(pathname: string): Page {
  const name = pathname.replace(/\/+$/, '').split('/').pop() || 'overview';
  return oneOf(PAGES, name) ?? 'overview';
}

/**
 * The state each page reads. Links to a page carry only these (and the language), so no address holds
 * a filter its page silently applies or silently ignores.
 */
export const PAGE_STATE: Readonly<Record<Page, readonly (keyof ViewState)[]>> = {
  overview: [],
  explore: ['y0', 'y1', 'regions', 'bodies', 'template', 'metric', 'group', 'chart', 'perBody'],
  compare: ['y0', 'y1', 'template', 'compare', 'compareMetrics', 'perBody'],
  region: ['y0', 'y1', 'bodies', 'template', 'metric', 'region'],
  report: ['report', 'reportYear'],
  quality: [],
  import: [],
  check: [],
  about: [],
};

/** The state narrowed to what a page reads; everything else back to its default. The language and the data source go everywhere. */
export function forPage(page: Page, state: ViewState): ViewState {
  const out: ViewState = { ...structuredClone(DEFAULT_STATE), lang: state.lang, source: state.source };
  for (const k of PAGE_STATE[page]) (out as unknown as Record<string, unknown>)[k] = state[k];
  return out;
}

/** A link to a page with a state: only the parameters that page reads (lang and source survive navigation). */
export const href = (page: Page, state: ViewState): string => pagePath(page) + serializeState(forPage(page, state));

export const withState = (state: ViewState, patch: Partial<ViewState>): ViewState => ({ ...state, ...patch });

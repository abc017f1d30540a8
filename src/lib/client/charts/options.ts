/**
 * Chart models → ECharts options (pure). Tooltips are HTML in ECharts, so every name and value
 * placed in them is escaped: region and body names come from reports.
 */
import type { MetricUnit } from '../../metrics.ts';
import type { Lang } from '../../i18n.ts';
import { escapeHtml } from '../escape-html.ts';
import { formatShort, formatValue, unitLabel, withUnit } from '../format.ts';

export interface Series {
  name: string;
  values: (number | null)[];
}
export interface ChartModel {
  categories: string[];
  series: Series[];
  unit: MetricUnit;
}

export const PALETTE = ['#1f5fa8', '#d4572a', '#2e8b57', '#8e44ad', '#c9a227', '#17a2b8', '#7f8c8d', '#e67e80', '#4b6584', '#a3cb38'];

type TipParam = { seriesName?: string; name?: string; value?: unknown; marker?: string; color?: string; percent?: number; data?: unknown };

/** Our name of a data item (吉林省), where the item carries one; else ECharts' name (the outline's 吉林). */
const ownName = (p: TipParam | undefined): string => {
  const d = p?.data as { title?: unknown } | null | undefined;
  return typeof d?.title === 'string' ? d.title : p?.name ?? '';
};

/**
 * `seriesNames`: whether lines name their series (only cartesian charts name theirs; a map or donut
 * series has no name of ours, and ECharts would fill in its internal `series0`).
 */
function tooltip(unit: MetricUnit, lang: Lang, seriesNames: boolean) {
  return (raw: TipParam | TipParam[]) => {
    const ps = Array.isArray(raw) ? raw : [raw];
    const head = escapeHtml(ownName(ps[0]));
    const lines = ps.map((p) => {
      const v = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
      const pct = typeof p.percent === 'number' ? ` (${p.percent.toFixed(1)}%)` : '';
      const label = seriesNames && (ps.length > 1 || p.seriesName !== p.name) ? escapeHtml(p.seriesName ?? '') : '';
      const d = p.data as { nodata?: boolean } | null | undefined;
      const shown = d?.nodata ? noData(lang) : withUnit(formatValue(typeof v === 'number' ? v : null, unit, lang), unit, lang);
      return `<span style="display:inline-block;width:8px;height:8px;border-radius:50%;background:${escapeHtml(p.color ?? '#999')};margin-right:6px"></span>${label} <b>${escapeHtml(shown)}</b>${pct}`;
    });
    return `<div style="font-weight:600;margin-bottom:4px">${head}</div>${lines.join('<br>')}`;
  };
}

const noData = (lang: Lang): string => (lang === 'zh' ? '无数据' : 'no data');

const axisLabel = (unit: MetricUnit, lang: Lang) => ({
  formatter: (v: number) => (unit === 'ratio' ? `${Math.round(v * 100)}%` : formatShort(v, unit === 'wan_yuan' ? 'count' : 'count', lang)),
});
/** The value axis names its unit, so a bare number never stands alone. */
const axisName = (unit: MetricUnit, lang: Lang): string => (unit === 'ratio' ? '%' : unitLabel(unit, lang));

/** Overlapping lines stay distinguishable: each series its own marker and dash as well as colour. */
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin', 'arrow'];
const DASHES = ['solid', 'dashed', 'dotted'] as const;

/** Height for a horizontal bar chart that labels every bar (26 px a bar, at least `min`). */
export const barsHeight = (bars: number, min = 320): number => Math.max(min, bars * 26 + 60);

export function cartesianOption(model: ChartModel, kind: 'line' | 'bar' | 'stacked', lang: Lang, opts: { horizontal?: boolean } = {}) {
  const stacked = kind === 'stacked';
  const many = model.series.length > 1;
  // Every category labelled: horizontal bars get the height for it (barsHeight), vertical ones turn their labels.
  const turn = !opts.horizontal && model.categories.length > 8;
  const catAxis = { type: 'category', data: model.categories, axisTick: { alignWithLabel: true }, axisLabel: { interval: 0, rotate: turn ? 40 : 0 } };
  const valAxis = {
    type: 'value', name: axisName(model.unit, lang), nameTextStyle: { color: '#6b7280' }, minInterval: model.unit === 'count' ? 1 : undefined,
    axisLabel: axisLabel(model.unit, lang), splitLine: { lineStyle: { color: '#eceff3' } },
  };
  return {
    color: PALETTE,
    animationDuration: 300,
    grid: { left: 8, right: 16, top: many ? 40 : 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: many ? { top: 0, type: 'scroll' } : undefined,
    tooltip: { trigger: 'axis', confine: true, formatter: tooltip(model.unit, lang, true) },
    xAxis: opts.horizontal ? valAxis : catAxis,
    yAxis: opts.horizontal ? { ...catAxis, inverse: true } : valAxis,
    series: model.series.map((s, i) => ({
      name: s.name,
      type: kind === 'line' ? 'line' : 'bar',
      stack: stacked ? 'total' : undefined,
      data: s.values,
      smooth: false,
      symbol: SYMBOLS[i % SYMBOLS.length],
      lineStyle: { type: DASHES[i % DASHES.length], width: 2 },
      symbolSize: 7,
      connectNulls: false,
      barMaxWidth: 36,
      emphasis: { focus: many ? 'series' : 'none' },
    })),
  };
}

export function pieOption(items: { name: string; value: number | null }[], unit: MetricUnit, lang: Lang) {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', confine: true, formatter: tooltip(unit, lang, false) },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['42%', '70%'], center: ['50%', '45%'], avoidLabelOverlap: true, label: { show: false }, data: items.filter((i) => (i.value ?? 0) > 0) }],
  };
}

/** One legend class of a map: a value range, or the areas without data. */
export interface MapClass {
  label: string;
  min?: number;
  max?: number;
  nodata?: boolean;
  color: string;
}

const SHADES = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
/** Stands in for "no value" on areas without data, far below any metric value (never shown). */
const NODATA = -1e15;

/**
 * The legend of a map: up to five equal ranges fitted to the values (not forced to start at 0 or to
 * reach 1), and a class of its own for areas with no data, so a 0 never looks like "no reports".
 */
export function mapClasses(values: readonly number[], unit: MetricUnit, lang: Lang): MapClass[] {
  const nod: MapClass = { label: noData(lang), nodata: true, max: NODATA / 2, color: '#eeeeee' };
  if (!values.length) return [nod];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const f = (v: number) => formatShort(v, unit, lang);
  if (lo === hi) return [{ label: f(lo), min: lo, max: hi, color: SHADES[2]! }, nod];
  const shade = (i: number, k: number) => SHADES[Math.round((i * (SHADES.length - 1)) / Math.max(1, k - 1))]!;
  if (unit === 'count' && Number.isInteger(lo) && Number.isInteger(hi)) {
    // Whole-number classes for counts: 0–6, 7–13, … (never "6.8 – 14").
    const step = Math.ceil((hi - lo + 1) / SHADES.length);
    const k = Math.ceil((hi - lo + 1) / step);
    const classes = Array.from({ length: k }, (_, i) => {
      const a = lo + step * i;
      const b = Math.min(hi, a + step - 1);
      return { label: a === b ? f(a) : `${f(a)} – ${f(b)}`, min: a - 0.5, max: b + 0.5, color: shade(i, k) };
    });
    return [...classes, nod];
  }
  const k = SHADES.length;
  const step = (hi - lo) / k;
  const classes = Array.from({ length: k }, (_, i) => {
    const a = lo + step * i;
    const b = i === k - 1 ? hi : lo + step * (i + 1);
    return { label: `${f(a)} – ${f(b)}`, min: a, max: b, color: shade(i, k) };
  });
  return [...classes, nod];
}

/** `name` is the outline's name of the area (what ECharts matches), `title` ours (what people read). */
/**
 * `areas`: every area name of the outline; those without an item (or with a null value) are drawn in
 * the 无数据 class.
 */
export function mapOption(mapName: string, items: { name: string; title?: string; value: number | null }[], unit: MetricUnit, lang: Lang, areas: readonly string[] = []) {
  const values = items.map((i) => i.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const classes = mapClasses(values, unit, lang);
  const named = new Set(items.filter((i) => i.value !== null).map((i) => i.name));
  const data = [
    ...items.map((i) => (i.value === null ? { ...i, value: NODATA, nodata: true } : i)),
    ...areas.filter((a) => !named.has(a) && !items.some((i) => i.name === a)).map((a) => ({ name: a, value: NODATA, nodata: true })),
  ];
  return {
    tooltip: { trigger: 'item', confine: true, formatter: tooltip(unit, lang, false) },
    visualMap: {
      type: 'piecewise', left: 8, bottom: 8, itemGap: 6, textStyle: { fontSize: 11 },
      pieces: classes.map((c) => ({ label: c.label, color: c.color, ...(c.min !== undefined ? { gte: c.min } : {}), ...(c.max !== undefined ? { lte: c.max } : {}) })),
    },
    series: [{ type: 'map', map: mapName, roam: false, data, emphasis: { label: { show: false }, itemStyle: { areaColor: '#d4572a' } }, itemStyle: { areaColor: '#eeeeee', borderColor: '#b8c0cc' } }],
  };
}

/**
 * Chart models → ECharts options (pure). Tooltips are HTML in ECharts, so every name and value
 * placed in them is escaped: region and body names come from reports.
 */
import type { MetricUnit } from '../../metrics.ts';
import type { Lang } from '../../i18n.ts';
import { escapeHtml } from '../escape-html.ts';
import { formatValue } from '../format.ts';

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
      return `<span style="display:inline-block;width:8px;height:8px;border-radius:50%;background:${escapeHtml(p.color ?? '#999')};margin-right:6px"></span>${label} <b>${escapeHtml(formatValue(typeof v === 'number' ? v : null, unit, lang))}</b>${pct}`;
    });
    return `<div style="font-weight:600;margin-bottom:4px">${head}</div>${lines.join('<br>')}`;
  };
}

const axisLabel = (unit: MetricUnit, lang: Lang) => ({
  formatter: (v: number) => (unit === 'ratio' ? `${Math.round(v * 100)}%` : formatValue(v, unit === 'wan_yuan' ? 'wan_yuan' : 'count', lang)),
});

export function cartesianOption(model: ChartModel, kind: 'line' | 'bar' | 'stacked', lang: Lang, opts: { horizontal?: boolean } = {}) {
  const stacked = kind === 'stacked';
  const many = model.series.length > 1;
  const catAxis = { type: 'category', data: model.categories, axisTick: { alignWithLabel: true }, axisLabel: { hideOverlap: true } };
  const valAxis = { type: 'value', minInterval: model.unit === 'count' ? 1 : undefined, axisLabel: axisLabel(model.unit, lang), splitLine: { lineStyle: { color: '#eceff3' } } };
  return {
    color: PALETTE,
    animationDuration: 300,
    grid: { left: 8, right: 16, top: many ? 40 : 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: many ? { top: 0, type: 'scroll' } : undefined,
    tooltip: { trigger: 'axis', confine: true, formatter: tooltip(model.unit, lang, true) },
    xAxis: opts.horizontal ? valAxis : catAxis,
    yAxis: opts.horizontal ? { ...catAxis, inverse: true } : valAxis,
    series: model.series.map((s) => ({
      name: s.name,
      type: kind === 'line' ? 'line' : 'bar',
      stack: stacked ? 'total' : undefined,
      data: s.values,
      smooth: false,
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

/** `name` is the outline's name of the area (what ECharts matches), `title` ours (what people read). */
export function mapOption(mapName: string, items: { name: string; title?: string; value: number | null }[], unit: MetricUnit, lang: Lang) {
  const values = items.map((i) => i.value).filter((v): v is number => v !== null);
  return {
    tooltip: { trigger: 'item', confine: true, formatter: tooltip(unit, lang, false) },
    visualMap: {
      min: values.length ? Math.min(...values, 0) : 0,
      max: values.length ? Math.max(...values, 1) : 1,
      left: 8, bottom: 8, calculable: true, itemHeight: 100,
      inRange: { color: ['#e3ecf7', '#1f5fa8'] },
      formatter: (v: number) => formatValue(v, unit, lang),
    },
    series: [{ type: 'map', map: mapName, roam: false, data: items, emphasis: { label: { show: false }, itemStyle: { areaColor: '#d4572a' } }, itemStyle: { areaColor: '#f4f5f7', borderColor: '#b8c0cc' } }],
  };
}

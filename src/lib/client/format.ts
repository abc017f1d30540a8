import type { MetricUnit } from '../metrics.ts';
import type { Lang } from '../i18n.ts';

const nf = (lang: Lang, digits: number, min = 0) =>
  new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: min });

/** A metric value for people, exact: ratios as percentages, money with two fixed decimals, counts whole. */
export function formatValue(v: number | null | undefined, unit: MetricUnit, lang: Lang): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (unit === 'ratio') return `${nf(lang, 1, 1).format(v * 100)}%`;
  if (unit === 'wan_yuan') return nf(lang, 2, 2).format(v);
  return nf(lang, Math.abs(v) < 10 && !Number.isInteger(v) ? 2 : 0).format(v);
}

/** The unit word after a number (件, 万元); ratios carry their % already. */
export function unitLabel(unit: MetricUnit, lang: Lang): string {
  if (unit === 'wan_yuan') return lang === 'zh' ? '万元' : '×10k yuan';
  if (unit === 'count') return lang === 'zh' ? '件' : '';
  return '';
}

/**
 * Short form for cards and axes: 77.6万 / 1.2亿 in Chinese, 776K / 1.2M in English (counts from
 * 10,000, money from 10,000 万元); exact below that. Tables and downloads keep the exact numbers.
 */
export function formatShort(v: number | null | undefined, unit: MetricUnit, lang: Lang): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (unit === 'ratio' || Math.abs(v) < 10_000) return formatValue(v, unit, lang);
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

/** Value and unit, e.g. "77.6万 件", "1,234.50 万元", "45.0%". */
export const withUnit = (text: string, unit: MetricUnit, lang: Lang): string => {
  const u = unitLabel(unit, lang);
  return u && text !== '—' ? `${text} ${u}` : text;
};

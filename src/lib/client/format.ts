import type { MetricUnit } from '../metrics.ts';
import type { Lang } from '../i18n.ts';

const nf = (lang: Lang, digits: number) => new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits });

/** A metric value for people: ratios as percentages, money with two decimals, counts whole. */
export function formatValue(v: number | null | undefined, unit: MetricUnit, lang: Lang): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (unit === 'ratio') return `${nf(lang, 1).format(v * 100)}%`;
  if (unit === 'wan_yuan') return nf(lang, 2).format(v);
  return nf(lang, Math.abs(v) < 10 && !Number.isInteger(v) ? 2 : 0).format(v);
}

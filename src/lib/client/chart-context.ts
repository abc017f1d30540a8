/**
 * The line under a chart's title that makes a screenshot carry its own context: period, regions,
 * filters and unit ("2020–2024 · 全国 · 乡镇、街道 · 2021版 · 单位：件").
 */
import { bodyLabel, t, type Lang } from '../i18n.ts';
import type { MetricUnit } from '../metrics.ts';
import { unitLabel } from './format.ts';

export interface ContextParts {
  y0: number | null;
  y1: number | null;
  /** The dataset's years, for an open range. */
  years: readonly number[];
  /** Region names; empty = the whole country. */
  regions: readonly string[];
  bodies: readonly string[];
  template: '2019' | '2021' | null;
  unit: MetricUnit | null;
  /** Extra, e.g. "per body". */
  extra?: string;
}

export function contextText(lang: Lang, c: ContextParts): string {
  const zh = lang === 'zh';
  const sep = zh ? '、' : ', ';
  const from = c.y0 ?? c.years[0];
  const to = c.y1 ?? c.years.at(-1);
  const out: string[] = [];
  if (from !== undefined && to !== undefined) out.push(from === to ? String(from) : `${from}–${to}`);
  out.push(c.regions.length ? c.regions.join(sep) : t(lang, 'country'));
  if (c.bodies.length) out.push(c.bodies.map((b) => bodyLabel(lang, b)).join(sep));
  if (c.template) out.push(t(lang, c.template === '2019' ? 'template2019' : 'template2021'));
  if (c.extra) out.push(c.extra);
  const u = c.unit ? (c.unit === 'ratio' ? '%' : unitLabel(c.unit, lang) || 'count') : '';
  if (u) out.push(zh ? `单位：${u}` : `unit: ${u}`);
  return out.join(' · ');
}

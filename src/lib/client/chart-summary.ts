/**
 * A chart in one or two sentences, from the numbers of its table view, for people who cannot see the
 * canvas (screen readers read it as the chart's description): what it shows, over which categories,
 * the highest and lowest of each series, the categories with no data, and what the figures rest on.
 * "逐年趋势（2020–2024 · 全国 · 单位：件）。2020–2024，共 5 年。新收申请：最高 2024（6,278 件），最低 2020（0 件）；2022 无数据。n = 9 份报告"
 */
import type { Lang } from '../i18n.ts';
import type { MetricUnit } from '../metrics.ts';
import { unitLabel } from './format.ts';

export interface SummaryTable {
  headers: string[];
  rows: string[][];
  /** The numbers behind the cells (tableOf gives them); otherwise the cells are read back. */
  values?: (number | null)[][];
  unit?: MetricUnit;
}

/** A cell as formatValue writes it ("1,234", "45.0%", "−3", "1,234.50"), or null ("—", text). */
export function cellNumber(cell: string): number | null {
  const s = cell.trim().replace(/\u2212/g, '-');
  if (!/^-?\d[\d,]*(\.\d+)?%?$/.test(s)) return null;
  const v = Number(s.replace(/[,%]/g, ''));
  return Number.isFinite(v) ? (s.endsWith('%') ? v / 100 : v) : null;
}

const MAX_SERIES = 6;

export function chartSummary(lang: Lang, title: string, table: SummaryTable, context: { subtitle?: string; note?: string } = {}): string {
  const zh = lang === 'zh';
  const cats = table.rows.map((r) => r[0] ?? '');
  const head = context.subtitle ? (zh ? `${title}（${context.subtitle}）。` : `${title} (${context.subtitle}).`) : zh ? `${title}。` : `${title}.`;
  if (!cats.length) return `${head}${zh ? '没有数据。' : ' No data.'}`;
  const years = cats.every((c) => /^\d{4}$/.test(c));
  const span = years
    ? zh ? `${cats[0]}–${cats.at(-1)}，共 ${cats.length} 年。` : ` ${cats[0]}–${cats.at(-1)}, ${cats.length} years.`
    : zh ? `共 ${cats.length} 项。` : ` ${cats.length} ${cats.length === 1 ? 'item' : 'items'}.`;
  const word = table.unit ? unitLabel(table.unit, lang) : '';
  const shown = (text: string) => (word && text !== '—' ? `${text} ${word}` : text);
  const clauses = table.headers.slice(1, 1 + MAX_SERIES).map((name, si) => {
    const col = si + 1;
    const vals = table.rows.map((r, i) => (table.values ? table.values[i]?.[si] ?? null : cellNumber(r[col] ?? '')));
    const have = vals.flatMap((v, i) => (v === null ? [] : [i]));
    const missing = vals.flatMap((v, i) => (v === null ? [cats[i]!] : []));
    if (!have.length) return zh ? `${name}：无数据` : `${name}: no data`;
    const hi = have.reduce((a, i) => (vals[i]! > vals[a]! ? i : a));
    const lo = have.reduce((a, i) => (vals[i]! < vals[a]! ? i : a));
    const cell = (i: number) => shown(table.rows[i]![col] ?? '');
    const extremes = have.length === 1
      ? zh ? `仅 ${cats[hi]}（${cell(hi)}）` : `only ${cats[hi]} (${cell(hi)})`
      : zh ? `最高 ${cats[hi]}（${cell(hi)}），最低 ${cats[lo]}（${cell(lo)}）` : `highest ${cats[hi]} (${cell(hi)}), lowest ${cats[lo]} (${cell(lo)})`;
    const gaps = missing.length && missing.length <= 10 ? (zh ? `；${missing.join('、')} 无数据` : `; no data for ${missing.join(', ')}`) : missing.length ? (zh ? `；${missing.length} 项无数据` : `; ${missing.length} without data`) : '';
    return zh ? `${name}：${extremes}${gaps}` : `${name}: ${extremes}${gaps}`;
  });
  const more = table.headers.length - 1 > MAX_SERIES ? (zh ? `；另有 ${table.headers.length - 1 - MAX_SERIES} 个系列见数据表` : `; ${table.headers.length - 1 - MAX_SERIES} more series in the table`) : '';
  const note = context.note ? (zh ? `${context.note}。` : ` ${context.note}.`) : '';
  return zh ? `${head}${span}${clauses.join('。')}${more}。${note}` : `${head}${span} ${clauses.join('. ')}${more}.${note}`;
}

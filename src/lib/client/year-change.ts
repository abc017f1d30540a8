/**
 * A headline card's change from the previous year with data, and why there is none when there is
 * none. The card's own figure covers every year; the change compares its two latest years that have
 * reports. Both years' figures are over all the reports of that year, so the base differs from year
 * to year: the text states n for each year, and no change is shown when either year's figure rests
 * on too few reports (or a rate on too small a base) to be more than the mix of who reported.
 */
import { MIN_RATE_BASE, type Metric, type MetricUnit } from '../metrics.ts';
import type { Lang } from '../i18n.ts';
import type { Row } from './arrow-rows.ts';
import { formatShort, formatValue, withUnit } from './format.ts';
import { totalOf, num } from './rows.ts';

/** Fewer reports giving a figure than this in either year, and no change is computed. */
export const MIN_YOY_REPORTS = 5;

/** One year's figure: reports that year, how many leave it blank, its value and (for a rate) its base. */
export interface YearFigure {
  year: number;
  n: number;
  blank: number;
  value: number | null;
  base: number | null;
}

export type YearChange =
  | {
      kind: 'change';
      year: number;
      prev: number;
      value: number;
      prevValue: number;
      /** value − prevValue (for a rate, in rate units: 0.021 = 2.1 percentage points). */
      delta: number;
      /** Relative change, counts only; null for rates and from a previous value of 0. */
      pct: number | null;
      cur: YearFigure;
      before: YearFigure;
    }
  | { kind: 'none'; reason: 'no-data' | 'one-year' | 'blank' | 'prev-blank' | 'few-reports' | 'small-base'; year: number | null; prev: number | null; cur?: YearFigure; before?: YearFigure };

/** A metric's figure per year from `totalsByYear` rows (prefix `m<j>_`), the years with reports only, oldest first. */
export function yearFigures(m: Metric, rows: readonly Row[], prefix: string): YearFigure[] {
  return rows
    .map((r) => ({ year: num(r.k) ?? NaN, n: num(r.n) ?? 0, blank: num(r[`${prefix}blank`]) ?? 0, value: totalOf(m, r, `${prefix}p`), base: m.base ? num(r[`${prefix}base`]) : null }))
    .filter((f) => Number.isInteger(f.year) && f.n > 0)
    .sort((a, b) => a.year - b.year);
}

/** The number of reports per year as figures of their own (the report-count card). */
export const reportFigures = (rows: readonly Row[]): YearFigure[] =>
  rows.map((r) => ({ year: num(r.k) ?? NaN, n: num(r.n) ?? 0, blank: 0, value: num(r.n), base: null })).filter((f) => Number.isInteger(f.year) && f.n > 0).sort((a, b) => a.year - b.year);

/**
 * The change between the two latest years with reports. `minReports`: fewer reports giving the figure
 * in either year and there is no change (0 for the report count itself).
 */
export function yearChange(figures: readonly YearFigure[], unit: MetricUnit, minReports = MIN_YOY_REPORTS): YearChange {
  if (!figures.length) return { kind: 'none', reason: 'no-data', year: null, prev: null };
  const cur = figures.at(-1)!;
  if (figures.length < 2) return { kind: 'none', reason: 'one-year', year: cur.year, prev: null, cur };
  const before = figures.at(-2)!;
  const none = (reason: 'blank' | 'prev-blank' | 'few-reports' | 'small-base'): YearChange => ({ kind: 'none', reason, year: cur.year, prev: before.year, cur, before });
  if (cur.value === null) return none('blank');
  if (before.value === null) return none('prev-blank');
  if (Math.min(cur.n - cur.blank, before.n - before.blank) < minReports) return none('few-reports');
  if (unit === 'ratio' && Math.min(cur.base ?? 0, before.base ?? 0) < MIN_RATE_BASE) return none('small-base');
  const delta = cur.value - before.value;
  const pct = unit === 'ratio' || before.value === 0 ? null : delta / before.value;
  return { kind: 'change', year: cur.year, prev: before.year, value: cur.value, prevValue: before.value, delta, pct, cur, before };
}

const MINUS = '\u2212';
const signed = (text: string, v: number) => (v > 0 ? `+${text}` : v < 0 ? `${MINUS}${text}` : text);
const pctText = (p: number, lang: Lang) =>
  signed(`${new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(Math.abs(p) * 100)}%`, p);

/** A count with its unit; `unitWord` overrides the metric's (份 for reports). */
const amount = (v: number, unit: MetricUnit, lang: Lang, unitWord?: string) =>
  unitWord !== undefined ? `${formatShort(v, unit, lang)}${unitWord ? ` ${unitWord}` : ''}` : withUnit(formatShort(v, unit, lang), unit, lang);

/** The change itself: "较2023年 +120 件（+10.8%）", "较2023年 +2.1 个百分点" / "+120 (+10.8%) on 2023". */
export function changeText(c: Extract<YearChange, { kind: 'change' }>, unit: MetricUnit, lang: Lang, unitWord?: string): string {
  const zh = lang === 'zh';
  const one = (v: number) => new Intl.NumberFormat(zh ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(v);
  const diff = unit === 'ratio'
    ? signed(zh ? `${one(Math.abs(c.delta) * 100)} 个百分点` : `${one(Math.abs(c.delta) * 100)} pp`, c.delta)
    : signed(amount(Math.abs(c.delta), unit, lang, unitWord), c.delta);
  const rel = unit === 'ratio' ? '' : c.pct !== null ? (zh ? `（${pctText(c.pct, lang)}）` : ` (${pctText(c.pct, lang)})`) : zh ? '（上年为 0，无百分比）' : ' (from 0: no %)';
  return zh ? `较${c.prev}年 ${diff}${rel}` : `${diff}${rel} on ${c.prev}`;
}

/** The two figures compared: "2024年 4.8万 件，2022年 5.2万 件" / "2024: 48K; 2022: 52K". */
export function changeValuesText(c: Extract<YearChange, { kind: 'change' }>, unit: MetricUnit, lang: Lang, unitWord?: string): string {
  const v = (x: number) => (unit === 'ratio' ? formatValue(x, unit, lang) : amount(x, unit, lang, unitWord));
  return lang === 'zh' ? `${c.year}年 ${v(c.value)}，${c.prev}年 ${v(c.prevValue)}` : `${c.year}: ${v(c.value)}; ${c.prev}: ${v(c.prevValue)}`;
}

/**
 * What the two figures rest on, and the years skipped: "2023年无报告；n = 377 / 374 份（各为当年全部报告），
 * 未填报 0 / 2 份" / "no reports for 2023; n = 377 / 374 (all reports of each year), 0 / 2 leave it blank".
 */
export function changeBaseText(c: Extract<YearChange, { kind: 'change' }>, lang: Lang): string {
  const zh = lang === 'zh';
  const n = (v: number) => formatValue(v, 'count', lang);
  const between = c.year - c.prev === 2 ? String(c.prev + 1) : `${c.prev + 1}–${c.year - 1}`;
  const gap = c.year - c.prev > 1 ? (zh ? `${between}年无报告；` : `no reports for ${between}; `) : '';
  const blank = c.cur.blank || c.before.blank ? (zh ? `，未填报 ${n(c.cur.blank)} / ${n(c.before.blank)} 份` : `, ${n(c.cur.blank)} / ${n(c.before.blank)} leave it blank`) : '';
  return zh ? `${gap}n = ${n(c.cur.n)} / ${n(c.before.n)} 份（各为当年全部报告）${blank}` : `${gap}n = ${n(c.cur.n)} / ${n(c.before.n)} (all reports of each year)${blank}`;
}

/** Why a card shows no change. */
export function noChangeText(c: Extract<YearChange, { kind: 'none' }>, lang: Lang, minReports = MIN_YOY_REPORTS): string {
  const zh = lang === 'zh';
  const n = (v: number) => formatValue(v, 'count', lang);
  switch (c.reason) {
    case 'no-data':
      return zh ? '无数据，无同比' : 'no data: no change from the previous year';
    case 'one-year':
      return zh ? `仅 ${c.year} 年有报告，无同比` : `reports for ${c.year} only: no change from a previous year`;
    case 'blank':
      return zh ? `${c.year}年未填报，无同比` : `${c.year} not reported: no change shown`;
    case 'prev-blank':
      return zh ? `${c.prev}年未填报，无同比` : `${c.prev} not reported: no change shown`;
    case 'few-reports': {
      const [y, f] = c.cur!.n - c.cur!.blank < c.before!.n - c.before!.blank ? [c.year, c.cur!] : [c.prev, c.before!];
      return zh ? `无同比：${y}年仅 ${n(f.n - f.blank)} 份报告填报，少于 ${minReports} 份` : `no change shown: only ${n(f.n - f.blank)} ${f.n - f.blank === 1 ? 'report gives' : 'reports give'} it for ${y}, fewer than ${minReports}`;
    }
    case 'small-base': {
      const [y, f] = (c.cur!.base ?? 0) < (c.before!.base ?? 0) ? [c.year, c.cur!] : [c.prev, c.before!];
      return zh ? `无同比：${y}年基数 ${n(f.base ?? 0)} 件，不足 ${MIN_RATE_BASE} 件` : `no change shown: the ${y} base is ${n(f.base ?? 0)}, below ${MIN_RATE_BASE}`;
    }
  }
}

/**
 * What a figure rests on, in words: how many reports, how many leave it blank, how many give it only
 * through a blank 总计's printed parts, and a rate's base (flagged when below MIN_RATE_BASE).
 */
import { MIN_RATE_BASE, type Metric } from '../metrics.ts';
import type { Lang } from '../i18n.ts';
import type { Row } from './arrow-rows.ts';
import { formatValue } from './format.ts';
import { num } from './rows.ts';

export interface Coverage {
  /** Reports under the filters. */
  n: number | null;
  /** Of them, reports that leave every cell behind the figure blank. */
  blank: number;
  /** Of them, reports whose figure is the sum of a blank 总计's printed parts. */
  derived: number;
  /** A ratio's base (requests or cases), null when not a ratio or nobody reported it. */
  base: number | null;
}

/** Coverage from a result row of `totals` (prefix `m<j>_`) or `metricByGroup` (prefix ''), summed over rows. */
export function coverageOf(m: Metric, rows: readonly (Row | undefined)[], prefix = '', nKey = 'n'): Coverage {
  const add = (k: string) => rows.reduce<number | null>((a, r) => (num(r?.[k]) === null ? a : (a ?? 0) + num(r?.[k])!), null);
  return { n: add(nKey), blank: add(`${prefix}blank`) ?? 0, derived: add(`${prefix}derived`) ?? 0, base: m.base ? add(`${prefix}base`) : null };
}

const count = (v: number, lang: Lang) => formatValue(v, 'count', lang);

/** "n = 6 份报告，1 份未填总计（按分项合计）" / "n = 6 reports; 1 leaves the total blank (sum of its parts)". */
export function coverageText(c: Coverage, lang: Lang): string {
  if (c.n === null) return '';
  const zh = lang === 'zh';
  const out = [zh ? `n = ${count(c.n, lang)} 份报告` : `n = ${count(c.n, lang)} report${c.n === 1 ? '' : 's'}`];
  if (c.derived) out.push(zh ? `${count(c.derived, lang)} 份未填总计（按分项合计）` : `${count(c.derived, lang)} leave${c.derived === 1 ? 's' : ''} the total blank (sum of its parts)`);
  if (c.blank) out.push(zh ? `${count(c.blank, lang)} 份未填报` : `${count(c.blank, lang)} do${c.blank === 1 ? 'es' : ''} not report it`);
  return out.join(zh ? '，' : '; ');
}

/** A ratio's base, and whether it is too small to present as a fact. */
export function baseText(c: Coverage, lang: Lang): { text: string; low: boolean } | null {
  if (c.base === null) return null;
  const low = c.base < MIN_RATE_BASE;
  const b = count(c.base, lang);
  const text = lang === 'zh' ? `基数 ${b} 件${low ? `，不足 ${MIN_RATE_BASE} 件，仅供参考` : ''}` : `base ${b}${low ? `, below ${MIN_RATE_BASE}: indicative only` : ''}`;
  return { text, low };
}

/** A figure nobody reported is 未填报, never 0 and never a bare dash. */
export const notReported = (lang: Lang): string => (lang === 'zh' ? '未填报' : 'not reported');

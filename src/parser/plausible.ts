/**
 * Whether a number read from a cell can be what the column counts. A misprint or a mangled page
 * gives values no report holds (a count of 1.5 or −5, twenty digits); such a value is left out of
 * the cells (and so of every sum and check) and reported, never stored as if it were read.
 */
import type { Unit } from '../lib/template.ts';

/** The largest count the dataset's INTEGER columns hold; no real count comes near it. */
export const MAX_COUNT = 2 ** 31 - 1;
/** Money in 万元: twelve digits before the point is already 10^16 yuan. */
export const MAX_WAN_YUAN = 1e12;

/** Why `value` cannot be in a column of this unit and sign, in Chinese; null when it can. */
export function implausible(value: number, col: { unit?: Unit; signed?: boolean }): string | null {
  if (!Number.isFinite(value)) return '不是有限的数';
  if (value < 0 && !col.signed) return col.unit === 'wan_yuan' ? '金额不能为负数' : '数量不能为负数（只有“本年增/减”可以为负）';
  if ((col.unit ?? 'count') === 'count') {
    if (!Number.isInteger(value)) return '数量应为整数';
    if (Math.abs(value) > MAX_COUNT) return `数量超过 ${MAX_COUNT.toLocaleString('en')}，不可能是真实数量`;
    return null;
  }
  return Math.abs(value) >= MAX_WAN_YUAN ? '金额超过 12 位整数（万元），不可能是真实金额' : null;
}

import type { Unit } from '../lib/template.ts';
import { isSpaceLike } from './normalize.ts';

export type CellValue = { ok: true; value: number | null } | { ok: false; reason: string };

const DASHES = /^[-—–_/\\无×xX]+$/;
const NUMBER = /^([+-]?)(\d+(?:\.\d+)?)(万元|元|万|件|个|项|次|条|份|宗|家)?$/;

/** The common case, a bare non-negative integer, without regular expressions. */
export function plainDigits(s: string): number | null {
  if (s.length === 0 || s.length > 15) return null;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n;
}

/** The characters a value can start with, once white space and commas are dropped: digits, signs, dashes. */
const VALUE_START = new Set([...'0123456789+-−–—_/\\无×xX'].map((c) => c.charCodeAt(0)));

/** Whether a table cell holds a value (a number, possibly with a unit, or a dash) rather than a label. */
export function isValueLike(s: string): boolean {
  // Fast paths: labels start with a CJK character or a bracket, values with a digit, sign or dash.
  const c0 = s.charCodeAt(0);
  if (c0 >= 0x4e00 && c0 <= 0x9fff && c0 !== 0x65e0 /* 无 */) return false;
  if (plainDigits(s) !== null) return true;
  if (c0 !== 44 /* , */ && !isSpaceLike(c0) && !VALUE_START.has(c0)) return false;
  const t = s.replace(/[\s,]/g, '');
  return t !== '' && (NUMBER.test(t.replace(/^[−–]/, '-')) || DASHES.test(t));
}

/** A printed cell → its number in the column's unit; blank or a dash is null, never 0. */
export function parseCellValue(raw: string, unit: Unit): CellValue {
  const digits = plainDigits(raw);
  if (digits !== null) return { ok: true, value: digits };
  const t = raw.replace(/[\s,]/g, '').replace(/^[−–]/, '-');
  if (t === '' || DASHES.test(t)) return { ok: true, value: null };
  const m = NUMBER.exec(t);
  if (!m) return { ok: false, reason: `无法识别的数值“${raw.trim()}”` };
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  const printedUnit = m[3];
  if (!printedUnit) return { ok: true, value: n };
  if (unit === 'wan_yuan') {
    if (printedUnit === '万元' || printedUnit === '万') return { ok: true, value: n };
    // Rounded to 6 decimals (0.01 yuan) so that 251000元 becomes 25.1, not 25.100000000000001.
    if (printedUnit === '元') return { ok: true, value: Math.round((n / 10000) * 1e6) / 1e6 };
    return { ok: false, reason: `金额栏的单位“${printedUnit}”无法换算为万元（“${raw.trim()}”）` };
  }
  if (printedUnit === '元' || printedUnit === '万元' || printedUnit === '万')
    return { ok: false, reason: `数量栏中出现金额单位“${printedUnit}”（“${raw.trim()}”）` };
  return { ok: true, value: n };
}

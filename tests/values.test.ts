import { describe, expect, it } from 'vitest';
import { isValueLike, parseCellValue } from '../src/parser/values.ts';

describe('cell values', () => {
  it('reads integers, decimals, negatives and thousands separators', () => {
    expect(parseCellValue('1491', 'count')).toEqual({ ok: true, value: 1491 });
    expect(parseCellValue('1,491', 'count')).toEqual({ ok: true, value: 1491 });
    expect(parseCellValue('-3', 'count')).toEqual({ ok: true, value: -3 });
    expect(parseCellValue('−3', 'count')).toEqual({ ok: true, value: -3 });
    expect(parseCellValue('12.35', 'wan_yuan')).toEqual({ ok: true, value: 12.35 });
  });
  it('keeps blanks and dashes as null, never 0', () => {
    for (const s of ['', ' ', '—', '-', '/', '无']) expect(parseCellValue(s, 'count')).toEqual({ ok: true, value: null });
  });
  it('converts money printed in 元 to 万元', () => {
    expect(parseCellValue('251000元', 'wan_yuan')).toEqual({ ok: true, value: 25.1 });
    expect(parseCellValue('3.5万元', 'wan_yuan')).toEqual({ ok: true, value: 3.5 });
    expect(parseCellValue('12件', 'count')).toEqual({ ok: true, value: 12 });
  });
  it('reports a unit it cannot convert instead of dropping it', () => {
    const r = parseCellValue('200元', 'count');
    expect(r.ok).toBe(false);
    expect(parseCellValue('12件', 'wan_yuan').ok).toBe(false);
    expect(parseCellValue('约10', 'count').ok).toBe(false);
  });
  it('tells values from labels', () => {
    expect(isValueLike('0')).toBe(true);
    expect(isValueLike('251000元')).toBe(true);
    expect(isValueLike('规章')).toBe(false);
    expect(isValueLike('1.属于国家秘密')).toBe(false);
  });
});

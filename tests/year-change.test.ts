/**
 * A headline card's change from the previous year with data (src/lib/client/year-change.ts): which
 * two years it compares, and each reason it gives none, in both languages.
 */
import { describe, expect, test } from 'vitest';
import { changeBaseText, changeText, changeValuesText, noChangeText, yearChange, yearFigures, type YearFigure } from '../src/lib/client/year-change.ts';
import { METRIC_BY_ID } from '../src/lib/metrics.ts';

const fig = (year: number, value: number | null, n = 10, blank = 0, base: number | null = null): YearFigure => ({ year, n, blank, value, base });
const HAN = /\p{Script=Han}/u;

describe('yearChange', () => {
  test('compares the two latest years with reports, and says when a year between had none', () => {
    const c = yearChange([fig(2020, 50), fig(2022, 80), fig(2024, 100)], 'count');
    expect(c).toMatchObject({ kind: 'change', year: 2024, prev: 2022, value: 100, prevValue: 80, delta: 20, pct: 0.25 });
    if (c.kind !== 'change') throw new Error('no change');
    expect(changeText(c, 'count', 'zh')).toBe('较2022年 +20 件（+25.0%）');
    expect(changeText(c, 'count', 'en')).toBe('+20 (+25.0%) on 2022');
    expect(changeValuesText(c, 'count', 'zh')).toBe('2024年 100 件，2022年 80 件');
    expect(changeBaseText(c, 'zh')).toBe('2023年无报告；n = 10 / 10 份（各为当年全部报告）');
    expect(changeBaseText(c, 'en')).toBe('no reports for 2023; n = 10 / 10 (all reports of each year)');
    const down = yearChange([fig(2023, 200, 12, 2), fig(2024, 150, 9)], 'count');
    if (down.kind !== 'change') throw new Error('no change');
    expect(changeText(down, 'count', 'en')).toBe('\u221250 (\u221225.0%) on 2023');
    expect(changeBaseText(down, 'en')).toBe('n = 9 / 12 (all reports of each year), 0 / 2 leave it blank');
    // Large counts in the short form with their unit, 份 for the report count.
    const big = yearChange([fig(2023, 52_000), fig(2024, 48_616)], 'count');
    if (big.kind !== 'change') throw new Error('no change');
    expect(changeValuesText(big, 'count', 'zh')).toBe('2024年 4.9万 件，2023年 5.2万 件');
    expect(changeText(big, 'count', 'zh', '份')).toBe('较2023年 \u22123,384 份（\u22126.5%）');
  });

  test('a rate changes in percentage points; from 0 there is no percentage', () => {
    const r = yearChange([fig(2023, 0.5, 10, 0, 40), fig(2024, 0.521, 10, 0, 50)], 'ratio');
    if (r.kind !== 'change') throw new Error('no change');
    expect(r.pct).toBeNull();
    expect(changeText(r, 'ratio', 'zh')).toBe('较2023年 +2.1 个百分点');
    expect(changeValuesText(r, 'ratio', 'en')).toBe('2024: 52.1%; 2023: 50.0%');
    const z = yearChange([fig(2023, 0), fig(2024, 7)], 'count');
    if (z.kind !== 'change') throw new Error('no change');
    expect(changeText(z, 'count', 'en')).toBe('+7 (from 0: no %) on 2023');
  });

  test('no change, and why: one year, a blank year, too few reports, a rate on a small base', () => {
    const reason = (f: YearFigure[], unit: 'count' | 'ratio' = 'count') => {
      const c = yearChange(f, unit);
      if (c.kind !== 'none') throw new Error(`a change: ${JSON.stringify(c)}`);
      return [c.reason, noChangeText(c, 'zh'), noChangeText(c, 'en')];
    };
    expect(reason([])[0]).toBe('no-data');
    expect(reason([fig(2024, 5)])).toEqual(['one-year', '仅 2024 年有报告，无同比', 'reports for 2024 only: no change from a previous year']);
    expect(reason([fig(2023, 5), fig(2024, null, 10, 10)])).toEqual(['blank', '2024年未填报，无同比', '2024 not reported: no change shown']);
    // Blank is never 0: a previous year nobody reported is no base for a change.
    expect(reason([fig(2022, 9), fig(2023, null, 10, 10), fig(2024, 5)])).toEqual(['prev-blank', '2023年未填报，无同比', '2023 not reported: no change shown']);
    expect(reason([fig(2023, 5, 6, 3), fig(2024, 9, 20)])).toEqual(['few-reports', '无同比：2023年仅 3 份报告填报，少于 5 份', 'no change shown: only 3 reports give it for 2023, fewer than 5']);
    expect(reason([fig(2023, 0.4, 10, 0, 12), fig(2024, 0.5, 10, 0, 30)], 'ratio')).toEqual(['small-base', '无同比：2023年基数 12 件，不足 20 件', 'no change shown: the 2023 base is 12, below 20']);
    expect(noChangeText(yearChange([fig(2023, 5, 1), fig(2024, 9, 20)], 'count') as Extract<ReturnType<typeof yearChange>, { kind: 'none' }>, 'en')).toBe('no change shown: only 1 report gives it for 2023, fewer than 5');
    // The report count itself has no minimum.
    expect(yearChange([fig(2023, 2, 2), fig(2024, 3, 3)], 'count', 0).kind).toBe('change');
  });

  test('English texts carry no Han characters', () => {
    const texts: string[] = [];
    for (const f of [[fig(2021, 3), fig(2024, 4)], [fig(2023, 0.5, 10, 0, 40), fig(2024, 0.6, 10, 0, 40)]]) {
      const c = yearChange(f, f[0]!.base ? 'ratio' : 'count');
      if (c.kind === 'change') texts.push(changeText(c, f[0]!.base ? 'ratio' : 'count', 'en'), changeValuesText(c, f[0]!.base ? 'ratio' : 'count', 'en'), changeBaseText(c, 'en'));
    }
    expect(texts.length).toBe(6);
    expect(texts.filter((s) => HAN.test(s))).toEqual([]);
  });

  test('reads totalsByYear rows: years without reports dropped, oldest first', () => {
    const m = METRIC_BY_ID.get('applications')!;
    const rows = [{ k: 2024, n: 3, m0_p0: 12, m0_blank: 1 }, { k: 2022, n: 0, m0_p0: null, m0_blank: 0 }, { k: 2021, n: 2, m0_p0: null, m0_blank: 2 }];
    expect(yearFigures(m, rows, 'm0_')).toEqual([fig(2021, null, 2, 2), fig(2024, 12, 3, 1)]);
  });
});

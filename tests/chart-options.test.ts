import { describe, expect, test } from 'vitest';
import { cartesianOption, mapClasses, mapOption } from '../src/lib/client/charts/options.ts';

describe('chart options', () => {
  test('a map puts an area with 0 and an area without data in different legend classes; classes fit the data', () => {
    const opt = mapOption('china', [{ name: '江西', title: '江西省', value: 0 }, { name: '上海', title: '上海市', value: 34 }, { name: '吉林', value: null }], 'count', 'zh', ['江西', '上海', '吉林', '西藏']);
    const pieces = opt.visualMap.pieces as { label: string; gte?: number; lte?: number }[];
    const classOf = (v: number) => pieces.findIndex((p) => (p.gte === undefined || v >= p.gte) && (p.lte === undefined || v <= p.lte));
    const data = opt.series[0]!.data as { name: string; value: number; nodata?: boolean }[];
    const byName = new Map(data.map((d) => [d.name, d]));
    expect(byName.get('西藏')?.nodata).toBe(true);
    expect(byName.get('吉林')?.nodata).toBe(true);
    const zero = classOf(byName.get('江西')!.value);
    const none = classOf(byName.get('西藏')!.value);
    expect(zero).toBeGreaterThanOrEqual(0);
    expect(none).toBeGreaterThanOrEqual(0);
    expect(zero).not.toBe(none);
    expect(pieces[none]!.label).toBe('无数据');
    // Fitted to the values (45–56 %, not 0–100 %); counts in whole-number classes.
    const classes = mapClasses([45, 56], 'ratio', 'zh');
    expect(classes[0]!.min).toBe(45);
    expect(classes.at(-2)!.max).toBe(56);
    for (const c of mapClasses([0, 34], 'count', 'zh').filter((c) => !c.nodata)) expect(c.label).toMatch(/^\d+( – \d+)?$/);
  });

  test('a line keeps nulls as gaps, every category labelled, series told apart by more than colour', () => {
    const o = cartesianOption({ categories: ['2020', '2021', '2022', '2023'], unit: 'count', series: [{ name: 'a', values: [1, 2, null, 3] }, { name: 'b', values: [1, 2, null, 3] }] }, 'line', 'zh');
    expect(o.series.every((s) => s.connectNulls === false)).toBe(true);
    expect(o.series[0]!.data[2]).toBeNull();
    expect((o.xAxis as { axisLabel: { interval: number } }).axisLabel.interval).toBe(0);
    expect(o.series[0]!.lineStyle.type).not.toBe(o.series[1]!.lineStyle.type);
    expect(o.series[0]!.symbol).not.toBe(o.series[1]!.symbol);
  });
});

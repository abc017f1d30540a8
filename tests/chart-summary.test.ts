/** A chart's text summary (src/lib/client/chart-summary.ts), from its table's numbers or read back from its cells. */
import { describe, expect, test } from 'vitest';
import { cellNumber, chartSummary } from '../src/lib/client/chart-summary.ts';

describe('chartSummary', () => {
  test('years, the highest and lowest of each series, the gaps, the coverage', () => {
    const table = { headers: ['年度', '新收申请', '办理总计'], rows: [['2020', '12', '10'], ['2021', '640', '600'], ['2022', '—', '—'], ['2023', '71', '—']], values: [[12, 10], [640, 600], [null, null], [71, null]], unit: 'count' as const };
    expect(chartSummary('zh', '逐年趋势', table, { subtitle: '2020–2023 · 全国 · 单位：件', note: 'n = 5 份报告' }))
      .toBe('逐年趋势（2020–2023 · 全国 · 单位：件）。2020–2023，共 4 年。新收申请：最高 2021（640 件），最低 2020（12 件）；2022 无数据。办理总计：最高 2021（600 件），最低 2020（10 件）；2022、2023 无数据。n = 5 份报告。');
    expect(chartSummary('en', 'Trend by year', table, { note: 'n = 5 reports' }))
      .toBe('Trend by year. 2020–2023, 4 years. New requests: highest 2021 (640), lowest 2020 (12); no data for 2022. 办理总计: highest 2021 (600), lowest 2020 (10); no data for 2022, 2023. n = 5 reports.'.replace('New requests', '新收申请'));
  });

  test('categories that are not years; cells read back when the numbers are not given; one value; no rows', () => {
    const pie = { headers: ['构成', '数量'], rows: [['予以公开', '1,234'], ['部分公开', '56'], ['其他', '—']] };
    expect(chartSummary('zh', '办理结果构成', pie)).toBe('办理结果构成。共 3 项。数量：最高 予以公开（1,234），最低 部分公开（56）；其他 无数据。');
    expect(chartSummary('en', 'Rates', { headers: ['Region', 'Rate'], rows: [['A', '45.0%']] })).toBe('Rates. 1 item. Rate: only A (45.0%).');
    expect(chartSummary('en', 'Empty', { headers: ['x', 'y'], rows: [] })).toBe('Empty. No data.');
    expect([cellNumber('1,234.50'), cellNumber('45.0%'), cellNumber('\u22123'), cellNumber('—'), cellNumber('2019版')]).toEqual([1234.5, 0.45, -3, null, null]);
  });
});

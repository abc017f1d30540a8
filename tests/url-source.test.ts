/** The data source in the address (issue 13): allow-listed, kept by every link, the default left out. */
import { describe, expect, test } from 'vitest';
import { href, parseState, serializeState } from '../src/lib/client/url-state.ts';
import { combine } from '../src/lib/client/mine/imported.ts';
import type { Manifest } from '../src/lib/manifest.ts';

describe('source parameter', () => {
  test('mine and both parse and survive every link; bundled is the default and is left out', () => {
    for (const v of ['mine', 'both'] as const) {
      const { state, dropped } = parseState(new URLSearchParams(`source=${v}&m=reviews&lang=en`));
      expect(dropped).toEqual([]);
      expect(state.source).toBe(v);
      for (const p of ['overview', 'explore', 'report', 'import', 'about'] as const) expect(href(p, state)).toContain(`source=${v}`);
    }
    expect(parseState(new URLSearchParams('')).state.source).toBe('bundled');
    expect(serializeState(parseState(new URLSearchParams('source=bundled')).state)).toBe('');
  });

  test('anything else is dropped with its reason and the bundled data stays', () => {
    const { state, dropped } = parseState(new URLSearchParams("source=theirs'--"));
    expect(state.source).toBe('bundled');
    expect(dropped).toEqual([{ param: 'source', reason: 'unknown data source' }]);
  });
});

describe('两者: one manifest over both datasets', () => {
  const file = (path: string, rows: number, year: number | null = null) => ({ path, rows, bytes: rows * 10, year });
  const bundled: Manifest = {
    format: 2, parser_version: '5', analysis: 'a', built_at: 'x', years: [2021, 2023],
    tables: { reports: { rows: 3, files: [file('reports/year=2021/data_0.parquet', 3, 2021)] }, regions: { rows: 2, files: [file('regions.parquet', 2)] } },
  };
  const imported: Manifest = {
    format: 2, parser_version: '5', analysis: 'browser-import', built_at: 'y', years: [2022, 2023],
    tables: { reports: { rows: 1, files: [file('reports/year=2022/data_0.parquet', 1, 2022)] }, regions: { rows: 1, files: [file('regions.parquet', 1)] } },
  };
  test('lists both files of every table, the imported ones under their own base, and the union of the years', () => {
    const m = combine(bundled, imported, 'memory:imported-1');
    expect(m.years).toEqual([2021, 2022, 2023]);
    expect(m.tables.reports!.rows).toBe(4);
    expect(m.tables.reports!.files.map((f) => [f.path, f.base])).toEqual([
      ['reports/year=2021/data_0.parquet', undefined],
      ['reports/year=2022/data_0.parquet', 'memory:imported-1'],
    ]);
    expect(m.tables.regions!.files.map((f) => f.base)).toEqual([undefined, 'memory:imported-1']);
    expect(m.analysis).not.toBe(bundled.analysis);
  });
});

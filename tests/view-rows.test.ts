/**
 * The rows behind a view (src/lib/client/view-rows.ts): which columns, what SQL, headers and names.
 * The SQL itself runs in native DuckDB over a small table here; the browser test compares the
 * downloaded file with the built Parquet.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { METRIC_BY_ID, METRICS } from '../src/lib/metrics.ts';
import { CsvParts, toCsv } from '../src/lib/client/csv.ts';
import { filterWords, headerOf, outputColumns, rawField, rowColumns, rowsFileName, viewRowsSql } from '../src/lib/client/view-rows.ts';

const levelOf = (c: string) => (c.endsWith('0000') ? 'province' : c.endsWith('00') ? 'city' : 'county');
const none = { y0: null, y1: null, regions: [], bodies: [], template: null };

describe('rows behind the view', () => {
  test('a total read as its effective value brings its printed total, its printed parts and the effective column', () => {
    const c = rowColumns([METRIC_BY_ID.get('applications')!]);
    expect(c.printed[0]).toBe('requests_new_received_total');
    expect(c.printed).toContain('requests_new_received_natural_person');
    expect(c.printed).not.toContain('requests_new_received_total__eff');
    expect(c.eff).toEqual(['requests_new_received_total__eff']);
    expect(outputColumns(c).slice(0, 3)).toEqual(['id', 'year', 'org']);
  });

  test('every metric gives columns the template knows, each once', () => {
    for (const m of METRICS) {
      const cols = outputColumns(rowColumns([m]));
      expect(new Set(cols).size, m.id).toBe(cols.length);
      for (const c of cols) expect(headerOf(c, 'zh'), c).toMatch(new RegExp(`\\(${c}\\)$`));
    }
  });

  test('values from the URL are parameters, never SQL text', () => {
    const cols = rowColumns([METRIC_BY_ID.get('handled')!]);
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (region, body) => {
        const q = viewRowsSql('view_rows', { y0: 2020, y1: 2024, regions: [`X${region}Y`], bodies: [`Q${body}Z`], template: '2021' }, levelOf, cols);
        expect(q.sql).not.toContain(`X${region}Y`);
        expect(q.sql).not.toContain(`Q${body}Z`);
        expect(q.params).toContain(`X${region}Y`);
        expect(q.params).toContain(`Q${body}Z`);
      }),
      { numRuns: 200 },
    );
    expect(() => viewRowsSql('view rows; DROP', none, levelOf, cols)).toThrow(/bad identifier/);
    expect(() => rowColumns([{ ...METRIC_BY_ID.get('handled')!, cells: ['id; DROP TABLE x'] }])).toThrow(/not a cell column/);
  });

  test('the SQL selects what the filters say, blank effective totals stay NULL, in a stable order', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    const cols = rowColumns([METRIC_BY_ID.get('applications')!]);
    const cells = cols.printed.map((c) => `${c} INTEGER`).join(', ');
    await conn.run(`CREATE TABLE view_rows (id VARCHAR, year INTEGER, org VARCHAR, body_type VARCHAR, template VARCHAR, status VARCHAR, n_issues INTEGER, n_failed_checks INTEGER,
      region_code VARCHAR, region_level VARCHAR, province_code VARCHAR, province VARCHAR, city_code VARCHAR, city VARCHAR, county_code VARCHAR, county VARCHAR, confidence VARCHAR, file VARCHAR, ${cells})`);
    const row = (id: string, year: number, prov: string, body: string, total: number | null, person: number | null) =>
      `('${id}', ${year}, '${id}', '${body}', '2021', 'ok', 0, 0, NULL, NULL, '${prov}', NULL, NULL, NULL, NULL, NULL, NULL, 'f', ${total ?? 'NULL'}, ${person ?? 'NULL'}${', NULL'.repeat(cols.printed.length - 2)})`;
    await conn.run(`INSERT INTO view_rows VALUES ${[
      row('b', 2024, '360000', 'zone', null, 6),
      row('a', 2024, '360000', 'government', 3, 3),
      row('c', 2023, '360000', 'zone', null, null),
      row('d', 2024, '320000', 'zone', 5, 5),
      row('e', 2019, '360000', 'zone', 1, 1),
    ].join(', ')}`);
    const run = async (f: Parameters<typeof viewRowsSql>[1]) => {
      const q = viewRowsSql('view_rows', f, levelOf, cols);
      const stmt = await conn.prepare(q.sql);
      q.params.forEach((p, i) => (typeof p === 'number' ? stmt.bindDouble(i + 1, p) : stmt.bindVarchar(i + 1, String(p))));
      return (await stmt.runAndReadAll()).getRowObjectsJS().map((r) => [r.id, r.requests_new_received_total, r.requests_new_received_total__eff]);
    };
    expect(await run({ ...none, y0: 2020, regions: ['360000'] })).toEqual([['c', null, null], ['a', 3, 3], ['b', null, 6]]);
    expect(await run({ ...none, bodies: ['zone'], y1: 2023 })).toEqual([['e', 1, 1], ['c', null, null]]);
    expect((await run(none)).map((r) => r[0])).toEqual(['e', 'c', 'd', 'a', 'b']);
    conn.closeSync();
    inst.closeSync();
  });

  test('a blank is an empty field, never 0; numbers as stored', () => {
    expect([null, undefined, 0, 6, 12.5, -3, 10n, true, 'x'].map(rawField)).toEqual(['', '', '0', '6', '12.5', '-3', '10', 'true', 'x']);
    expect(rawField(Number.NaN)).toBe('');
  });

  test('file names say page, filters and date, and keep the date however long the filters', () => {
    const words = filterWords('zh', { y0: 2021, y1: null, years: [2020, 2024], regions: ['江西省', '江苏省'], bodies: ['government'], template: '2021' });
    expect(rowsFileName({ lang: 'zh', page: '探索', filters: ['新收申请', ...words], date: '2026-12-02' }, 'csv')).toBe('gongkai_明细_探索_新收申请_2021-2024_江西省+江苏省_人民政府_2021版_2026-12-02.csv');
    const long = rowsFileName({ lang: 'en', page: 'Compare', filters: [Array(40).fill('Jiangxi Sheng').join('+'), 'a/b:c*d'], date: '2026-12-02' }, 'csv');
    expect(long).toMatch(/^gongkai_rows_Compare_Jiangxi_Sheng\+.*_2026-12-02\.csv$/);
    expect(long.length).toBeLessThan(140);
    expect(long).not.toMatch(/[\\/:*?"<>|\s]/);
  });

  test('CSV built in blocks equals the one-string CSV, byte for byte (BOM first)', async () => {
    const rows = Array.from({ length: 9000 }, (_, i) => [String(i), i % 3 ? '' : `=x${i}`, '"q",\r\n']);
    const parts = new CsvParts(['a', 'b', 'c']);
    for (const r of rows) parts.add(r);
    const bytes = Buffer.from(await parts.blob().arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.equals(Buffer.from(toCsv(['a', 'b', 'c'], rows), 'utf8'))).toBe(true);
  });
});

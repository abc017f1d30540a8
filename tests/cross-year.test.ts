import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CROSS_PAIRS, bodyKey, bodyKeySql, crossChecksBetween, crossChecksSql, crossMessage } from '../src/lib/cross-year.ts';
import { ALL_CELLS, columnName } from '../src/lib/template.ts';

async function withDb<T>(f: (db: DuckDBConnection) => Promise<T>): Promise<T> {
  const inst = await DuckDBInstance.create(':memory:');
  const db = await inst.connect();
  try {
    return await f(db);
  } finally {
    db.closeSync();
    inst.closeSync();
  }
}
const rows = async (db: DuckDBConnection, sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();
const cells = ALL_CELLS.map((c) => `${columnName(c.key)} ${c.unit === 'wan_yuan' ? 'DOUBLE' : 'INTEGER'}`).join(', ');

describe('cross-year checks', () => {
  test('carried over: fires on a pair that breaks it, passes on a pair that holds; same body by region and normalised name', () =>
    withDb(async (db) => {
      await db.run(`CREATE TABLE reports (id VARCHAR, year SMALLINT, org VARCHAR, region_code VARCHAR, template VARCHAR, ${cells})`);
      await db.run(`INSERT INTO reports (id, year, org, region_code, template, requests_carried_forward_total, requests_carried_over_total) VALUES
        ('a20', 2020, '某县人民政府办公室', '360101', '2019', 5, NULL),
        ('a21', 2021, '某县人民政府 办公室', '360101', '2021', 2, 3),   -- breaks: 3 ≠ 5
        ('b20', 2020, '某镇人民政府', '360102', '2019', 4, NULL),
        ('b21', 2021, '某镇人民政府（）', '360102', '2021', NULL, 4),     -- holds: 4 = 4
        ('c21', 2021, '某县人民政府办公室', '360199', '2021', NULL, 9),  -- same name, other region: no pair
        ('a23', 2023, '某县人民政府办公室', '360101', '2021', NULL, 1)   -- no 2022 report: no pair`);
      const got = await rows(db, `SELECT report_id, prev_report_id, rule, scope, expected, actual, ok FROM (${crossChecksSql('reports')}) ORDER BY report_id, scope`);
      expect(got).toEqual([
        { report_id: 'a21', prev_report_id: 'a20', rule: 'cross.carried_over', scope: 'total', expected: 5, actual: 3, ok: false },
        { report_id: 'b21', prev_report_id: 'b20', rule: 'cross.carried_over', scope: 'total', expected: 4, actual: 4, ok: true },
      ]);
      expect(crossMessage('cross.carried_over', 'total', 5, 3, 2020, 'zh')).toBe('总计：上年结转 3，2020 年结转下年度 5');
      expect(crossMessage('cross.carried_over', 'total', 5, 3, 2020, 'en')).not.toMatch(/\p{Script=Han}/u);
    }));

  test('2019 items: this year’s 上一年项目数量 = last year’s + 本年增/减, only between two 2019-template reports', () =>
    withDb(async (db) => {
      await db.run(`CREATE TABLE reports (id VARCHAR, year SMALLINT, org VARCHAR, region_code VARCHAR, template VARCHAR, ${cells})`);
      await db.run(`INSERT INTO reports (id, year, org, region_code, template, active_license_prev_items, active_license_change, active_penalty_prev_items, active_penalty_change) VALUES
        ('x19', 2019, '某局', '110101', '2019', 10, 2, 7, -1),
        ('x20', 2020, '某局', '110101', '2019', 12, 0, 5, 0),   -- license holds (12 = 10 + 2), penalty breaks (5 ≠ 6)
        ('x21', 2021, '某局', '110101', '2021', 99, NULL, NULL, NULL)  -- 2021 template: not this rule`);
      const got = await rows(db, `SELECT report_id, rule, scope, expected, actual, ok FROM (${crossChecksSql('reports')}) WHERE rule = 'cross.prev_items' ORDER BY scope`);
      expect(got).toEqual([
        { report_id: 'x20', rule: 'cross.prev_items', scope: 'license', expected: 12, actual: 12, ok: true },
        { report_id: 'x20', rule: 'cross.prev_items', scope: 'penalty', expected: 6, actual: 5, ok: false },
      ]);
    }));

  test('the body key is the same in the browser (JavaScript) and in the build (DuckDB)', () =>
    withDb(async (db) => {
      const pieces = fc.constantFrom('某', '县', '人民政府', '办公室', ' ', '\u3000', '（', '）', '(', ')', '·', 'A', 'b', '.', '“', '”', '\t', 'É');
      const names = fc.sample(fc.array(pieces, { minLength: 0, maxLength: 8 }).map((a) => a.join('')), { numRuns: 200, seed: 12 });
      await db.run('CREATE TABLE t (i INTEGER, org VARCHAR, region_code VARCHAR)');
      const app = await db.createAppender('t');
      names.forEach((n, i) => { app.appendInteger(i); app.appendVarchar(n); app.appendVarchar('360101'); app.endRow(); });
      app.closeSync();
      const sql = await rows(db, `SELECT i, ${bodyKeySql('t')} AS k FROM t ORDER BY i`);
      const mismatches = sql.filter((r) => (r.k ?? null) !== bodyKey(names[r.i as number], '360101'));
      expect(mismatches).toEqual([]);
    }));
  test('the JavaScript evaluator (/check) gives exactly the rows the build’s SQL writes, on random reports', () =>
    withDb(async (db) => {
      // The cells the rules read, blank now and then; a few bodies (two spellings of one), years and templates mixed.
      const keys = [...new Set(CROSS_PAIRS.flatMap((p) => [...p.earlier, p.later]))];
      const value = fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: fc.integer({ min: -1, max: 2 }) });
      const report = fc.record({
        org: fc.constantFrom('某县人民政府办公室', '某县人民政府 办公室', '某镇人民政府'),
        region: fc.constantFrom('360101', '360102'),
        year: fc.integer({ min: 2018, max: 2022 }),
        template: fc.constantFrom('2019', '2021'),
        cells: fc.tuple(...keys.map(() => value)),
      });
      const corpora = fc.sample(fc.array(report, { minLength: 2, maxLength: 14 }), { numRuns: 40, seed: 13 });
      // Only the columns the rules read (all counts): the SQL names no others.
      await db.run(`CREATE TABLE reports (id VARCHAR, year SMALLINT, org VARCHAR, region_code VARCHAR, template VARCHAR, ${keys.map((k) => `${columnName(k)} INTEGER`).join(', ')})`);
      const seen = new Map<string, number>();
      for (const corpus of corpora) {
        await db.run('DELETE FROM reports');
        const app = await db.createAppender('reports');
        corpus.forEach((r, i) => {
          app.appendVarchar(`r${i}`); app.appendSmallInt(r.year); app.appendVarchar(r.org); app.appendVarchar(r.region); app.appendVarchar(r.template);
          for (const v of r.cells) if (v === null) app.appendNull(); else app.appendInteger(v);
          app.endRow();
        });
        app.closeSync();
        const sql = (await rows(db, `SELECT report_id, prev_report_id, rule, scope, expected, actual, ok FROM (${crossChecksSql('reports')})`))
          .map((r) => JSON.stringify([r.report_id, r.prev_report_id, r.rule, r.scope, r.expected, r.actual, r.ok])).sort();
        const side = (r: (typeof corpus)[number]) => ({ year: r.year, template: r.template, cell: (k: string) => (keys.includes(k) ? r.cells[keys.indexOf(k)] ?? null : null) });
        const js = corpus.flatMap((c, i) => corpus.flatMap((p, j) =>
          bodyKey(c.org, c.region) === bodyKey(p.org, p.region)
            ? crossChecksBetween(side(c), side(p)).map((x) => JSON.stringify([`r${i}`, `r${j}`, x.rule, x.scope, x.expected, x.actual, x.ok]))
            : [])).sort();
        expect(js).toEqual(sql);
        for (const r of sql) { const [, , rule, , , , ok] = JSON.parse(r) as unknown[]; const k = `${rule}:${ok}`; seen.set(k, (seen.get(k) ?? 0) + 1); }
      }
      // The sample is not vacuous: both rules fire, passing and failing.
      for (const k of ['cross.carried_over:true', 'cross.carried_over:false', 'cross.prev_items:true', 'cross.prev_items:false']) expect(seen.get(k) ?? 0, k).toBeGreaterThan(5);
    }));
});

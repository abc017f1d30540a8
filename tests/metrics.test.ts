import { describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { METRICS, METRIC_BY_ID, totalExpression } from '../src/lib/metrics.ts';
import { ALL_CELLS, columnName } from '../src/lib/template.ts';
import { metricByGroup, where, compareQuery, totals } from '../src/lib/client/queries.ts';

import { table } from '../src/dataset/schema.ts';
import { coverageSelect } from '../src/dataset/coverage.ts';
import { TOTAL_PARTS, effColumn } from '../src/lib/coverage.ts';

// The data contract's rollup columns: the summed cells plus the effective totals and coverage counts.
const COLUMNS = new Set(table('rollup_region_year').columns.map((c) => c.name).filter((n) => !['year', 'reports', 'n_warning'].includes(n) && !n.endsWith('_code') && n !== 'body_type' && n !== 'template'));
const levelOf = (code: string) => ({ 2: 'province', 4: 'city', 6: 'county' })[code.length as 2 | 4 | 6];
const none = { y0: null, y1: null, regions: [], bodies: [], template: null };

describe('metrics catalogue', () => {
  test('covers what the dashboard promises', () => {
    for (const id of ['applications', 'carried_over', 'handled', 'disclosure_rate', 'refusals', 'unable', 'not_processed', 'applicant_mix', 'reviews',
      'review_correction_rate', 'lawsuits', 'lawsuit_correction_rate', 'licences', 'penalties', 'coercion', 'fees', 'normative_docs'])
      expect(METRIC_BY_ID.has(id), id).toBe(true);
    expect(METRIC_BY_ID.get('refusals')!.parts).toHaveLength(8);
    expect(METRIC_BY_ID.get('unable')!.parts).toHaveLength(3);
    expect(METRIC_BY_ID.get('not_processed')!.parts).toHaveLength(5);
  });

  test('every metric has names in both languages, a description, and reads only data-contract columns', () => {
    for (const m of METRICS) {
      expect(m.zh && m.en && m.descZh && m.descEn, m.id).toBeTruthy();
      expect(m.columns.length, m.id).toBeGreaterThan(0);
      for (const p of m.parts) {
        const words = p.sql.match(/[a-z][a-z0-9_]*/g) ?? [];
        for (const w of words) expect(COLUMNS.has(w) || ['NULLIF', 'COALESCE', 'SUM'].includes(w.toUpperCase()), `${m.id}: ${w}`).toBe(true);
        expect(p.sql).not.toMatch(/['";]|--/);
      }
    }
  });

  test('ratios are not divided per body; counts are', () => {
    expect(METRIC_BY_ID.get('disclosure_rate')!.perBody).toBe(false);
    expect(METRIC_BY_ID.get('applications')!.perBody).toBe(true);
  });

  test('SQL runs in DuckDB and gives hand-computed answers on two reports (blanks stay blank)', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const db = await inst.connect();
    const cols = ALL_CELLS.map((c) => `${columnName(c.key)} ${c.unit === 'wan_yuan' ? 'DOUBLE' : 'INTEGER'}`);
    await db.run(`CREATE TABLE rollup (year SMALLINT, province_code VARCHAR, city_code VARCHAR, county_code VARCHAR, body_type VARCHAR, template VARCHAR, reports INTEGER, n_warning INTEGER, ${cols.join(', ')})`);
    await db.run(`INSERT INTO rollup (year, province_code, city_code, county_code, body_type, template, reports, n_warning,
        requests_new_received_total, requests_granted_total, requests_partly_granted_total, requests_total_total, appeals_review_total, appeals_review_corrected,
        active_normative_docs_issued, active_normative_docs_made, requests_new_received_natural_person, requests_new_received_commercial)
      VALUES (2021, '22', '2206', '220605', 'township', '2021', 1, 0, 10, 4, 2, 8, 2, 1, 3, NULL, 7, 3),
             (2020, '36', '3611', '361123', 'government', '2019', 2, 1, 30, 20, NULL, 24, 0, 0, NULL, 5, 20, NULL)`);
    // Every report of these groups prints the totals it has, so each effective total is the printed one.
    for (const key of TOTAL_PARTS.keys()) {
      await db.run(`ALTER TABLE rollup ADD COLUMN ${effColumn(key)} BIGINT`);
      await db.run(`UPDATE rollup SET ${effColumn(key)} = ${columnName(key)}`);
    }
    // Coverage counts are not what this test measures: 0 throughout.
    for (const m of METRICS) for (const c of [m.coverage.blank, m.coverage.derived]) await db.run(`ALTER TABLE rollup ADD COLUMN ${c} BIGINT DEFAULT 0`);
    const one = async (sql: string, params: (string | number)[] = []) => {
      const stmt = await db.prepare(sql);
      params.forEach((p, i) => (typeof p === 'number' ? stmt.bindInteger(i + 1, p) : stmt.bindVarchar(i + 1, p)));
      return (await stmt.runAndReadAll()).getRowObjectsJS();
    };
    const value = async (id: string) => (await one(`SELECT ${totalExpression(METRIC_BY_ID.get(id)!)} AS v FROM rollup`))[0]!.v;
    expect(Number(await value('applications'))).toBe(40);
    expect(Number(await value('disclosure_rate'))).toBeCloseTo(26 / 32);
    expect(Number(await value('review_correction_rate'))).toBeCloseTo(0.5);
    expect(Number(await value('normative_docs'))).toBe(8);
    expect(Number(await value('applicant_mix'))).toBe(30);
    expect(await value('fees')).toBe(null);

    const q = metricByGroup(METRIC_BY_ID.get('applications')!, { ...none, y0: 2021, regions: ['22'] }, 'province_code', levelOf);
    expect(q.sql).not.toContain('2021');
    expect(q.params).toEqual([2021, '22']);
    const rows = await one(q.sql, q.params as (string | number)[]);
    expect(rows).toEqual([{ k: '22', n: 1n, p0: 10n, blank: 0n, derived: 0n }]);
    const byBody = compareQuery(METRIC_BY_ID.get('handled')!, 'b:government', none, levelOf);
    expect((await one(byBody.sql, byBody.params as (string | number)[])).map((r) => Number(r.p0))).toEqual([24]);
    const t = totals([METRIC_BY_ID.get('applications')!, METRIC_BY_ID.get('reviews')!], none, levelOf);
    expect((await one(t.sql))[0]).toMatchObject({ n: 3n, m0_p0: 40n, m1_p0: 2n });
    db.closeSync();
    inst.closeSync();
  });

  test('a blank 总计 with printed parts counts as their sum and is marked derived; nothing printed is blank, not 0', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const db = await inst.connect();
    const cols = ALL_CELLS.map((c) => `${columnName(c.key)} ${c.unit === 'wan_yuan' ? 'DOUBLE' : 'INTEGER'}`);
    await db.run(`CREATE TABLE reports (id VARCHAR, ${cols.join(', ')})`);
    // a: prints 总计 1 (自然人 1); b: 总计 blank, 自然人 6 (the 蓉江 case); c: prints nothing in the row.
    await db.run(`INSERT INTO reports (id, requests_new_received_natural_person, requests_new_received_total, requests_total_total, requests_granted_total)
      VALUES ('a', 1, 1, 1, 1), ('b', 6, NULL, NULL, NULL), ('c', NULL, NULL, NULL, NULL)`);
    await db.run(`CREATE TABLE rollup AS SELECT count(*) AS reports, ${ALL_CELLS.map((c) => `SUM(${columnName(c.key)}) AS ${columnName(c.key)}`).join(', ')}, ${coverageSelect().join(', ')} FROM reports`);
    const row = (await (await db.runAndReadAll(`SELECT ${totalExpression(METRIC_BY_ID.get('applications')!)} AS v, SUM(cov__applications__blank) AS blank,
      SUM(cov__applications__derived) AS derived, SUM(requests_new_received_total) AS printed, ${totalExpression(METRIC_BY_ID.get('applicant_mix')!)} AS mix,
      ${totalExpression(METRIC_BY_ID.get('fees')!)} AS fees, SUM(cov__fees__blank) AS fees_blank FROM rollup`)).getRowObjectsJS())[0]!;
    expect(Number(row.v)).toBe(7);
    expect(Number(row.mix)).toBe(7);
    expect(Number(row.printed)).toBe(1);
    expect(Number(row.derived)).toBe(1);
    expect(Number(row.blank)).toBe(1);
    expect(row.fees).toBe(null);
    expect(Number(row.fees_blank)).toBe(3);
    db.closeSync();
    inst.closeSync();
  });

  test('filters become placeholders; an unknown region level matches every level', () => {
    const w = where({ y0: 2020, y1: 2024, regions: ['999999999'], bodies: ['zone', 'other'], template: '2019' }, () => undefined);
    expect(w.sql).toBe('WHERE year >= CAST(CAST(? AS DOUBLE) AS INTEGER) AND year <= CAST(CAST(? AS DOUBLE) AS INTEGER) AND ((province_code = ? OR city_code = ? OR county_code = ?)) AND body_type IN (?, ?) AND template = ?');
    expect(w.params).toEqual([2020, 2024, '999999999', '999999999', '999999999', 'zone', 'other', '2019']);
  });
});

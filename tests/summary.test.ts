/**
 * The build's summary of the default views (src/dataset/summary.ts) and the client's reading of it
 * (src/lib/client/summary.ts): its answers equal the same totals computed from the per-report table,
 * and anything malformed or belonging to another dataset is refused or ignored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computeSummary } from '../src/dataset/summary.ts';
import { Coordinator } from '../src/lib/client/coordinator.ts';
import { engineBytes } from '../src/lib/client/load-progress.ts';
import { Summary, summaryMatches, validateSummary, type SummaryFile } from '../src/lib/client/summary.ts';
import { DEFAULT_VIEWS, OVERVIEW, overviewQueries } from '../src/lib/client/views.ts';
import type { Manifest } from '../src/lib/manifest.ts';
import { perReportSql } from '../src/lib/coverage.ts';
import { totalExpression } from '../src/lib/metrics.ts';
import { buildFixture } from './browser/fixture-dataset.ts';

let dir: string;
let summary: SummaryFile;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-summary-'));
  await buildFixture(dir, 300, 3);
  summary = await computeSummary(dir);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('summary.json', () => {
  test('answers every default-view query, and the headline totals equal SUMs over the reports table', async () => {
    const keys = Object.values(DEFAULT_VIEWS).flatMap((v) => v()).map((q) => Coordinator.key(q));
    expect(Object.keys(summary.answers).sort()).toEqual([...new Set(keys)].sort());
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    // Metrics read the rollup's effective totals (printed 总计, else the sum of its printed parts): per report here.
    const cols = [...new Set(OVERVIEW.headline.flatMap((m) => m.cells))];
    const sql = `WITH r AS (SELECT ${cols.map((c) => `${perReportSql(c)} AS ${c}`).join(', ')} FROM read_parquet('${join(dir, 'reports', '**', '*.parquet')}'))
      SELECT count(*) AS reports, ${OVERVIEW.headline.map((m) => `${totalExpression(m)} AS "${m.id}"`).join(', ')} FROM r`;
    const want = (await conn.runAndReadAll(sql)).getRowObjectsJS()[0]!;
    conn.closeSync();
    inst.closeSync();
    const kpi = new Summary(validateSummary(JSON.parse(JSON.stringify(summary)))).answer(overviewQueries(() => undefined).kpi)![0]![0]!;
    expect(kpi.n).toBe(Number(want.reports));
    OVERVIEW.headline.forEach((m, j) => {
      const parts = m.parts.map((_, i) => kpi[`m${j}_p${i}`]);
      const got = parts.every((p) => p === null) ? null : parts.reduce<number>((a, p) => a + (typeof p === 'number' ? p : 0), 0);
      const w = want[m.id];
      if (w === null) expect(got, m.id).toBeNull();
      else expect(got, m.id).toBeCloseTo(Number(w), 6);
    });
    // Province names for the ranking come with it.
    const top = summary.answers[Coordinator.key(overviewQueries(() => undefined).top[0]!)]!;
    expect(top.length).toBeGreaterThan(0);
    for (const r of top) expect(summary.names[String(r.k)], String(r.k)).toMatch(/\S/);
  });

  test('refuses malformed files and ignores a summary of another dataset or a changed query', () => {
    expect(() => validateSummary({ ...summary, format: 99 })).toThrow(/summary\.json: unsupported format/);
    expect(() => validateSummary({ ...summary, answers: { x: [{ a: { nested: 1 } }] } })).toThrow(/not a list of rows/);
    expect(() => validateSummary({ ...summary, names: { '11': 5 } })).toThrow(/names/);
    const manifest = { tables: { rollup_region_year: { files: summary.rollup.map((f) => ({ ...f, rows: 1, year: null })) } } } as unknown as Manifest;
    expect(summaryMatches(summary, manifest)).toBe(true);
    const other = { tables: { rollup_region_year: { files: summary.rollup.map((f) => ({ ...f, bytes: f.bytes + 1, rows: 1, year: null })) } } } as unknown as Manifest;
    expect(summaryMatches(summary, other)).toBe(false);
    const s = new Summary(summary);
    const q = overviewQueries(() => undefined).trend;
    expect(s.answer(q)).not.toBeNull();
    expect(s.answer([...q, { ...q[0]!, sql: q[0]!.sql + ' LIMIT 1' }])).toBeNull();
  });
});

test('engine progress: decompressed bytes scaled to the compressed transfer', () => {
  expect(engineBytes(17_000_000, 6_000_000, 34_000_000)).toEqual({ loaded: 3_000_000, total: 6_000_000 });
  expect(engineBytes(40_000_000, 6_000_000, 34_000_000)).toEqual({ loaded: 6_000_000, total: 6_000_000 });
  expect(engineBytes(1_000, 34_000_000, 34_000_000)).toEqual({ loaded: 1_000, total: 34_000_000 });
  expect(engineBytes(1_000, 0, 34_000_000)).toEqual({ loaded: 1_000, total: 34_000_000 });
});

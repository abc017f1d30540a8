/**
 * The Region page's report list reader (src/lib/client/region-reports.ts) against DuckDB over the same
 * Parquet: the same rows in the same order for regions at every level and every filter, read over
 * HTTP range requests from the row groups whose statistics can hold the region.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ManifestFile } from '../src/lib/client/manifest.ts';
import { compareText, ReportList, rowGroupsHolding, type ListFilters, type ListRegion } from '../src/lib/client/region-reports.ts';

const YEARS = [2022, 2023, 2024];
let dir: string;
let server: Server;
let base: string;
let db: DuckDBConnection;
let inst: DuckDBInstance;
let files: ManifestFile[];
const ranges: { path: string; range: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-region-'));
  inst = await DuckDBInstance.create(':memory:');
  db = await inst.connect();
  // Six provinces of two cities of three counties, some reports placed only to a province or nowhere;
  // names with a character beyond U+FFFF, one in the private use area, and some NULL.
  await db.run(`CREATE TABLE reports AS SELECT
      substr(sha256(i::VARCHAR), 1, 16) AS id,
      -- Incompressible, so that a year's file is larger than what hyparquet reads whole (512 KiB).
      sha256(i::VARCHAR) || sha256((i + 1)::VARCHAR) || sha256((-i)::VARCHAR) AS file,
      CASE WHEN i % 97 = 0 THEN NULL WHEN i % 89 = 0 THEN '𠀀县政府' WHEN i % 83 = 0 THEN '\uE000办' ELSE ['甲', '乙', '丙', '丁'][i % 4 + 1] || '局' || (i % 7) END AS org,
      [2022, 2023, 2024][i % 3 + 1]::SMALLINT AS year,
      ['government', 'department', 'township'][(i // 3) % 3 + 1] AS body_type,
      CASE WHEN i % 5 = 0 THEN '2019' ELSE '2021' END AS template,
      CASE WHEN i % 6 = 0 THEN 'warning' ELSE 'ok' END AS status,
      (i % 4)::INTEGER AS n_failed_checks,
      CASE WHEN i % 50 = 1 THEN NULL ELSE (11 + (i // 7) % 6)::VARCHAR || '0000' END AS province_code,
      CASE WHEN i % 50 IN (1, 2) THEN NULL ELSE (11 + (i // 7) % 6)::VARCHAR || lpad(((i // 11) % 2 + 1)::VARCHAR, 2, '0') || '00' END AS city_code,
      CASE WHEN i % 50 IN (1, 2) THEN NULL ELSE (11 + (i // 7) % 6)::VARCHAR || lpad(((i // 11) % 2 + 1)::VARCHAR, 2, '0') || lpad(((i // 13) % 3 + 1)::VARCHAR, 2, '0') END AS county_code
    FROM range(24000) t(i)`);
  files = [];
  for (const y of YEARS) {
    const path = `reports/year=${y}/data_0.parquet`;
    mkdirSync(join(dir, `reports/year=${y}`), { recursive: true });
    await db.run(`COPY (SELECT * FROM reports WHERE year = ${y} ORDER BY province_code, city_code, county_code, id) TO '${dir}/${path}' (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE 2048)`);
    files.push({ path, rows: 8000, bytes: statSync(join(dir, path)).size, year: y });
  }
  const serve = sirv(dir, { dev: true });
  server = createServer((req, res) => {
    // /fresh-N/… serves the same files under new URLs: the reader caches what it fetched per URL.
    req.url = req.url!.replace(/^\/fresh-\d+\//, '/');
    if (req.headers.range) ranges.push({ path: req.url.slice(1), range: req.headers.range });
    serve(req, res, () => { res.statusCode = 404; res.end(); });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  db?.closeSync();
  inst?.closeSync();
  if (server) await new Promise((ok) => server.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

const NONE: ListFilters = { y0: null, y1: null, bodies: [], template: null };

/** The list as DuckDB gives it: the page's order (year latest first, org, id), NULLs last. */
async function expected(region: ListRegion | null, f: ListFilters, limit: number): Promise<unknown[]> {
  const where = ['TRUE'];
  const col = { province: 'province_code', city: 'city_code', county: 'county_code' }[region?.level ?? ''];
  if (region) where.push(col ? `${col} = '${region.code}'` : `'${region.code}' IN (province_code, city_code, county_code)`);
  if (f.y0 !== null) where.push(`year >= ${f.y0}`);
  if (f.y1 !== null) where.push(`year <= ${f.y1}`);
  if (f.bodies.length) where.push(`body_type IN (${f.bodies.map((b) => `'${b}'`).join(', ')})`);
  if (f.template) where.push(`template = '${f.template}'`);
  const reader = await db.runAndReadAll(`SELECT id, org, year::INTEGER AS year, body_type, status, n_failed_checks FROM read_parquet([${files.map((x) => `'${dir}/${x.path}'`).join(', ')}])
    WHERE ${where.join(' AND ')} ORDER BY year DESC NULLS LAST, org ASC NULLS LAST, id LIMIT ${limit}`);
  return reader.getRowObjectsJS();
}

describe('the Region page report list, read by row group', () => {
  test('text order is DuckDB\'s (code points, NULL last), not UTF-16 code units', async () => {
    const words = ['\uE000办', '𠀀县', '甲局', 'abc', 'ab', '', null];
    const sorted = [...words].sort(compareText);
    const duck = (await db.runAndReadAll(`SELECT w FROM (VALUES ${words.map((w) => (w === null ? '(NULL)' : `('${w}')`)).join(', ')}) t(w) ORDER BY w NULLS LAST`)).getRows().map((r) => r[0]);
    expect(sorted).toEqual(duck);
  });

  test('statistics pick every row group that holds a code and skip others', async () => {
    const file = files[2]!;
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(join(dir, file.path)));
    expect(metadata.row_groups.length).toBeGreaterThan(2);
    for (const [code, col] of [['110000', 'province_code'], ['140100', 'city_code'], ['160203', 'county_code']] as const) {
      const holding = (await db.runAndReadAll(`SELECT DISTINCT (file_row_number // 2048)::INTEGER FROM read_parquet('${dir}/${file.path}', file_row_number = true) WHERE ${col} = '${code}' ORDER BY 1`)).getRows().map((r) => Number(r[0]));
      const picked = rowGroupsHolding(metadata, [col], code);
      expect(holding.length, code).toBeGreaterThan(0);
      for (const g of holding) expect(picked, code).toContain(g);
      expect(picked.length, `${code} is not in every row group`).toBeLessThan(metadata.row_groups.length);
    }
    expect(rowGroupsHolding(metadata, ['province_code'], '990000')).toEqual([]);
  });

  test('every region level and filter gives DuckDB\'s rows, in its order', async () => {
    const list = new ReportList(base, files);
    const regions: (ListRegion | null)[] = [
      { code: '130000', level: 'province' }, { code: '150200', level: 'city' }, { code: '120103', level: 'county' },
      { code: '140100', level: 'township' }, { code: '990000', level: 'province' }, null,
    ];
    const filters: ListFilters[] = [NONE, { ...NONE, y0: 2023 }, { ...NONE, y1: 2022, template: '2019' }, { ...NONE, bodies: ['government', 'township'] }];
    for (const region of regions)
      for (const f of filters)
        for (const limit of [1, 200, 5000]) expect(await list.page(region, f, limit), JSON.stringify([region, f, limit])).toEqual(await expected(region, f, limit));
  });

  test('a county reads only its row groups; the whole country reads only the latest year for a first page', async () => {
    ranges.length = 0;
    await new ReportList(`${base}/fresh-1`, files).page({ code: '120103', level: 'county' }, NONE, 200);
    for (const file of files) {
      const metadata = await parquetMetadataAsync(await asyncBufferFromFile(join(dir, file.path)));
      const picked = rowGroupsHolding(metadata, ['county_code'], '120103');
      const span = (g: number) => {
        const chunks = metadata.row_groups[g]!.columns.map((c) => c.meta_data!);
        return [Math.min(...chunks.map((c) => Number(c.dictionary_page_offset ?? c.data_page_offset))), Math.max(...chunks.map((c) => Number(c.dictionary_page_offset ?? c.data_page_offset) + Number(c.total_compressed_size)))];
      };
      const asked = ranges.filter((r) => r.path === file.path).map((r) => r.range.match(/^bytes=(\d+)-(\d+)$/)!.slice(1).map(Number) as [number, number]);
      // The footer's read ends at the file's last byte; every other read lies inside a picked row group.
      const data = asked.filter(([, end]) => end !== file.bytes - 1);
      expect(data.length, file.path).toBeGreaterThan(0);
      for (const [start, end] of data) expect(picked.some((g) => start >= span(g)[0]! && end < span(g)[1]!), `${file.path} ${start}-${end}`).toBe(true);
    }
    ranges.length = 0;
    await new ReportList(`${base}/fresh-2`, files).page(null, NONE, 200);
    expect([...new Set(ranges.map((r) => r.path))]).toEqual(['reports/year=2024/data_0.parquet']);
  });

  test('a region code that is not digits is refused before any read', async () => {
    await expect(new ReportList(base, files).page({ code: "11' OR 1=1", level: 'province' }, NONE, 10)).rejects.toThrow(/bad region code/);
  });
});

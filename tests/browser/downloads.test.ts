/**
 * Taking the data away (issue 12, point 5), in headless Chromium against the real build: Explore and
 * Compare download the rows behind the view (filters set by the URL), About downloads every table as
 * CSV. Each file is compared with the same selection in native DuckDB over the built Parquet, field by
 * field as text: a NULL must be an empty field, never 0.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { perReportSql } from '../../src/lib/coverage.ts';
import { bodyLabel } from '../../src/lib/i18n.ts';
import { METRIC_BY_ID } from '../../src/lib/metrics.ts';
import { launchChromium } from './chromium.ts';
import { baseUrl, dataDir, files, manifest, nativeRows, open, settled, SHOTS } from './helpers.ts';
import { parseCsv as parseCsvText } from '../helpers/csv.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

function parseCsv(text: string): string[][] {
  const { rows, complete } = parseCsvText(text);
  expect(complete, 'the file ends with a complete CRLF record').toBe(true);
  return rows;
}

/**
 * What a native value must look like in the file: NULL empty, numbers as JavaScript prints them, and
 * text that a spreadsheet would run as a formula prefixed with an apostrophe.
 */
function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[-+]?[\d,.]+%?$/.test(s) ? `'${s}` : s;
}

/** Clicks a download control and returns the file: its suggested name and text after a required BOM. */
async function download(page: Page, selector: string): Promise<{ name: string; rows: string[][] }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator(selector).click()]);
  const bytes = readFileSync((await d.path())!);
  expect([...bytes.subarray(0, 3)], `${d.suggestedFilename()} starts with a UTF-8 BOM`).toEqual([0xef, 0xbb, 0xbf]);
  return { name: d.suggestedFilename(), rows: parseCsv(bytes.toString('utf8').slice(1)) };
}

/** The dataset's column name a header ends with: `新收申请·总计 (requests_new_received_total)`. */
const columnOf = (header: string): string => {
  const m = /\(([a-z0-9_]+)\)$/.exec(header);
  expect(m, `header ${header} names its column`).not.toBeNull();
  return m![1]!;
};

const reports = `read_parquet([${files('reports')}], hive_partitioning = false)`;
const today = new Date().toISOString().slice(0, 10);

/** Filters the URL sets: from the second year on, the two provinces with the most reports there. */
async function pickFilters(): Promise<{ y0: number; y1: number; provinces: { code: string; name: string }[]; body: string }> {
  const years = manifest.years;
  const y0 = years[1] ?? years[0]!;
  const y1 = years.at(-1)!;
  const top = await nativeRows(`SELECT province_code AS code, any_value(province) AS name, count(*) AS n FROM ${reports}
    WHERE year >= ${y0} AND province_code IS NOT NULL GROUP BY 1 ORDER BY n DESC, code LIMIT 2`);
  const body = await nativeRows(`SELECT body_type, count(*) AS n FROM ${reports} WHERE year >= ${y0} GROUP BY 1 ORDER BY (body_type = 'government') DESC, n DESC, 1 LIMIT 1`);
  expect(top.length, 'the dataset has two provinces to pick').toBe(2);
  return { y0, y1, provinces: top.map((r) => ({ code: String(r.code), name: String(r.name) })), body: String(body[0]!.body_type) };
}

describe('downloads in headless Chromium', () => {
  test('Explore downloads the reports its filters select, equal to native DuckDB over the Parquet', async () => {
    const f = await pickFilters();
    const m = METRIC_BY_ID.get('applications')!;
    const w = await open(browser);
    await w.page.goto(`${baseUrl}/explore?y0=${f.y0}&y1=${f.y1}&r=${f.provinces.map((p) => p.code).join(',')}&m=${m.id}&g=region&c=bar`);
    await settled(w.page);
    const { name, rows } = await download(w.page, '[data-testid=rows-explore] [data-download=rows-csv]');
    const [header, ...body] = rows;
    const cols = header!.map(columnOf);
    // Who, when, where, and every cell the metric reads (its effective total computed per report).
    for (const c of ['id', 'year', 'org', 'body_type', 'template', 'province_code', 'province', 'city', 'county', 'file', ...m.cells]) expect(cols).toContain(c);
    const where = `year >= ${f.y0} AND year <= ${f.y1} AND (${f.provinces.map((p) => `province_code = '${p.code}'`).join(' OR ')})`;
    const want = await nativeRows(`SELECT ${cols.map((c) => `${perReportSql(c)} AS ${c}`).join(', ')} FROM ${reports} WHERE ${where} ORDER BY year, province_code, city_code, county_code, id`);
    const [{ n: all }] = (await nativeRows(`SELECT count(*) AS n FROM ${reports}`)) as [{ n: number }];
    expect(want.length, 'the filters select some reports').toBeGreaterThan(0);
    expect(want.length, 'and leave some out').toBeLessThan(all);
    expect(body).toEqual(want.map((r) => cols.map((c) => field(r[c]))));
    // The button said how many rows the file holds.
    const label = await w.page.locator('[data-testid=rows-explore] [data-download=rows-csv]').innerText();
    expect(label.replace(/[,\s]/g, '')).toContain(`${want.length}行`);
    if (manifest.tables.reports && !readFileSync(join(dataDir, 'manifest.json'), 'utf8').includes('"parser_version": "fixture"')) {
      // The bundled 蓉江 report prints 自然人 6 and leaves 总计 blank: blank in the file, 6 in the effective total.
      const i = body.findIndex((r) => r[cols.indexOf('org')]!.startsWith('蓉江'));
      expect(i, '蓉江 is among the rows').toBeGreaterThanOrEqual(0);
      expect(body[i]![cols.indexOf('requests_new_received_total')]).toBe('');
      expect(body[i]![cols.indexOf('requests_new_received_total__eff')]).toBe('6');
    }
    expect(name).toMatch(/\.csv$/);
    for (const part of ['探索', '明细', m.zh, `${f.y0}-${f.y1}`, ...f.provinces.map((p) => p.name), today]) expect(name).toContain(part);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  test('Compare downloads each item\'s reports, tagged with the item, equal to native DuckDB', async () => {
    const f = await pickFilters();
    const metrics = ['applications', 'handled'].map((id) => METRIC_BY_ID.get(id)!);
    const items = [...f.provinces.map((p) => ({ id: `r:${p.code}`, name: p.name, where: `province_code = '${p.code}'` })), { id: `b:${f.body}`, name: bodyLabel('zh', f.body), where: `body_type = '${f.body}'` }];
    const w = await open(browser);
    await w.page.goto(`${baseUrl}/compare?y0=${f.y0}&cmp=${items.map((i) => i.id).join(',')}&cm=${metrics.map((m) => m.id).join(',')}`);
    await settled(w.page);
    const { name, rows } = await download(w.page, '[data-testid=rows-compare] [data-download=rows-csv]');
    const [header, ...body] = rows;
    expect(header![0]).toMatch(/\(item\)$/);
    const cols = header!.slice(1).map(columnOf);
    for (const c of ['id', 'year', 'org', ...metrics.flatMap((m) => m.cells)]) expect(cols).toContain(c);
    const want: string[][] = [];
    for (const it of items) {
      const got = await nativeRows(`SELECT ${cols.map((c) => `${perReportSql(c)} AS ${c}`).join(', ')} FROM ${reports} WHERE year >= ${f.y0} AND ${it.where} ORDER BY year, province_code, city_code, county_code, id`);
      expect(got.length, `${it.id} has reports`).toBeGreaterThan(0);
      want.push(...got.map((r) => [it.name, ...cols.map((c) => field(r[c]))]));
    }
    expect(body).toEqual(want);
    for (const part of ['对比', '明细', ...metrics.map((m) => m.zh), ...items.map((i) => i.name), today]) expect(name).toContain(part);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  test('About downloads every table as CSV equal to its Parquet rows', async () => {
    const w = await open(browser);
    await w.page.goto(`${baseUrl}/about`);
    await w.page.waitForSelector('[data-testid=downloads] [data-download=table-csv]', { timeout: 30_000 });
    const tables = Object.keys(manifest.tables).filter((t) => manifest.tables[t]!.files.length);
    expect(tables).toContain('reports');
    // helpers.ts types the manifest without row counts; every file of it has one (manifest.ts checks).
    const filesOf = (t: string) => manifest.tables[t]!.files as { path: string; year: number | null; bytes: number; rows: number }[];
    const rowsOf = (t: string) => filesOf(t).reduce((a, f) => a + f.rows, 0);
    const check = async (table: string, selector: string, source: string) => {
      const { name, rows } = await download(w.page, selector);
      const [header, ...body] = rows;
      const described = await nativeRows(`DESCRIBE SELECT * FROM ${source}`);
      expect(header, `${table}: the header is the Parquet's columns`).toEqual(described.map((d) => String(d.column_name)));
      const want = await nativeRows(`SELECT * FROM ${source}`);
      expect(body.length, `${table}: rows`).toBe(want.length);
      expect(body, table).toEqual(want.map((r) => header!.map((c) => field(r[c]))));
      return { name, n: body.length };
    };
    // Whole tables up to a bound (the test's memory and time: the 25,000-report fixture has 4.8 million
    // cells); a larger table is checked through its first file alone.
    const WHOLE = 250_000;
    let total = 0;
    let single = 0;
    for (const table of tables) {
      if (rowsOf(table) <= WHOLE) {
        const { name, n } = await check(table, `[data-download=table-csv][data-table=${table}]`, `read_parquet([${files(table)}], hive_partitioning = false)`);
        expect(name).toMatch(new RegExp(`^gongkai_${table}_\\d{4}-\\d{2}-\\d{2}\\.csv$`));
        total += n;
      }
      const multi = filesOf(table).length > 1;
      if (multi && (rowsOf(table) > WHOLE || single === 0)) {
        const file = filesOf(table)[0]!;
        expect(file.rows, `${file.path} is small enough to check`).toBeLessThanOrEqual(WHOLE);
        const { name } = await check(`${file.path}`, `[data-download=file-csv][data-path="${file.path}"]`, `read_parquet('${join(dataDir, file.path)}', hive_partitioning = false)`);
        expect(name).toMatch(new RegExp(`^gongkai_${table}_`));
        single++;
      }
    }
    expect(total).toBeGreaterThan(0);
    expect(single, 'one file of a partitioned table alone').toBeGreaterThan(0);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  test('screenshots of the download controls (desktop 1280, phone 390)', async () => {
    const f = await pickFilters();
    mkdirSync(SHOTS, { recursive: true });
    const pages: [string, string, string][] = [
      ['explore', `/explore?y0=${f.y0}&r=${f.provinces.map((p) => p.code).join(',')}&g=region&c=bar`, '[data-testid=rows-explore]'],
      ['compare', `/compare?y0=${f.y0}&cmp=${f.provinces.map((p) => `r:${p.code}`).join(',')},b:${f.body}`, '[data-testid=rows-compare]'],
      ['about', '/about', '[data-testid=downloads] [data-download=table-csv]'],
    ];
    for (const [width, height, tag] of [[1280, 900, 'desktop'], [390, 844, 'phone']] as const) {
      const w = await open(browser, { width, height });
      for (const [pageName, path, sel] of pages) {
        await w.page.goto(baseUrl + path);
        if (pageName !== 'about') await settled(w.page);
        const el = w.page.locator(sel).first();
        await el.waitFor({ timeout: 30_000 });
        await el.scrollIntoViewIfNeeded();
        await w.page.screenshot({ path: join(SHOTS, `downloads-${pageName}-${tag}.png`) });
      }
      expect(w.errors).toEqual([]);
      await w.context.close();
    }
  });
});

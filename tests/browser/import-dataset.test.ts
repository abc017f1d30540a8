/**
 * Issue 13, acceptance 2 and 3 in headless Chromium: bundled example files (the PDF among them)
 * imported through the file input become the dashboard's data under 我的报告 — Overview and Explore
 * show exactly what the pages' own queries give in native DuckDB over a `gongkai build` of the same
 * files — they survive a reload and go on 清除 (a source=mine link then says there is nothing, with a
 * link to /import), and the Parquet export read back by native DuckDB equals that build's tables.
 *
 * Seven of the nine bundled files are imported, so that 我的报告 cannot pass by showing the bundled data.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDataset } from '../../src/dataset/build.ts';
import { answerQueries, computeSummary } from '../../src/dataset/summary.ts';
import { TABLES, ident } from '../../src/dataset/schema.ts';
import { sqlString } from '../../src/dataset/write.ts';
import { formatValue } from '../../src/lib/client/format.ts';
import { filtersOf, metricByGroup, metricOf } from '../../src/lib/client/queries.ts';
import { continuousYears, modelOf, onYears, tableOf, totalOf, num } from '../../src/lib/client/rows.ts';
import { DEFAULT_STATE } from '../../src/lib/client/url-state.ts';
import { OVERVIEW, overviewQueries } from '../../src/lib/client/views.ts';
import { launchChromium } from './chromium.ts';
import { SHOTS, baseUrl, dataDir, files as bundledFiles, nativeRows, open, settled, type Watched } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const REPORTS = join(ROOT, 'data', 'reports');
const LEFT_OUT = ['pingtan-2021.txt', 'shanghai-stc-2024.md'];
const chosen = readdirSync(REPORTS).filter((f) => f !== 'index.json' && !LEFT_OUT.includes(f)).sort();
const work = mkdtempSync(join(tmpdir(), 'gongkai-import-dataset-'));
const built = join(work, 'built');
const exported = join(work, 'exported');

let browser: Browser;
let w: Watched;
beforeAll(async () => {
  expect(chosen.some((f) => f.endsWith('.pdf'))).toBe(true);
  const inDir = join(work, 'in');
  mkdirSync(inDir);
  for (const f of chosen) copyFileSync(join(REPORTS, f), join(inDir, f));
  [browser] = await Promise.all([launchChromium(), buildDataset({ inDir, outDir: built, workers: 1 })]);
  mkdirSync(SHOTS, { recursive: true });
  w = await open(browser);
}, 180_000);
afterAll(async () => {
  await w?.context.close();
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

const settle = (page: Page) => settled(page, 90_000);
/** A chart's table view (what its CSV holds) as the page draws it. */
const tableShown = async (page: Page, id: string) => JSON.parse((await page.getAttribute(`[data-testid=${id}]`, 'data-values')) || '[]') as string[][];

describe('the dashboard on imported reports', () => {
  test('imported through the file input, 我的报告 shows on Overview and Explore exactly the figures of a gongkai build of the same files', async () => {
    const { page } = w;
    await page.goto(`${baseUrl}/import`);
    await page.waitForSelector('[data-testid=drop-zone][data-warm=ready]', { timeout: 60_000 });
    await page.setInputFiles('[data-testid=import-files]', chosen.map((f) => join(REPORTS, f)));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=import-results] tbody tr').length === n && !document.querySelector('[data-testid=import-cancel]'), chosen.length, { timeout: 90_000 });
    await page.screenshot({ path: join(SHOTS, 'import-export-desktop.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, 'import-export-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Overview: the page's own queries (views.ts) answered by native DuckDB over the build's rollup.
    await page.click('[data-testid=import-view-mine]');
    await page.waitForURL(/\/\?source=mine$/);
    await settle(page);
    const q = overviewQueries(() => undefined);
    const [kpi, ...trend] = await answerQueries(built, [...q.kpi, ...q.trend]);
    const row = kpi![0]!;
    const reports = Number(row.n);
    expect(reports).toBe(JSON.parse(readFileSync(join(built, 'manifest.json'), 'utf8')).tables.reports.rows);
    // Not the bundled dataset's figures: it holds more reports.
    const bundledReports = Number((await nativeRows(`SELECT count(*) AS n FROM read_parquet([${bundledFiles('reports')}])`))[0]!.n);
    expect(reports).toBeLessThan(bundledReports);
    expect(Number(await page.getAttribute('[data-testid=kpi-reports]', 'data-value'))).toBe(reports);
    for (const [j, m] of OVERVIEW.headline.entries()) {
      const want = totalOf(m, row, `m${j}_p`);
      const el = `[data-testid=kpi-${m.id}]`;
      const got = await page.getAttribute(el, 'data-value');
      if (want === null) expect(got, m.id).toBe('');
      else expect(Number(got), m.id).toBeCloseTo(want, 9);
      expect(Number(await page.getAttribute(el, 'data-n')), m.id).toBe(reports);
      expect(Number(await page.getAttribute(el, 'data-blank')), m.id).toBe(num(row[`m${j}_blank`]) ?? 0);
      expect(Number(await page.getAttribute(el, 'data-derived')), m.id).toBe(num(row[`m${j}_derived`]) ?? 0);
    }
    const years = continuousYears(trend.flatMap((rs) => rs.map((r) => r.k)));
    expect(await tableShown(page, 'chart-trend')).toEqual(
      years.map((y) => [y, ...trend.map((rs) => formatValue(num(rs.find((r) => String(r.k) === y)?.p0), 'count', 'zh'))]),
    );
    expect(await page.innerText('[data-testid=source-note]')).toContain(`${reports} 份报告`);
    expect(await page.locator('[data-testid=sample-note]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'overview-mine-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, 'overview-mine-phone.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Explore, by year and by province, through the nav (the choice of data travels with the link).
    await page.click('[data-nav=explore]');
    await page.waitForURL(/\/explore\?source=mine$/);
    await settle(page);
    const m = metricOf(DEFAULT_STATE.metric);
    const [byYear] = await answerQueries(built, [metricByGroup(m, filtersOf(DEFAULT_STATE), 'year', () => undefined)]);
    const yearTable = tableOf(modelOf(m, onYears(byYear!), String, 'zh'), '', 'zh').rows;
    expect(yearTable.length).toBeGreaterThan(1);
    expect(await tableShown(page, 'chart-explore')).toEqual(yearTable);
    await page.goto(`${baseUrl}/explore?source=mine&g=region&c=bar`);
    await settle(page);
    const [byProvince] = await answerQueries(built, [metricByGroup(m, filtersOf(DEFAULT_STATE), 'province_code', () => undefined)]);
    const names = new Map((await nativeRows(`SELECT code, name FROM read_parquet(${sqlString(join(built, 'regions.parquet'))})`)).map((r) => [String(r.code), String(r.name)]));
    const sorted = [...byProvince!].sort((a, b) => (num(b.p0) ?? 0) - (num(a.p0) ?? 0));
    const want = tableOf(modelOf(m, sorted, (k) => names.get(String(k)) ?? String(k), 'zh'), '', 'zh').rows;
    expect(want.length).toBeGreaterThan(1);
    // Equal values may come in either order; the rows themselves must be the same.
    const shown = await tableShown(page, 'chart-explore');
    expect([...shown].sort()).toEqual([...want].sort());
    expect(shown.map((r) => r.slice(1))).toEqual(want.map((r) => r.slice(1)));

    // 两者: every imported file here is byte for byte a bundled one, so it counts once and the figures are the bundled ones.
    await page.goto(`${baseUrl}/?source=both`);
    await settle(page);
    const [bundledKpi] = await answerQueries(dataDir, q.kpi);
    expect(Number(bundledKpi![0]!.n)).toBe(bundledReports);
    expect(Number(await page.getAttribute('[data-testid=kpi-reports]', 'data-value'))).toBe(bundledReports);
    for (const [j, m] of OVERVIEW.headline.entries()) {
      const want = totalOf(m, bundledKpi![0]!, `m${j}_p`);
      const got = await page.getAttribute(`[data-testid=kpi-${m.id}]`, 'data-value');
      if (want === null) expect(got, m.id).toBe('');
      else expect(Number(got), m.id).toBeCloseTo(want, 9);
    }
    expect(await page.innerText('[data-testid=source-note]')).toContain(`${chosen.length} 份导入的报告与示例数据中的文件完全相同`);
    expect(w.errors).toEqual([]);
  });

  test('the Parquet export, read back by native DuckDB, equals the build of the same files; gongkai reads it', async () => {
    const { page } = w;
    await page.goto(`${baseUrl}/import?source=mine`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=import-results] tbody tr').length === n, chosen.length);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.click('[data-testid=import-parquet]')]);
    expect(download.suggestedFilename()).toBe('gongkai-dataset.zip');
    const zip = join(work, 'export.zip');
    await download.saveAs(zip);
    for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(readFileSync(zip))))) {
      mkdirSync(dirname(join(exported, path)), { recursive: true });
      writeFileSync(join(exported, path), bytes);
    }
    const src = (dir: string, t: (typeof TABLES)[number]) =>
      t.byYear ? `read_parquet(${sqlString(join(dir, t.path, '**', '*.parquet'))}, hive_partitioning = false)` : `read_parquet(${sqlString(join(dir, t.path))})`;
    // `part` names the build's worker batch ('w0-0000') or 'import'; `mtime_ms` is the file's time on
    // disk for the build and the File's lastModified in the browser (the same file, copied to a temporary folder for the build).
    const differs: Record<string, string[]> = { reports: ['part'], inputs: ['mtime_ms'] };
    const checked: string[] = [];
    for (const t of TABLES) {
      const describe = (dir: string) => nativeRows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${src(dir, t)})`);
      const types = await describe(built);
      // cells: the build writes section, row and col from ENUMs; both read back as text.
      if (t.name !== 'cells') expect(await describe(exported), t.name).toEqual(types);
      else expect((await describe(exported)).map((c) => c.column_name)).toEqual(types.map((c) => c.column_name));
      const cols = t.columns.map((c) => c.name).filter((c) => !(differs[t.name] ?? []).includes(c));
      const select = (dir: string) => `SELECT ${cols.map((c) => `${ident(c)}::VARCHAR AS ${ident(c)}`).join(', ')} FROM ${src(dir, t)} ORDER BY ALL`;
      const want = await nativeRows(select(built));
      if (t.name === 'reports' || t.name === 'cells') expect(want.length, t.name).toBeGreaterThan(chosen.length - 1);
      expect(await nativeRows(select(exported)), t.name).toEqual(want);
      checked.push(t.name);
    }
    expect(checked).toContain('reports');
    expect(checked).toContain('cells');
    // gongkai's own reader of a dataset (the summary it writes after a build) gives the same answers.
    expect((await computeSummary(exported)).answers).toEqual((await computeSummary(built)).answers);
  });

  test('after a reload the imported reports are still the dashboard\'s; after 清除 a source=mine link says there are none', async () => {
    const { page } = w;
    // The page is on /import from the export: reloaded, it lists the kept reports, and 我的报告 shows them.
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=import-results] tbody tr').length === n, chosen.length);
    await page.click('[data-nav=overview]');
    await page.waitForURL(/\/\?source=mine$/);
    await settle(page);
    const [kpi] = await answerQueries(built, overviewQueries(() => undefined).kpi);
    expect(Number(await page.getAttribute('[data-testid=kpi-reports]', 'data-value'))).toBe(Number(kpi![0]!.n));
    await page.click('[data-nav=import]');
    await page.waitForURL(/\/import\?source=mine$/);
    await page.click('[data-testid=import-clear]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=import-results]'));
    await page.click('[data-nav=overview]');
    await page.waitForSelector('[data-testid=source-none]');
    expect(await page.locator('[data-testid=kpis]').count()).toBe(0);
    expect(await page.getAttribute('[data-testid=source-none] a[href*="/import"]', 'href')).toMatch(/\/import\?source=mine$/);
    // A fresh load of the link too: nothing kept, so nothing shown but the notice.
    await page.goto(`${baseUrl}/explore?source=mine&g=region`);
    await page.waitForSelector('[data-testid=source-none]');
    expect(await page.locator('[data-testid=chart-explore]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'source-none-desktop.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, 'source-none-phone.png') });
    expect(w.errors).toEqual([]);
  });
});


/**
 * Bring your own reports (issue 13): the bundled example files imported through the file input are
 * parsed in the browser's workers to exactly what `gongkai parse` prints for them; they survive a
 * reload and go on 清除; nothing leaves the site's origin, and import works offline once loaded;
 * /check marks the cells of a broken row sum and says which numbers do not add up.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { APPLICANT_COLS } from '../../src/lib/template.ts';
import { launchChromium } from './chromium.ts';

const baseUrl = inject('baseUrl');
const ROOT = join(import.meta.dirname, '..', '..');
const REPORTS = join(ROOT, 'data', 'reports');
const SHOTS = join(ROOT, 'artifacts', 'screenshots');
const files = readdirSync(REPORTS).filter((f) => !f.endsWith('.json')).sort();

interface CliRecord {
  file: string;
  status: string;
  org: string | null;
  year: number | null;
  template: string | null;
  cells: Record<string, number | null>;
  checks: unknown[];
  errors: { code: string }[];
  region?: { code: string | null };
}

/** What `gongkai parse` prints for each bundled file, keyed by file name. */
function cliRecords(): Map<string, CliRecord> {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'gongkai.js'), 'parse', ...files.map((f) => join(REPORTS, f))], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = new Map<string, CliRecord>();
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const rec = JSON.parse(line) as CliRecord;
    out.set(rec.file.split('/').pop()!, rec);
  }
  return out;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function open(context: BrowserContext, path: string, foreign: string[], errors: string[]): Promise<Page> {
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${baseUrl}${path}`);
  return page;
}

/** The records the page shows, read from its IndexedDB store (what the results table is drawn from). */
const stored = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<unknown[]>((ok, fail) => {
        const req = indexedDB.open('gongkai-import', 1);
        req.onsuccess = () => {
          const all = req.result.transaction('reports').objectStore('reports').getAll();
          all.onsuccess = () => ok(all.result as unknown[]);
          all.onerror = () => fail(all.error);
        };
        req.onerror = () => fail(req.error);
      }),
  ) as Promise<{ file: string; report: CliRecord }[]>;

describe('import page', () => {
  test('imports the bundled examples to exactly what gongkai parse prints, keeps them across a reload, clears them, and stays on its origin offline', async () => {
    const expected = cliRecords();
    expect(expected.size).toBe(files.length);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const foreign: string[] = [];
    const errors: string[] = [];
    const page = await open(context, '/import', foreign, errors);
    await page.waitForSelector('[data-testid=import-files]', { state: 'attached' });
    // The page has fetched the worker and every reader's code: from here on it needs no network.
    await page.waitForSelector('[data-testid=drop-zone][data-warm=ready]', { timeout: 60_000 });
    // Offline once loaded: the worker and everything it needs come from the loaded site or its cache.
    await context.setOffline(true);
    await page.setInputFiles('[data-testid=import-files]', files.map((f) => join(REPORTS, f)));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=import-results] tbody tr').length === n && !document.querySelector('[data-testid=import-cancel]'), files.length, { timeout: 90_000 });
    await page.waitForTimeout(300);
    const got = await stored(page);
    expect(got.map((g) => g.file).sort()).toEqual([...files].sort());
    for (const g of got) {
      const want = expected.get(g.file)!;
      const r = g.report;
      expect({ file: g.file, status: r.status, org: r.org, year: r.year, template: r.template, region: r.region?.code ?? null, codes: r.errors.map((e) => e.code) }).toEqual({
        file: g.file, status: want.status, org: want.org, year: want.year, template: want.template, region: want.region?.code ?? null, codes: want.errors.map((e) => e.code),
      });
      expect(r.cells, g.file).toEqual(want.cells);
      expect(r.checks, g.file).toEqual(want.checks);
    }
    await page.screenshot({ path: join(SHOTS, 'import-desktop.png'), fullPage: false });
    // A row opens its report: the template and its checks.
    await page.locator('[data-testid=import-results] tbody tr button').first().click();
    await page.waitForSelector('[data-testid=section-requests]');
    await context.setOffline(false);
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=import-results] tbody tr').length === n, files.length);
    await page.click('[data-testid=import-clear]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=import-results]'));
    await page.reload();
    await page.waitForSelector('[data-testid=drop-zone]');
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid=import-results]').count()).toBe(0);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a phone layout of the results', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await open(context, '/import', [], []);
    await page.setInputFiles('[data-testid=import-files]', files.slice(0, 3).map((f) => join(REPORTS, f)));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=import-results] tbody tr').length === 3, undefined, { timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, 'import-phone.png') });
    await page.click('[data-testid=import-clear]');
    await context.close();
  });
});

describe('check page', () => {
  test('marks exactly the cells of a broken row sum and says which numbers do not add up', async () => {
    // A bundled report whose checks all hold, with one applicant cell of 本年新收 raised by 7.
    const expected = cliRecords();
    const name = [...expected.keys()].find((f) => f.endsWith('.txt') && expected.get(f)!.status === 'ok' && expected.get(f)!.template === '2021')!;
    const text = readFileSync(join(REPORTS, name), 'utf8');
    const rec = expected.get(name)!;
    const natural = rec.cells['requests.new_received.natural_person'];
    expect(typeof natural).toBe('number');
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-check-'));
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      const page = await open(context, '/check', [], []);
      // Re-parse after the edit in the CLI too: the browser must give the same checks.
      const broken = mutateNewReceived(text, natural as number);
      const file = join(dir, 'broken.txt');
      writeFileSync(file, broken);
      const cli = JSON.parse(spawnSync(process.execPath, [join(ROOT, 'bin', 'gongkai.js'), 'parse', file], { encoding: 'utf8' }).stdout) as Omit<CliRecord, 'checks'> & { checks: { rule: string; scope: string; ok: boolean }[] };
      const failedCli = cli.checks.filter((c) => !c.ok).map((c) => `${c.rule}|${c.scope}`).sort();
      expect(failedCli).toContain('requests.row_total|new_received');
      await page.fill('[data-testid=check-text]', broken);
      await page.click('[data-testid=check-run]');
      await page.waitForSelector('[data-testid=failed-checks] li');
      const failed = await page.$$eval('[data-testid=failed-checks] li', (lis) => lis.map((l) => `${l.getAttribute('data-rule')}|${l.getAttribute('data-scope')}`).sort());
      expect(failed).toEqual(failedCli);
      const rowSum = page.locator('[data-testid=failed-checks] li[data-rule="requests.row_total"][data-scope="new_received"]');
      expect(await rowSum.innerText()).toMatch(new RegExp(`自然人 ${(natural as number) + 7}`));
      // The marked cells are exactly those of the failed checks: the row's seven, plus the columns the
      // other broken sums (balance, outcome total) of the natural-person column involve.
      const marked = new Set(await page.$$eval('td.marked', (tds) => tds.map((t) => t.getAttribute('data-key')!)));
      for (const { col } of APPLICANT_COLS) expect(marked.has(`requests.new_received.${col}`), col).toBe(true);
      if (failedCli.length === 1) expect(marked.size).toBe(7);
      await page.screenshot({ path: join(SHOTS, 'check-desktop.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(SHOTS, 'check-phone.png') });
      await context.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The report's text with 本年新收's 自然人 cell raised by 7 (the first number after its label). */
function mutateNewReceived(text: string, natural: number): string {
  const at = text.search(/本年新收政府信息公开申请数量/);
  expect(at).toBeGreaterThan(0);
  const rest = text.slice(at);
  const m = new RegExp(`(^|[^\\d])${natural}(?!\\d)`).exec(rest.slice(rest.indexOf('量') + 1));
  expect(m).not.toBeNull();
  const pos = at + rest.indexOf('量') + 1 + m!.index + m![1]!.length;
  return text.slice(0, pos) + String(natural + 7) + text.slice(pos + String(natural).length);
}

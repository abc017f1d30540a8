/**
 * Acceptance 1 and 3 of issue 14, on the real build: `gongkai serve` (what `npm start` runs; the
 * global setup serves the build with it) answers as a production static host should, and in headless
 * Chromium /about fetches nothing of DuckDB while the overview shows its figures from the build's
 * summary before DuckDB is up. Requests are recorded by the server itself, so a dedicated worker's
 * fetches (DuckDB's .wasm) are seen too.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { cspOfHtml } from '../../src/serve/headers.ts';
import { createStaticHandler, listen } from '../../src/serve/server.ts';
import { launchChromium } from './chromium.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILD = join(ROOT, 'build');
const SHOTS = join(ROOT, 'artifacts', 'screenshots');
const baseUrl = inject('baseUrl');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
const files = walk(BUILD).map((f) => `/${relative(BUILD, f).split('\\').join('/')}`);
const pick = (re: RegExp) => {
  const f = files.find((x) => re.test(x));
  if (!f) throw new Error(`the build has no file matching ${re}`);
  return f;
};

describe('gongkai serve on the built site (acceptance 1)', () => {
  test('Brotli for .wasm, .js and .css when asked, with the same bytes once decoded', async () => {
    for (const path of [pick(/^\/_app\/immutable\/.*duckdb-eh.*\.wasm$/), pick(/^\/_app\/immutable\/.*\.js$/), pick(/^\/_app\/immutable\/.*\.css$/)]) {
      const res = await fetch(`${baseUrl}${path}`, { headers: { 'accept-encoding': 'br' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-encoding'), path).toBe('br');
      expect(Number(res.headers.get('content-length')), path).toBe(readFileSync(join(BUILD, `${path}.br`)).length);
      // fetch decodes Brotli: the body must be the file itself.
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(BUILD, path))), path).toBe(true);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
    }
    const wasm = await fetch(`${baseUrl}${pick(/duckdb-eh.*\.wasm$/)}`, { method: 'HEAD' });
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
  });

  test('a range request on a Parquet file: 206 with exactly those bytes, revalidated caching', async () => {
    const path = pick(/^\/data\/.*\.parquet$/);
    const bytes = readFileSync(join(BUILD, path));
    const [start, end] = [4, Math.min(bytes.length - 1, 4099)];
    const res = await fetch(`${baseUrl}${path}`, { headers: { range: `bytes=${start}-${end}`, 'accept-encoding': 'br, gzip' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${bytes.length}`);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(true);
    // The footer as a suffix range ends with the magic bytes.
    const tail = await fetch(`${baseUrl}${path}`, { headers: { range: 'bytes=-4' } });
    expect(Buffer.from(await tail.arrayBuffer()).toString()).toBe('PAR1');
    const full = await fetch(`${baseUrl}${path}`);
    expect(full.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${baseUrl}${path}`, { headers: { 'if-none-match': full.headers.get('etag')! } })).status).toBe(304);
  });

  test("every page's CSP header is its own meta tag's policy", async () => {
    const pages = files.filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThanOrEqual(7);
    const config = ((await import(join(ROOT, 'svelte.config.js'))) as { default: { kit: { csp?: unknown } } }).default;
    const configured = Boolean(config.kit.csp);
    for (const page of pages) {
      const meta = cspOfHtml(readFileSync(join(BUILD, page), 'utf8'));
      // With kit.csp in svelte.config.js every prerendered page must carry one.
      if (configured) expect(meta, page).not.toBeNull();
      const route = page === '/index.html' ? '/' : page.replace(/\.html$/, '');
      const res = await fetch(`${baseUrl}${route}`, { headers: { 'accept-encoding': 'br' } });
      expect(res.status, route).toBe(200);
      expect(res.headers.get('content-security-policy'), route).toBe(meta);
      expect(res.headers.get('cache-control'), route).toBe('no-cache');
    }
  });
});

describe('what the browser fetches (acceptance 3) and what it shows first', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  const seen: string[] = [];
  // DuckDB's .wasm is held back until released, to look at the page before the engine is up.
  let release: () => void = () => undefined;
  let held = Promise.resolve();

  beforeAll(async () => {
    const handler = createStaticHandler({ root: BUILD });
    server = createServer((req, res) => {
      seen.push(new URL(req.url ?? '/', 'http://x').pathname);
      if (/\.wasm$/.test(req.url ?? '')) void held.then(() => handler(req, res));
      else handler(req, res);
    });
    url = await listen(server, 0, '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    release();
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((ok) => server?.close(ok));
  });

  test('/about transfers no DuckDB file and no table (only the manifest for its downloads list); moving to the overview does', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    seen.length = 0;
    await page.goto(`${url}/about`);
    await page.waitForLoadState('networkidle');
    await page.waitForSelector('[data-testid=downloads] a[href$=".parquet"]', { timeout: 30_000 });
    await page.waitForTimeout(1500);
    expect(seen.some((p) => p === '/about')).toBe(true);
    expect(seen.filter((p) => /duckdb|\.wasm$/i.test(p))).toEqual([]);
    // The downloads list reads the manifest; no table is fetched.
    expect(seen.filter((p) => p.startsWith('/data/'))).toEqual(['/data/manifest.json']);
    // The same recording sees DuckDB once a page needs it (so the check above can fail).
    await page.click('[data-nav=overview]');
    await expect.poll(() => seen.some((p) => /duckdb-(eh|mvp)\..*\.wasm$/.test(p)), { timeout: 90_000 }).toBe(true);
    expect(seen.some((p) => /duckdb-browser-(eh|mvp)\.worker/.test(p))).toBe(true);
    await page.waitForSelector('main[data-phase=ready] [data-testid=kpis]', { timeout: 90_000 });
    await ctx.close();
  });

  test('the overview shows its headline figures and charts from the summary before DuckDB is up, then the same figures live', async () => {
    const summary = JSON.parse(readFileSync(join(BUILD, 'data', 'summary.json'), 'utf8')) as { answers: Record<string, Record<string, number>[]> };
    expect(Object.keys(summary.answers).length).toBeGreaterThan(0);
    mkdirSync(SHOTS, { recursive: true });
    for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      held = new Promise((ok) => (release = ok));
      const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await ctx.newPage();
      await page.goto(`${url}/`);
      await page.waitForSelector('[data-testid=kpi-reports][data-value]:not([data-value=""])', { timeout: 60_000 });
      await page.waitForSelector('[data-testid=chart-trend][data-state=ready] canvas', { timeout: 60_000 });
      // The .wasm has not been sent, so these came from the summary.
      expect(await page.getAttribute('main', 'data-phase')).not.toBe('ready');
      await expect.poll(() => page.locator('[data-testid=load-progress] [data-progress=data]').getAttribute('data-loaded')).not.toBe('0');
      const early = await page.$$eval('[data-testid=kpis] .kpi', (els) => els.map((e) => e.getAttribute('data-value')));
      expect(early.every((v) => v !== null && v !== '')).toBe(true);
      await page.screenshot({ path: join(SHOTS, `loading-overview-${name}.png`), fullPage: true });
      release();
      await page.waitForSelector('main[data-phase=ready]', { timeout: 90_000 });
      await page.waitForFunction(() => !document.querySelector('[data-state=loading], [data-status=loading], [data-testid=engine-loading]'), undefined, { timeout: 60_000 });
      const live = await page.$$eval('[data-testid=kpis] .kpi', (els) => els.map((e) => e.getAttribute('data-value')));
      expect(live).toEqual(early);
      await page.screenshot({ path: join(SHOTS, `overview-${name}.png`), fullPage: true });
      await ctx.close();
    }
  });
});

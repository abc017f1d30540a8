/**
 * The Content-Security-Policy (kit.csp in svelte.config.js) in real headless Chromium: every page
 * works under it with no violation, both as the prerendered <meta> and as the HTTP header
 * `gongkai serve` sends; an injected inline script, a foreign script and an inline handler are blocked.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium } from './chromium.ts';
import { serveStatic, type Served } from './server.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const ROOT = join(import.meta.dirname, '..', '..');
const META = /<meta http-equiv="content-security-policy" content="([^"]+)">/;
const policy = META.exec(readFileSync(join(ROOT, 'build', 'index.html'), 'utf8'))?.[1] ?? '';

let browser: Browser;
/** A second origin: a script from it must never be fetched. */
let foreign: Server;
let foreignUrl = '';
let foreignHits = 0;
/** The site again, with the policy as an HTTP header on every response. */
let headerSite: Served;

beforeAll(async () => {
  browser = await launchChromium();
  foreign = createServer((_, res) => {
    foreignHits++;
    res.setHeader('content-type', 'text/javascript');
    res.end('window.__foreign = 1;');
  });
  await new Promise<void>((ok) => foreign.listen(0, '127.0.0.1', ok));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
  headerSite = await serveStatic(join(ROOT, 'build'), dataDir, { 'content-security-policy': policy });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => foreign?.close(ok));
  await headerSite?.close();
});

const PAGES = ['/', '/explore?g=region&c=map', '/explore?g=year&c=line', '/compare', '/region', '/quality', '/about', '/?lang=en'];

async function watch(page: Page): Promise<{ violations: string[]; errors: string[] }> {
  const violations: string[] = [];
  const errors: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return { violations, errors };
}

async function settled(page: Page): Promise<void> {
  await page.waitForSelector('main[data-phase=ready]', { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('[data-state=loading], [data-status=loading]'), undefined, { timeout: 60_000 });
}

describe('Content-Security-Policy', () => {
  test('the built pages carry the policy: scripts self + wasm-unsafe-eval + hashes, workers and connections self', () => {
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'(;| )/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-eval'/);
    expect(policy).toContain("worker-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("object-src 'none'");
  });

  for (const [mode, base] of [['meta', () => baseUrl], ['header', () => headerSite.url]] as const) {
    test(`every page works under it (${mode}), a report page included, with no violation`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      const w = await watch(page);
      const pages = [...PAGES];
      for (const p of pages) {
        await page.goto(base() + p);
        await settled(page);
        // DuckDB-WASM answered under the policy: the page shows numbers from the dataset.
        expect(await page.locator('main').innerText(), p).toMatch(/\d/);
      }
      // A report, reached the way a reader does: the first report link of the quality page.
      await page.goto(base() + '/quality');
      await settled(page);
      const link = page.locator('a[data-report]').first();
      expect(await link.count(), 'the quality page links a report').toBe(1);
      await link.click();
      await page.waitForURL(/\/report\?/);
      await settled(page);
      expect(await page.locator('main').innerText()).toMatch(/\d/);
      expect(w.violations).toEqual([]);
      expect(w.errors).toEqual([]);
      await context.close();
    });
  }

  test('an injected inline script, an inline handler and a foreign script do not run', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const w = await watch(page);
    await page.goto(baseUrl + '/about');
    await settled(page);
    const ran = await page.evaluate(async (foreignSrc) => {
      const win = window as unknown as Record<string, unknown>;
      const inline = document.createElement('script');
      inline.textContent = 'window.__inline = 1;';
      document.body.append(inline);
      const img = document.createElement('img');
      img.setAttribute('src', 'data:,x');
      img.setAttribute('onerror', 'window.__handler = 1');
      document.body.append(img);
      const ext = document.createElement('script');
      ext.src = `${foreignSrc}/x.js`;
      const loaded = new Promise<string>((ok) => {
        ext.onload = () => ok('loaded');
        ext.onerror = () => ok('blocked');
      });
      document.body.append(ext);
      const foreignState = await loaded;
      await new Promise((r) => setTimeout(r, 300));
      return { inline: win.__inline ?? null, handler: win.__handler ?? null, foreign: win.__foreign ?? null, foreignState };
    }, foreignUrl);
    expect(ran).toEqual({ inline: null, handler: null, foreign: null, foreignState: 'blocked' });
    expect(foreignHits).toBe(0);
    expect(w.violations.some((v) => v.startsWith('script-src'))).toBe(true);
    await context.close();
  });
});

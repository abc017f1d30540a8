/** What the dashboard's browser tests share: a watched page, waiting for it to settle, native DuckDB. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';

export const baseUrl = inject('baseUrl');
export const dataDir = inject('dataDir');
export const SHOTS = join(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');
export const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as {
  years: number[];
  tables: Record<string, { files: { path: string; year: number | null; bytes: number }[] }>;
};
/** A table's files as a DuckDB list literal body (paths are ours, from the manifest). */
export const files = (table: string): string => manifest.tables[table]!.files.map((f) => `'${join(dataDir, f.path)}'`).join(', ');

export interface Watched {
  context: BrowserContext;
  page: Page;
  requests: string[];
  errors: string[];
}

/** A fresh context and page whose requests and page errors are recorded; `clipboard` grants the site clipboard access. */
export async function open(browser: Browser, viewport = { width: 1280, height: 900 }, opts: { clipboard?: boolean } = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  if (opts.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.stack ?? e.message}`));
  return { context, page, requests, errors };
}

/** Waits until DuckDB and the first data are ready and nothing on the page is still loading. */
export async function settled(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForSelector('main[data-phase=ready]', { timeout });
  await page.waitForFunction(() => !document.querySelector('[data-state=loading], [data-status=loading]'), undefined, { timeout });
}

export async function nativeRows(sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
  conn.closeSync();
  inst.closeSync();
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

/**
 * Finds where a chart's canvas draws `name` by hovering a grid of points until the tooltip names it
 * (maps are canvas: there is no element to click). Returns the point, or null.
 */
export async function pointNamed(page: Page, chartTestId: string, name: string, step = 14): Promise<{ x: number; y: number } | null> {
  const canvas = page.locator(`[data-testid=${chartTestId}] .canvas`);
  const box = await canvas.boundingBox();
  if (!box) return null;
  for (let y = box.y + step / 2; y < box.y + box.height; y += step)
    for (let x = box.x + step / 2; x < box.x + box.width; x += step) {
      await page.mouse.move(x, y);
      const tip = await canvas.evaluate((el) => [...el.children].slice(1).map((c) => (c as HTMLElement).innerText).join('\n'));
      if (tip.split('\n')[0]?.trim() === name) return { x, y };
    }
  return null;
}

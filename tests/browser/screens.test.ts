/**
 * Issue 12, acceptance 7: every page at desktop (1280) and phone (390) width, in both languages for
 * the Region page, written to artifacts/screenshots/issue12-*.png to be looked at; no page error.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './chromium.ts';
import { SHOTS, baseUrl, files, nativeRows, open, settled } from './helpers.ts';

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

describe('screenshots', () => {
  test('every page at 1280 and 390 wide', { timeout: 300_000 }, async () => {
    mkdirSync(SHOTS, { recursive: true });
    const [r] = await nativeRows(`SELECT id, year, province_code FROM read_parquet([${files('reports')}]) WHERE province_code IS NOT NULL ORDER BY year DESC, id LIMIT 1`);
    const pages: [string, string][] = [
      ['overview', '/'], ['explore', '/explore'], ['explore-region', '/explore?g=region&c=map'], ['compare', '/compare?cmp=b:government,b:township'],
      ['region', '/region'], ['region-province', `/region?reg=${r!.province_code}`], ['region-en', `/region?reg=${r!.province_code}&lang=en`],
      ['report', `/report?id=${r!.id}&ry=${r!.year}`], ['report-search', '/report'], ['quality', '/quality'], ['about', '/about'],
    ];
    for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      const w = await open(browser, viewport);
      for (const [name, path] of pages) {
        await w.page.goto(baseUrl + path);
        await settled(w.page);
        await w.page.waitForTimeout(400);
        await w.page.screenshot({ path: join(SHOTS, `issue12-${name}-${label}.png`), fullPage: true });
      }
      expect(w.errors).toEqual([]);
      await w.context.close();
    }
  });
});

/**
 * Issue 12, acceptance 6: on the Region page, English mode shows no Han characters in notices, errors
 * or region names (pinyin), and Chinese mode no English in notices or errors (the technical detail is
 * folded away). Body names in the report list are data, in the language the report was written in.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './chromium.ts';
import { baseUrl, files, nativeRows, open, settled } from './helpers.ts';

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const HAN = /\p{Script=Han}/u;

/** The visible text of the page's notices, errors, headings, region names and chart context. */
async function interfaceText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const text = (el: Element) => (el as HTMLElement).innerText;
    const notice = [...document.querySelectorAll('[data-testid=dropped-notice]')].map((n) => {
      const c = n.cloneNode(true) as HTMLElement;
      c.querySelectorAll('code').forEach((x) => x.remove()); // the parameter names as typed
      return c.innerText;
    });
    const parts = [
      ...notice,
      ...[...document.querySelectorAll('[role=alert], [data-status=error]')].map(text),
      ...[...document.querySelectorAll('h1, h3, [data-testid=breadcrumb], .chart .sub, .chart .note, .chart .source')].map(text),
      ...[...document.querySelectorAll('[data-testid=ranking] td:nth-child(2), [data-testid=filters] option, [data-testid=filters] .field > span')].map(text),
      ...[...document.querySelectorAll('[data-testid=report-list] th, [data-testid=report-list] td:not(:first-child)')].map(text),
    ];
    const map = document.querySelector('[data-testid=chart-region-map]')?.getAttribute('data-values');
    if (map) parts.push(...(JSON.parse(map) as string[][]).map((r) => r[0]!));
    return parts;
  });
}

describe('language of the Region page', () => {
  test('English: no Han characters; Chinese: no English notices or errors', async () => {
    const [p] = await nativeRows(`SELECT province_code AS p FROM read_parquet([${files('reports')}]) WHERE city_code IS NOT NULL ORDER BY 1 LIMIT 1`);
    for (const lang of ['en', 'zh'] as const) {
      const w = await open(browser);
      // The report list's files fail to load: the page must say so in its language.
      await w.page.route('**/data/reports/**', (r) => r.abort());
      await w.page.goto(`${baseUrl}/region?reg=${p!.p}&bogus=1${lang === 'en' ? '&lang=en' : ''}`);
      await settled(w.page);
      await w.page.waitForSelector('[data-testid=report-list] [data-status=error]');
      await w.page.waitForSelector('[data-testid=chart-region-map][data-state=ready]');
      const parts = await interfaceText(w.page);
      expect(parts.length).toBeGreaterThan(10);
      if (lang === 'en') expect(parts.filter((s) => HAN.test(s))).toEqual([]);
      else {
        const notices = await w.page.locator('[data-testid=dropped-notice], [data-status=error]').evaluateAll((els) => els.map((e) => {
          const c = e.cloneNode(true) as HTMLElement;
          c.querySelectorAll('code, details, button').forEach((x) => x.remove());
          return c.innerText;
        }));
        expect(notices.length).toBeGreaterThanOrEqual(2);
        expect(notices.filter((s) => /[A-Za-z]{3,}/.test(s))).toEqual([]);
        // The detail is there, folded.
        expect(await w.page.locator('[data-status=error] details').count()).toBeGreaterThan(0);
      }
      await w.context.close();
    }
  });
});

/**
 * Issue 12, acceptance 5 (display) and the Report tab's search, in headless Chromium: Data quality's
 * cross-year counts equal native DuckDB over cross_checks.parquet; a report lists the same body's
 * other years as body_years.parquet has them; the search finds reports by part of a name.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './chromium.ts';
import { baseUrl, files, nativeRows, open, settled } from './helpers.ts';

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

describe('cross-year checks and report search', () => {
  test('Data quality counts the cross-year checks as the Parquet has them; a report links its body’s other years', async () => {
    const byRule = await nativeRows(`SELECT rule, count(*) AS n, count(*) FILTER (WHERE NOT ok) AS failed FROM read_parquet([${files('cross_checks')}]) GROUP BY rule`);
    const w = await open(browser);
    await w.page.goto(baseUrl + '/quality');
    await settled(w.page);
    for (const rule of ['cross.carried_over', 'cross.prev_items']) {
      const cells = await w.page.locator(`[data-testid=cross-year-rules] tr[data-rule="${rule}"] td.num`).allInnerTexts();
      const want = byRule.find((r) => r.rule === rule);
      expect(cells.map((c) => Number(c.replaceAll(',', '')))).toEqual([Number(want?.n ?? 0), Number(want?.failed ?? 0)]);
    }
    // The body with the most years: its report page links every other year.
    const [body] = await nativeRows(`SELECT body_key, list(report_id ORDER BY year) AS ids, list(year ORDER BY year) AS years
      FROM read_parquet([${files('body_years')}]) GROUP BY body_key ORDER BY count(*) DESC, body_key LIMIT 1`);
    const ids = body!.ids as string[];
    const years = (body!.years as number[]).map(Number);
    await w.page.goto(`${baseUrl}/report?id=${ids[0]}&ry=${years[0]}`);
    await settled(w.page);
    await w.page.waitForSelector('[data-testid=other-years]');
    const links = await w.page.locator('[data-testid=other-years] a').evaluateAll((as) => as.map((a) => a.getAttribute('data-report')));
    expect(links).toEqual(ids.slice(1));
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  test('the Report tab finds reports by part of the body’s name', async () => {
    const [one] = await nativeRows(`SELECT org FROM read_parquet([${files('reports')}]) WHERE org IS NOT NULL ORDER BY org LIMIT 1`);
    const part = String(one!.org).slice(1, 3);
    const want = await nativeRows(`SELECT id FROM read_parquet([${files('reports')}]) WHERE contains(lower(coalesce(org, '')), lower('${part.replaceAll("'", "''")}')) ORDER BY year DESC, org, id`);
    const w = await open(browser);
    await w.page.goto(baseUrl + '/report');
    await settled(w.page);
    await w.page.fill('[data-testid=search-name]', part);
    await w.page.waitForFunction((n) => document.querySelectorAll('[data-testid=search-results] a[data-report]').length === n, want.length);
    const got = await w.page.locator('[data-testid=search-results] a[data-report]').evaluateAll((as) => as.map((a) => a.getAttribute('data-report')));
    expect(got).toEqual(want.map((r) => r.id));
    // A wildcard or quote typed is just a character.
    await w.page.fill('[data-testid=search-name]', "%' OR 1=1 --");
    await settled(w.page);
    expect(await w.page.locator('[data-testid=search-results] a[data-report]').count()).toBe(0);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

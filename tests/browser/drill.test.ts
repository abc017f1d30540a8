/**
 * Issue 12, acceptance 1: the Region drill-down country → province (ranking) → city (map) → report,
 * each step a real href; back/forward return exactly; every link opens the same view in a fresh context.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './chromium.ts';
import { baseUrl, files, nativeRows, open, pointNamed, settled } from './helpers.ts';

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

interface View { url: string; heading: string; reports: number | null }

/** What a Region view shows once settled: heading, report count and the list's state. */
async function regionView(page: Page): Promise<View> {
  await settled(page);
  await page.waitForFunction(() => !document.querySelector('[data-testid=report-list] [data-status=loading]'));
  const total = await page.getAttribute('[data-testid=report-list]', 'data-total');
  return { url: page.url(), heading: (await page.locator('h1').innerText()).trim(), reports: total ? Number(total) : null };
}

describe('Region drill-down', () => {
  test('ranking → map → report, hrefs, back/forward, fresh contexts', async () => {
    const [target] = await nativeRows(`SELECT province_code AS p, province, city_code AS c, city,
        (SELECT count(*) FROM read_parquet([${files('reports')}]) r2 WHERE r2.province_code = r.province_code) AS np,
        count(*) AS nc
      FROM read_parquet([${files('reports')}]) r WHERE city_code IS NOT NULL GROUP BY ALL ORDER BY p, c LIMIT 1`);
    expect(target, 'the dataset has a report with a city').toBeDefined();
    const { p, province, c, city, np, nc } = target as { p: string; province: string; c: string; city: string; np: number; nc: number };
    const w = await open(browser);
    const { page } = w;
    const seen: View[] = [];

    await page.goto(`${baseUrl}/region`);
    seen.push(await regionView(page));

    // 1. A province in the ranking: a real link to its own address.
    const rankLink = page.locator(`[data-testid=ranking] a[data-region="${p}"]`);
    expect(await rankLink.getAttribute('href')).toBe(`/region?reg=${p}`);
    await rankLink.click();
    await page.waitForURL((u) => u.searchParams.get('reg') === p);
    const atProvince = await regionView(page);
    expect(atProvince.heading).toBe(province);
    expect(atProvince.reports).toBe(np);
    // The map and the ranking moved to the province: its cities, not the provinces.
    await page.waitForSelector('[data-testid=chart-region-map][data-state=ready]');
    const mapRows = JSON.parse((await page.getAttribute('[data-testid=chart-region-map]', 'data-values')) ?? '[]') as string[][];
    expect(mapRows.map((r) => r[0])).toContain(city);
    expect(await page.locator(`[data-testid=ranking] a[data-region="${c}"]`).count()).toBe(1);
    expect(await page.locator(`[data-testid=ranking] a[data-region="${p}"]`).count()).toBe(0);
    seen.push(atProvince);

    // 2. The city on the map (a canvas: found by its tooltip, which names it with our name).
    await page.waitForTimeout(400);
    const at = await pointNamed(page, 'chart-region-map', city);
    expect(at, `the map draws ${city}`).not.toBeNull();
    await page.mouse.click(at!.x, at!.y);
    await page.waitForURL((u) => u.searchParams.get('reg') === c);
    const atCity = await regionView(page);
    expect(atCity.heading).toBe(city);
    expect(atCity.reports).toBe(nc);
    expect(await page.locator('[data-testid=report-list] a[data-report]').count()).toBe(nc);
    seen.push(atCity);

    // 3. A report: a real link too.
    const reportLink = page.locator('[data-testid=report-list] a[data-report]').first();
    const reportHref = (await reportLink.getAttribute('href')) ?? '';
    expect(reportHref).toMatch(/^\/report\?id=[0-9a-f]{16}&ry=\d{4}$/);
    await reportLink.click();
    await page.waitForURL((u) => u.pathname === '/report');
    await settled(page);
    await page.waitForSelector('[data-testid=report-title]');

    // Back three times, then forward: each view exactly as it was.
    for (const want of [...seen].reverse()) {
      await page.goBack();
      const got = await regionView(page);
      expect(got).toEqual(want);
    }
    for (const want of seen.slice(1)) {
      await page.goForward();
      expect(await regionView(page)).toEqual(want);
    }
    expect(w.errors).toEqual([]);
    await w.context.close();

    // Every step's address opens the same view in a fresh context (what Ctrl-click or a shared link does).
    for (const want of seen) {
      const f = await open(browser);
      await f.page.goto(want.url);
      expect(await regionView(f.page)).toEqual(want);
      expect(f.errors).toEqual([]);
      await f.context.close();
    }
    const f = await open(browser);
    await f.page.goto(baseUrl + reportHref);
    await settled(f.page);
    await f.page.waitForSelector('[data-testid=report-title]');
    await f.context.close();
  });
});

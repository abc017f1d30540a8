/**
 * Issue 12, the rest of "What users need" 3 and 10: each headline card's change from the previous
 * year with data equals the same SQL in native DuckDB (on the built data and on a fixture with a
 * missing year and a year nobody reported a figure), and says why when there is none; the phone
 * layout (folded filters with their count, a short header, a nav that shows it scrolls); a skip link,
 * labelled button groups, a text summary of every chart, and a copy-link message that tells the truth.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Coordinator } from '../../src/lib/client/coordinator.ts';
import { OVERVIEW, overviewQueries } from '../../src/lib/client/views.ts';
import { MIN_RATE_BASE, totalExpression, type Metric } from '../../src/lib/metrics.ts';
import { buildFixture } from './fixture-dataset.ts';
import { launchChromium } from './chromium.ts';
import { SHOTS, baseUrl, dataDir, files, nativeRows, open, settled } from './helpers.ts';
import { serveStatic, type Served } from './server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const HAN = /\p{Script=Han}/u;
/** The card rule, restated: fewer reports giving the figure than this in either year and no change. */
const MIN_REPORTS = 5;

let browser: Browser;
let fixtureDir: string;
let fixtureSite: Served;
beforeAll(async () => {
  browser = await launchChromium();
  // 2023 has no reports at all, and nobody reported licence decisions for 2022.
  fixtureDir = mkdtempSync(join(tmpdir(), 'gongkai-yoy-'));
  await buildFixture(fixtureDir, 1500, 3, 50, undefined, { years: [2020, 2021, 2022, 2024], blank: [{ year: 2022, columns: ['active_license_decisions'] }] });
  fixtureSite = await serveStatic(join(ROOT, 'build'), fixtureDir);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await fixtureSite?.close();
  if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
});

/** Follows a link inside the app (client-side routing: the engine and its loaded data stay up, no reload). */
async function follow(page: Page, path: string): Promise<void> {
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    document.body.append(a);
    a.click();
    a.remove();
  }, path);
  const want = new URL(path, 'http://x');
  await page.waitForURL((u) => u.pathname === want.pathname && new URLSearchParams(u.search).toString() === want.searchParams.toString());
  await settled(page);
}

interface YearRow { year: number; n: number; v: number | null; blank: number; base: number | null }

/** Per metric and year, by hand over the rollup Parquet: the metric's SQL, its blank count and a rate's base. */
async function perYear(rollup: string, m: Metric): Promise<YearRow[]> {
  const rows = await nativeRows(`SELECT year, SUM(reports) AS n, ${totalExpression(m)} AS v, SUM(${m.coverage.blank}) AS blank, ${m.base ?? 'NULL'} AS base
    FROM read_parquet([${rollup}]) GROUP BY year ORDER BY year`);
  return rows.map((r) => ({ year: Number(r.year), n: Number(r.n), v: r.v === null ? null : Number(r.v), blank: Number(r.blank ?? 0), base: r.base === null ? null : Number(r.base) }));
}

/** What a card must show for these years, from the rule as the issue states it. */
function expected(rows: YearRow[], m: Metric): { year: number; prev: number; reason?: string; v?: number; p?: number } {
  const [before, cur] = rows.filter((r) => r.n > 0).slice(-2) as [YearRow, YearRow];
  const out = { year: cur.year, prev: before.year };
  if (cur.v === null) return { ...out, reason: 'blank' };
  if (before.v === null) return { ...out, reason: 'prev-blank' };
  if (Math.min(cur.n - cur.blank, before.n - before.blank) < MIN_REPORTS) return { ...out, reason: 'few-reports' };
  if (m.unit === 'ratio' && Math.min(cur.base ?? 0, before.base ?? 0) < MIN_RATE_BASE) return { ...out, reason: 'small-base' };
  return { ...out, v: cur.v, p: before.v };
}

async function checkCards(page: Page, rollup: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const m of OVERVIEW.headline) {
    const want = expected(await perYear(rollup, m), m);
    const yoy = page.locator(`[data-testid=kpi-${m.id}-yoy]`);
    const attr = async (a: string) => (await yoy.getAttribute(`data-yoy-${a}`)) ?? '';
    expect([await attr('year'), await attr('prev-year')], m.id).toEqual([String(want.year), String(want.prev)]);
    texts[m.id] = await yoy.innerText();
    if (want.reason) {
      expect(await attr('reason'), m.id).toBe(want.reason);
      expect(await attr('delta'), m.id).toBe('');
    } else {
      expect(await attr('reason'), m.id).toBe('');
      expect(Number(await attr('value')), m.id).toBeCloseTo(want.v!, 9);
      expect(Number(await attr('prev')), m.id).toBeCloseTo(want.p!, 9);
      expect(Number(await attr('delta')), m.id).toBeCloseTo(want.v! - want.p!, 9);
    }
  }
  return texts;
}

describe('headline cards: change from the previous year with data', () => {
  test('on the built data: equal to native DuckDB, the summary.json answer too, with n for each year or a reason', async () => {
    const rollup = files('rollup_region_year');
    // The declared query itself, in native DuckDB over the same Parquet, equals what the build put in summary.json.
    const q = overviewQueries(() => undefined).yoy[0]!;
    const native = await nativeRows(`WITH rollup AS (SELECT * FROM read_parquet([${rollup}])) ${q.sql}`);
    const summary = JSON.parse(readFileSync(join(dataDir, 'summary.json'), 'utf8')) as { answers: Record<string, Record<string, unknown>[]> };
    const early = summary.answers[Coordinator.key(q)];
    expect(early, 'summary.json answers the year-on-year query').toBeDefined();
    expect(early!.length).toBe(native.length);
    early!.forEach((row, i) => {
      for (const [k, v] of Object.entries(native[i]!)) {
        if (v === null) expect(row[k], k).toBeNull();
        else expect(Number(row[k]), k).toBeCloseTo(Number(v), 9);
      }
    });

    const w = await open(browser);
    await w.page.goto(baseUrl + '/');
    await settled(w.page);
    const texts = await checkCards(w.page, rollup);
    for (const [id, text] of Object.entries(texts)) expect(text, id).toMatch(/n = \d|无同比/);
    // The report count's own change: the two latest years' reports.
    const years = (await nativeRows(`SELECT year, SUM(reports) AS n FROM read_parquet([${rollup}]) GROUP BY year ORDER BY year`)).slice(-2);
    const rep = w.page.locator('[data-testid=kpi-reports-yoy]');
    expect(await rep.getAttribute('data-yoy-n')).toBe(`${years[1]!.n}/${years[0]!.n}`);
    // English: the same cards without a Han character.
    await follow(w.page, '/?lang=en');
    const en = await w.page.locator('[data-testid=kpis] [data-testid$=-yoy]').allInnerTexts();
    expect(en.length).toBe(OVERVIEW.headline.length + 1);
    expect(en.filter((s) => HAN.test(s))).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  test('on a fixture with a missing year: 2024 against 2022 (2023 has no reports), and no change from a year nobody reported', async () => {
    const rollup = `'${join(fixtureDir, 'rollup_region_year.parquet')}'`;
    mkdirSync(SHOTS, { recursive: true });
    const w = await open(browser);
    await w.page.goto(fixtureSite.url + '/');
    await settled(w.page);
    const texts = await checkCards(w.page, rollup);
    expect(texts.applications).toMatch(/^较2022年 [+\u2212][\d,.万]+ 件（[+\u2212][\d.]+%）\n2024年 [\d,.万]+ 件，2022年 [\d,.万]+ 件\n2023年无报告；n = [\d,]+ \/ [\d,]+ 份（各为当年全部报告）/);
    expect(texts.licences).toBe('2022年未填报，无同比');
    for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      await w.page.setViewportSize(viewport);
      await w.page.waitForTimeout(200);
      await w.page.screenshot({ path: join(SHOTS, `dash2-overview-fixture-${label}.png`), fullPage: true });
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('phone layout', () => {
  test('filters fold on a phone behind a toggle that counts them, open on a desktop; a short header; the nav fades where it scrolls', async () => {
    const path = '/explore?y0=2021&bt=government,township';
    const phone = await open(browser, { width: 390, height: 844 });
    await phone.page.goto(baseUrl + path);
    await settled(phone.page);
    const box = phone.page.locator('[data-testid=filters-box]');
    expect(await box.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await phone.page.locator('[data-testid=filters]').isVisible()).toBe(false);
    // The year range counts once, each body type once.
    expect(await phone.page.locator('[data-testid=filters-count]').innerText()).toBe('3');
    expect(await phone.page.locator('[data-testid=filters-toggle]').getAttribute('aria-label')).toBe('筛选，已启用 3 项');
    await phone.page.screenshot({ path: join(SHOTS, 'dash2-filters-collapsed-phone.png') });
    await phone.page.locator('[data-testid=filters-toggle]').click();
    await phone.page.locator('[data-testid=year-from]').waitFor({ state: 'visible' });
    expect(await phone.page.locator('[data-testid=year-from]').inputValue()).toBe('2021');
    await phone.page.screenshot({ path: join(SHOTS, 'dash2-filters-expanded-phone.png') });
    const header = await phone.page.locator('header.top').boundingBox();
    expect(header!.height).toBeLessThan(90);
    const nav = phone.page.locator('header.top nav');
    const [scrolls, more, mask] = await nav.evaluate((n) => [n.scrollWidth > n.clientWidth, n.getAttribute('data-more'), getComputedStyle(n).maskImage || getComputedStyle(n).getPropertyValue('-webkit-mask-image')]);
    expect(scrolls).toBe(true);
    expect(more).toBe('right');
    expect(mask).toContain('gradient');
    // Scrolled to its end, the fade moves to the other edge; a page far along the nav shows its own link.
    await nav.evaluate((n) => n.scrollTo({ left: n.scrollWidth }));
    await phone.page.waitForFunction(() => document.querySelector('header.top nav')?.getAttribute('data-more') === 'left');
    await follow(phone.page, '/about');
    const [navBox, aboutBox] = [await nav.boundingBox(), await phone.page.locator('header.top nav a[data-nav=about]').boundingBox()];
    expect(aboutBox!.x + aboutBox!.width).toBeLessThanOrEqual(navBox!.x + navBox!.width + 1);
    // On a desktop the filters open as they appear; the nav fits, nothing fades.
    await phone.page.setViewportSize({ width: 1280, height: 900 });
    await follow(phone.page, path);
    expect(await phone.page.locator('[data-testid=filters-box]').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await phone.page.locator('[data-testid=year-from]').isVisible()).toBe(true);
    expect(await nav.getAttribute('data-more')).toBeNull();
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});

describe('accessibility', () => {
  test('a skip link to the content; every button group labelled; every chart summarised in words from its data', async () => {
    const w = await open(browser);
    await w.page.goto(baseUrl + '/explore');
    await settled(w.page);
    await w.page.keyboard.press('Tab');
    const skip = await w.page.evaluate(() => { const a = document.activeElement as HTMLAnchorElement; const r = a.getBoundingClientRect(); return { cls: a.className, href: a.getAttribute('href'), visible: r.left >= 0 && r.width > 0 }; });
    expect(skip).toEqual({ cls: 'skip', href: '#main', visible: true });
    await w.page.keyboard.press('Enter');
    expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('main');

    for (const path of ['/', '/explore?g=region&c=bar', '/compare?cmp=b:government,b:township', '/region', '/quality']) {
      await follow(w.page, path);
      const groups = await w.page.locator('[role=group]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || document.getElementById(e.getAttribute('aria-labelledby') ?? '')?.textContent || ''));
      expect(groups.length, path).toBeGreaterThan(0);
      expect(groups.filter((g) => !g.trim()), path).toEqual([]);
      const charts = await w.page.locator('.chart[data-state=ready]').evaluateAll((els) => els.map((el) => ({
        id: el.getAttribute('data-testid'),
        title: el.querySelector('h3')?.textContent ?? '',
        rows: JSON.parse(el.getAttribute('data-values') || '[]') as string[][],
        summary: el.querySelector('[data-testid^=summary-]')?.textContent ?? '',
        described: el.querySelector('.canvas')?.getAttribute('aria-describedby') ?? null,
        summaryId: el.querySelector('[data-testid^=summary-]')?.id ?? '',
      })));
      expect(charts.length, path).toBeGreaterThan(0);
      for (const c of charts) {
        expect(c.summary, `${path} ${c.id}`).toContain(c.title);
        if (c.described !== null) expect(c.described).toBe(c.summaryId);
        // Its highest value, read from the table view's first value column, is named with its category.
        const vals = c.rows.map((r) => [r[0]!, Number((r[1] ?? '').replace(/[,%]/g, ''))] as const).filter(([, v]) => Number.isFinite(v) && c.rows.length > 0);
        if (vals.length > 1) {
          const top = vals.reduce((a, b) => (b[1] > a[1] ? b : a));
          expect(c.summary, `${path} ${c.id}`).toContain(`最高 ${top[0]}（`);
        }
      }
    }
    // The overview's trend names the years it spans.
    await follow(w.page, '/?lang=en');
    const trend = await w.page.locator('[data-testid=summary-chart-trend]').textContent();
    expect(trend).toMatch(/^Trend by year \(.*\)\. \d{4}–\d{4}, \d+ years\. New requests: highest \d{4} \(/);
    const en = await w.page.locator('.chart [data-testid^=summary-]').allTextContents();
    expect(en.filter((s) => HAN.test(s))).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  test('链接已复制 only when the clipboard took the link; a refusal is said', async () => {
    const ok = await open(browser, undefined, { clipboard: true });
    await ok.page.goto(baseUrl + '/explore?y0=2021');
    await settled(ok.page);
    await ok.page.locator('[data-testid=copy-link]').click();
    await ok.page.waitForSelector('[data-testid=copy-link][data-copied=ok]');
    expect(await ok.page.locator('[data-testid=copy-link]').innerText()).toBe('链接已复制');
    expect(await ok.page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseUrl}/explore?y0=2021`);
    await ok.context.close();

    for (const lang of ['zh', 'en'] as const) {
      const no = await open(browser);
      // A browser that refuses the write (as without permission, or on an insecure origin).
      await no.context.addInitScript(() => {
        Object.defineProperty(navigator.clipboard, 'writeText', { value: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) });
      });
      // About runs no query: nothing to wait for but the page.
      await no.page.goto(`${baseUrl}/about${lang === 'en' ? '?lang=en' : ''}`);
      await no.page.waitForSelector('main[data-phase=ready]');
      await no.page.locator('[data-testid=copy-link]').click();
      await no.page.waitForSelector('[data-testid=copy-link][data-copied=failed]');
      const [button, status] = [await no.page.locator('[data-testid=copy-link]').innerText(), await no.page.locator('[data-testid=copy-status]').innerText()];
      expect(button).toBe(lang === 'zh' ? '复制链接' : 'Copy link');
      expect(status).toContain(lang === 'zh' ? '未能复制' : 'Not copied');
      if (lang === 'en') expect(HAN.test(status)).toBe(false);
      expect(await no.page.locator('[data-testid=copy-status]').isVisible()).toBe(true);
      await no.context.close();
    }
  });

  test('an address with no page gets the localised 404 page (status 404, no engine); tab titles name the metric or what is compared', async () => {
    const res = await fetch(`${baseUrl}/no-such-page?lang=en`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    // A missing file is still a bare 404, not a page.
    expect((await fetch(`${baseUrl}/data/no-such.parquet`)).headers.get('content-type')).toMatch(/^text\/plain/);
    const w = await open(browser);
    for (const [path, heading, title] of [['/no-such-page?lang=en', 'Page not found', 'Page not found · Gongkai'], ['/explore/x', '页面不存在', '页面不存在 · 公开']] as const) {
      await w.page.goto(baseUrl + path);
      await w.page.waitForSelector('[data-testid=not-found]');
      expect(await w.page.locator('[data-testid=not-found] h1').innerText()).toBe(heading);
      expect(await w.page.title()).toBe(title);
      expect(await w.page.locator('main').getAttribute('data-phase')).toBe('ready');
    }
    expect(w.requests.filter((u) => u.endsWith('.wasm') || u.includes('.parquet'))).toEqual([]);
    await w.page.goto(`${baseUrl}/explore?m=handled`);
    await settled(w.page);
    expect(await w.page.title()).toBe('办理总计 · 探索 · 公开 · 政府信息公开年报分析');
    expect(await w.page.locator('meta[property="og:title"]').getAttribute('content')).toBe('办理总计 · 探索 · 公开 · 政府信息公开年报分析');
    await follow(w.page, '/compare?cmp=b:government,b:township');
    expect(await w.page.title()).toBe('人民政府、乡镇街道 · 对比 · 公开 · 政府信息公开年报分析');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

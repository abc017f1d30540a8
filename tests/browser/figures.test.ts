/**
 * Issue 12, acceptance 2–4 in headless Chromium: headline figures (with their coverage) equal the
 * same SQL in native DuckDB over the built Parquet, a continuous year axis, no internal series names
 * in tooltips, and downloads that equal the table view.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HEADLINE_METRICS, METRIC_BY_ID, totalExpression } from '../../src/lib/metrics.ts';
import { perReportSql } from '../../src/lib/coverage.ts';
import { launchChromium } from './chromium.ts';
import { baseUrl, files, manifest, nativeRows, open, settled } from './helpers.ts';
import { parseCsv } from '../helpers/csv.ts';

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const reports = () => `read_parquet([${files('reports')}], hive_partitioning = false)`;
const APPLICANTS = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org'].map((c) => `requests_new_received_${c}`);

describe('figures', () => {
  test('headline figures and their coverage equal native DuckDB over the built Parquet; a blank 总计 counts its printed parts', async () => {
    const metrics = HEADLINE_METRICS.map((id) => METRIC_BY_ID.get(id)!);
    // 1. The metric SQL over the rollup file the site reads.
    const [overRollup] = await nativeRows(`SELECT SUM(reports) AS n, ${metrics.map((m) => `${totalExpression(m)} AS "${m.id}", SUM(${m.coverage.blank}) AS "${m.id}_blank", SUM(${m.coverage.derived}) AS "${m.id}_derived"`).join(', ')}
      FROM read_parquet([${files('rollup_region_year')}])`);
    // 2. The same metric SQL over the per-report table, each effective total computed per report.
    const cols = [...new Set(metrics.flatMap((m) => m.cells))];
    const [overReports] = await nativeRows(`WITH r AS (SELECT 1 AS reports, ${cols.map((c) => `${perReportSql(c)} AS ${c}`).join(', ')} FROM ${reports()})
      SELECT SUM(reports) AS n, ${metrics.map((m) => `${totalExpression(m)} AS "${m.id}"`).join(', ')} FROM r`);
    // 3. New requests and their coverage written out by hand: printed 总计, else the six applicant columns.
    const [byHand] = await nativeRows(`SELECT
        SUM(COALESCE(requests_new_received_total, CASE WHEN ${APPLICANTS.map((c) => `${c} IS NOT NULL`).join(' OR ')} THEN ${APPLICANTS.map((c) => `COALESCE(${c}, 0)`).join(' + ')} END)) AS v,
        SUM(requests_new_received_total) AS printed,
        count(*) FILTER (WHERE requests_new_received_total IS NULL AND (${APPLICANTS.map((c) => `${c} IS NOT NULL`).join(' OR ')})) AS derived,
        count(*) FILTER (WHERE requests_new_received_total IS NULL AND ${APPLICANTS.map((c) => `${c} IS NULL`).join(' AND ')}) AS blank
      FROM ${reports()}`);
    expect(overRollup!.applications).toBe(byHand!.v);
    expect(overRollup!.applications_derived).toBe(byHand!.derived);
    expect(overRollup!.applications_blank).toBe(byHand!.blank);

    const w = await open(browser);
    await w.page.goto(baseUrl + '/');
    await settled(w.page);
    const attr = (id: string, a: string) => w.page.getAttribute(`[data-testid=kpi-${id}]`, a);
    expect(Number(await attr('reports', 'data-value'))).toBe(overRollup!.n);
    for (const m of metrics) {
      const got = await attr(m.id, 'data-value');
      for (const want of [overRollup![m.id], overReports![m.id]])
        if (want === null || want === undefined) expect(got, m.id).toBe('');
        else expect(Number(got), m.id).toBeCloseTo(Number(want), 6);
      expect(Number(await attr(m.id, 'data-n')), m.id).toBe(overRollup!.n);
      expect(Number(await attr(m.id, 'data-blank')), m.id).toBe(overRollup![`${m.id}_blank`]);
      expect(Number(await attr(m.id, 'data-derived')), m.id).toBe(overRollup![`${m.id}_derived`]);
      const text = await w.page.locator(`[data-testid=kpi-${m.id}]`).innerText();
      if (got === '') expect(text, m.id).toContain('未填报');
      expect(text, m.id).toContain(`n = ${overRollup!.n} 份报告`);
    }
    // The derived figure says so on its card (the bundled 蓉江 report: 自然人 6, 总计 blank).
    const coverage = await w.page.locator('[data-testid=kpi-applications-coverage]').innerText();
    if (Number(byHand!.derived) > 0) {
      expect(Number(byHand!.v)).toBeGreaterThan(Number(byHand!.printed));
      expect(coverage).toContain(`${byHand!.derived} 份未填总计`);
    }
    // A rate shows its base, flagged below the minimum.
    const base = Number(await attr('disclosure_rate', 'data-base'));
    if (Number.isFinite(base) && base < 20) expect(await w.page.locator('[data-testid=kpi-disclosure_rate-base]').innerText()).toContain('仅供参考');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  test('the year axis runs through every year, a year without reports left empty', async () => {
    const w = await open(browser);
    await w.page.goto(baseUrl + '/');
    await settled(w.page);
    const rows = JSON.parse((await w.page.getAttribute('[data-testid=chart-trend]', 'data-values')) ?? '[]') as string[][];
    const years = manifest.years;
    const want = Array.from({ length: years.at(-1)! - years[0]! + 1 }, (_, i) => String(years[0]! + i));
    expect(rows.map((r) => r[0])).toEqual(want);
    for (const r of rows) if (!years.includes(Number(r[0]))) expect(r.slice(1).every((c) => c === '—'), `gap at ${r[0]}`).toBe(true);
    await w.context.close();
  });

  test('no tooltip on any page names an internal series; tooltips name our regions', { timeout: 240_000 }, async () => {
    const w = await open(browser);
    const seen: string[] = [];
    for (const path of ['/', '/explore?g=region&c=map', '/explore?c=bar', '/compare?cmp=b:government,b:township', '/region', '/explore?g=body_type&c=bar']) {
      await w.page.goto(baseUrl + path);
      await settled(w.page);
      await w.page.waitForTimeout(300);
      // Inside the page, one evaluate per page: a mouse move per point from outside is ~100 ms on a busy machine.
      seen.push(...(await w.page.evaluate(scanTooltips)));
    }
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((s) => /series/i.test(s))).toEqual([]);
    // Provinces by our full names (江西省), not the outline's short ones (江西).
    const provinces = (await nativeRows(`SELECT DISTINCT province FROM ${reports()} WHERE province IS NOT NULL`)).map((r) => String(r.province));
    expect(provinces.some((p) => seen.some((s) => s.split('\n')[0] === p))).toBe(true);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  test('a chart downloads as CSV equal to its table view (UTF-8 with BOM), as PNG and as SVG', async () => {
    const w = await open(browser);
    const { page } = w;
    await page.goto(baseUrl + '/explore?g=region&c=bar');
    await settled(page);
    const chart = page.locator('[data-testid=chart-explore]');
    const save = async (kind: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), chart.locator(`[data-download=${kind}]`).click()]);
      return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
    };
    const png = await save('png');
    expect(png.name).toMatch(/\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.bytes.length).toBeGreaterThan(2000);
    const svg = await save('svg');
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // The table view, as a person sees it.
    await chart.getByRole('button', { name: '查看数据表' }).click();
    const table = await chart.locator('table').evaluate((t) => [...t.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th,td')].map((c) => (c as HTMLElement).innerText.trim())));
    const csv = await save('csv');
    expect(csv.name).toMatch(/\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString('utf8').slice(1);
    expect(parseCsv(text)).toEqual({ rows: table, complete: true });
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

/**
 * Hovers a grid of about 12 × 8 points over every chart canvas by dispatching mouse moves to ECharts'
 * own element, and returns each tooltip text seen. Runs in the page.
 */
async function scanTooltips(): Promise<string[]> {
  const out: string[] = [];
  const frame = () => new Promise((r) => setTimeout(r, 0));
  for (const el of document.querySelectorAll<HTMLElement>('.chart .canvas')) {
    const target = el.querySelector('canvas')?.parentElement;
    if (!target) continue;
    const box = el.getBoundingClientRect();
    for (let y = box.top + box.height / 16; y < box.bottom; y += box.height / 8)
      for (let x = box.left + box.width / 24; x < box.right; x += box.width / 12) {
        target.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
        await frame();
        const tip = [...el.children].slice(1).map((c) => (c as HTMLElement).innerText).join('\n').trim();
        if (tip) out.push(tip);
      }
  }
  return out;
}


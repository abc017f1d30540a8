/**
 * Issue 13, "Check one report": /check runs the cross-year checks (the build's rules,
 * src/lib/cross-year.ts) against the same body's adjacent years in the loaded data — the bundled
 * dataset and the reports imported in this browser — marks the cells of those that fail and says
 * what does not carry over; and says so when the data holds no previous year. DuckDB never loads.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyzeFile } from '../../src/analyze.ts';
import { bodyKey } from '../../src/lib/cross-year.ts';
import { APPLICANT_COLS, columnName, type TemplateVersion } from '../../src/lib/template.ts';
import { launchChromium } from './chromium.ts';
import { baseCells, reportText, withCarry } from './cross-year-fixtures.ts';
import { SHOTS, baseUrl, files, manifest, nativeRows, open, settled, type Watched } from './helpers.ts';

type Cells = Record<string, number | null>;
const COLS = APPLICANT_COLS.map((c) => c.col);
const PARTS = COLS.filter((c) => c !== 'total');

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

interface Body { id: string; org: string; region: string; year: number; forward: Record<string, number>; over: Record<string, number> }

/**
 * A bundled 2021-template report whose body has no other bundled report that year, the year before or after, all its
 * 上年结转 and 结转下年度 printed, and whose name, written into a report of another year by the
 * synthetic generator, is placed in the same region by the browser's parser (checked here with the
 * same code, in node).
 */
async function bundledBody(): Promise<Body> {
  const sel = COLS.flatMap((c) => [`r.${columnName(`requests.carried_forward.${c}`)} AS f_${c}`, `r.${columnName(`requests.carried_over.${c}`)} AS o_${c}`]).join(', ');
  const rows = await nativeRows(`SELECT r.id, r.org, r.region_code, r.year, ${sel} FROM read_parquet([${files('reports')}]) r
    JOIN read_parquet([${files('body_years')}]) b ON b.report_id = r.id
    WHERE r.template = '2021' AND ${COLS.map((c) => `r.${columnName(`requests.carried_forward.${c}`)} IS NOT NULL AND r.${columnName(`requests.carried_over.${c}`)} IS NOT NULL`).join(' AND ')}
      AND NOT EXISTS (SELECT 1 FROM read_parquet([${files('body_years')}]) o WHERE o.body_key = b.body_key AND (abs(o.year - b.year) = 1 OR (o.year = b.year AND o.report_id <> b.report_id)))
    ORDER BY r.id`);
  for (const r of rows) {
    const text = reportText(String(r.org), Number(r.year) + 1, '2021', baseCells(1, '2021'));
    const parsed = (await analyzeFile('probe.txt', new TextEncoder().encode(text))).report;
    if (bodyKey(parsed.org, parsed.region?.code) !== bodyKey(r.org, r.region_code)) continue;
    const pick = (p: string) => Object.fromEntries(COLS.map((c) => [c, Number(r[`${p}_${c}`])]));
    return { id: String(r.id), org: String(r.org), region: String(r.region_code), year: Number(r.year), forward: pick('f'), over: pick('o') };
  }
  throw new Error('no bundled report to check a later year against (a 2021-template report with 上年结转 and 结转下年度 printed, whose body the parser places again)');
}

/** Cells drawn from the first seed for which the carries can be set with every in-report sum holding. */
function cellsWith(template: TemplateVersion, set: Parameters<typeof withCarry>[1], edit: (c: Cells) => void = () => undefined): Cells {
  for (let seed = 1; seed < 200; seed++) {
    try {
      const cells = withCarry(baseCells(seed, template), set);
      edit(cells);
      return cells;
    } catch { /* this seed received too little to carry that much over; try the next */ }
  }
  throw new Error('no seed fits');
}

async function paste(page: Page, text: string): Promise<void> {
  await page.fill('[data-testid=check-text]', text);
  await page.click('[data-testid=check-run]');
  // The report's id is its bytes' hash: wait for this report's checks, not the previous one's.
  const id = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
  await page.waitForSelector(`[data-testid=check-cross-year][data-report="${id}"][data-loading=false]`, { timeout: 60_000 });
}

const crossRows = (page: Page, year: number) =>
  page.$$eval(`[data-testid=cross-pair][data-year="${year}"] [data-testid=cross-check]`, (trs) =>
    trs.map((t) => ({ rule: t.getAttribute('data-rule'), scope: t.getAttribute('data-scope'), ok: t.getAttribute('data-ok') === 'true' })));
const markedCells = async (page: Page) => (await page.$$eval('td.marked', (tds) => tds.map((t) => t.getAttribute('data-key')!))).sort();
const noDuckDb = (w: Watched) => expect(w.requests.filter((u) => /duckdb/i.test(u))).toEqual([]);

describe('check page: cross-year checks', () => {
  test('a report whose previous year is in the bundled data: what does not carry over is marked and said; a report that carries over passes', async () => {
    const body = await bundledBody();
    const next = body.year + 1;
    const w = await open(browser);
    await w.page.goto(`${baseUrl}/check`);
    await w.page.waitForSelector('[data-testid=check-text]');
    // Nothing of the dataset is read before a report is checked.
    expect(w.requests.filter((u) => u.includes('/data/'))).toEqual([]);

    // Breaks: 上年结转 of 自然人 two more than last year's 结转下年度 (so the total too).
    const broken = cellsWith('2021', { carried_over: { ...body.forward, natural_person: body.forward.natural_person! + 2 } });
    await paste(w.page, reportText(body.org, next, '2021', broken));
    expect(await w.page.locator('[data-testid=failed-checks] li').count()).toBe(0);
    const pair = w.page.locator(`[data-testid=cross-pair][data-year="${body.year}"]`);
    expect(await pair.getAttribute('data-source')).toBe('bundled');
    expect(await pair.getAttribute('data-direction')).toBe('prev');
    const rows = await crossRows(w.page, body.year);
    expect(rows.map((r) => r.scope).sort()).toEqual([...COLS].sort());
    expect(rows.filter((r) => !r.ok).map((r) => `${r.rule}|${r.scope}`).sort()).toEqual(['cross.carried_over|natural_person', 'cross.carried_over|total']);
    // The cells of this report that do not carry over are marked in the template, and only they.
    expect(await markedCells(w.page)).toEqual(['requests.carried_over.natural_person', 'requests.carried_over.total']);
    // Both years' cells are shown in the check's row.
    const np = w.page.locator('[data-testid=cross-check][data-scope=natural_person]');
    expect(await np.locator('[data-side=earlier]').innerText()).toContain(String(body.forward.natural_person));
    expect(await np.locator('[data-side=later]').innerText()).toContain(String(body.forward.natural_person! + 2));
    const sentences = await w.page.locator('[data-testid=cross-sentence]').allInnerTexts();
    expect(sentences).toHaveLength(2);
    expect(sentences[0]).toBe(`不衔接：自然人：上年结转 ${body.forward.natural_person! + 2}，${body.year} 年结转下年度 ${body.forward.natural_person}（规则：本年上年结转 = 上年结转下年度）`);
    expect(await w.page.locator('[data-testid=cross-no-prev]').count()).toBe(0);
    expect(await pair.locator('a').getAttribute('href')).toContain(`id=${body.id}`);
    // Only the body index and the previous year's report rows were read: no per-report table, no other year.
    const data = [...new Set(w.requests.filter((u) => u.includes('/data/')).map((u) => new URL(u).pathname.replace(/^.*\/data\//, '')))].sort();
    expect(data.filter((p) => /^(cells|checks|texts)\//.test(p))).toEqual([]);
    expect(data.filter((p) => p.startsWith('reports/')).every((p) => p.includes(`year=${body.year}`))).toBe(true);
    expect(data).toContain('body_years.parquet');
    console.log(`/check read from the dataset: ${data.join(', ')}`);
    const searched = await w.page.locator('[data-testid=cross-searched]').innerText();
    expect(searched).toContain(`内置数据（${manifestRows('reports')} 份报告，其中此机关 1 份）`);
    expect(searched).toContain(bodyKey(body.org, body.region)!);
    await w.page.locator('[data-testid=check-cross-year]').scrollIntoViewIfNeeded();
    await w.page.screenshot({ path: join(SHOTS, 'check-cross-year-desktop.png') });
    await w.page.setViewportSize({ width: 390, height: 844 });
    await w.page.locator('[data-testid=check-cross-year]').scrollIntoViewIfNeeded();
    await w.page.screenshot({ path: join(SHOTS, 'check-cross-year-phone.png') });
    await w.page.setViewportSize({ width: 1280, height: 900 });

    // Holds: the same report carrying over exactly last year's 结转下年度.
    await paste(w.page, reportText(body.org, next, '2021', cellsWith('2021', { carried_over: body.forward })));
    const held = await crossRows(w.page, body.year);
    expect(held).toHaveLength(COLS.length);
    expect(held.every((r) => r.ok)).toBe(true);
    expect(await markedCells(w.page)).toEqual([]);
    expect(await w.page.locator('[data-testid=cross-sentence]').count()).toBe(0);
    expect(await w.page.getAttribute('[data-testid=check-cross-year]', 'data-failed')).toBe('0');

    // No previous year: the same body two years on. The page says so and where it looked.
    await paste(w.page, reportText(body.org, body.year + 3, '2021', cellsWith('2021', {})));
    expect(await w.page.locator('[data-testid=cross-no-prev]').innerText()).toBe(`已载入的数据中没有此机关 ${body.year + 2} 年的报告，无法核对上年结转。`);
    expect(await w.page.locator('[data-testid=cross-pair]').count()).toBe(0);
    expect(await w.page.locator('[data-testid=cross-searched]').innerText()).toMatch(/查找范围：内置数据（\d+ 份报告，其中此机关 1 份）；本浏览器导入的报告（没有导入的报告）/);
    // The same in English.
    await w.page.goto(`${baseUrl}/check?lang=en`);
    await paste(w.page, reportText(body.org, body.year + 3, '2021', cellsWith('2021', {})));
    expect(await w.page.locator('[data-testid=cross-no-prev]').innerText()).toBe(`No ${body.year + 2} report of this body is in the loaded data, so what was carried over cannot be checked.`);
    expect(await w.page.locator('[data-testid=cross-searched]').innerText()).toMatch(/^Searched: the bundled data \(\d+ reports, 1 of this body\); reports imported in this browser \(none imported\)\./);
    noDuckDb(w);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  test('previous year imported in this browser, next year bundled: the 2019 template’s 上一年项目数量 and both directions', async () => {
    const body = await bundledBody();
    const y0 = body.year - 2;
    const y1 = body.year - 1;
    // The imported report of y0 (2019 template, everything printed).
    const earlier = cellsWith('2019', {});
    // The pasted report of y1: carries y0's 结转下年度 over, and its own 结转下年度 is what the bundled
    // report of the year after carries over, except 法律服务机构 one less; 行政许可's 上一年项目数量 is y0's
    // plus its change (holds), 行政处罚's one more (breaks).
    const forward = { ...body.over, legal_service: body.over.legal_service! + 1 };
    const itemRows = Object.keys(earlier).map((k) => /^active\.(\w+)\.prev_items$/.exec(k)?.[1]).filter((r): r is string => !!r && `active.${r}.change` in earlier);
    expect(itemRows).toContain('license');
    const pasted = cellsWith('2019', { carried_over: Object.fromEntries(PARTS.map((c) => [c, earlier[`requests.carried_forward.${c}`]!])), carried_forward: forward }, (c) => {
      for (const row of itemRows) c[`active.${row}.prev_items`] = earlier[`active.${row}.prev_items`]! + earlier[`active.${row}.change`]! + (row === 'penalty' ? 1 : 0);
    });
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-check-cross-'));
    const w = await open(browser);
    try {
      const file = join(dir, `earlier-${y0}.txt`);
      writeFileSync(file, reportText(body.org, y0, '2019', earlier));
      await w.page.goto(`${baseUrl}/import`);
      await w.page.waitForSelector('[data-testid=import-files]', { state: 'attached' });
      await w.page.setInputFiles('[data-testid=import-files]', [file]);
      await w.page.waitForFunction(() => document.querySelectorAll('[data-testid=import-results] tbody tr').length === 1 && !document.querySelector('[data-testid=import-cancel]'), undefined, { timeout: 90_000 });

      await w.page.goto(`${baseUrl}/check`);
      await w.page.waitForSelector('[data-testid=check-text]');
      await paste(w.page, reportText(body.org, y1, '2019', pasted));
      expect(await w.page.locator('[data-testid=failed-checks] li').count()).toBe(0);
      expect(await w.page.getAttribute(`[data-testid=cross-pair][data-year="${y0}"]`, 'data-source')).toBe('imported');
      expect(await w.page.getAttribute(`[data-testid=cross-pair][data-year="${body.year}"]`, 'data-source')).toBe('bundled');
      expect(await w.page.getAttribute(`[data-testid=cross-pair][data-year="${body.year}"]`, 'data-direction')).toBe('next');
      const prev = await crossRows(w.page, y0);
      expect(prev.filter((r) => !r.ok).map((r) => `${r.rule}|${r.scope}`)).toEqual(['cross.prev_items|penalty']);
      expect(prev.some((r) => r.rule === 'cross.prev_items' && r.scope === 'license' && r.ok)).toBe(true);
      expect(prev.filter((r) => r.rule === 'cross.carried_over').every((r) => r.ok)).toBe(true);
      const nextRows = await crossRows(w.page, body.year);
      expect(nextRows.filter((r) => !r.ok).map((r) => r.scope).sort()).toEqual(['legal_service', 'total']);
      // This report's side of each failed check: its 上一年项目数量 against the year before, its 结转下年度 against the year after.
      expect(await markedCells(w.page)).toEqual(['active.penalty.prev_items', 'requests.carried_forward.legal_service', 'requests.carried_forward.total']);
      const sentences = await w.page.locator('[data-testid=cross-sentence]').allInnerTexts();
      const p = earlier['active.penalty.prev_items']! + earlier['active.penalty.change']!;
      expect(sentences).toContain(`不衔接：行政处罚：上一年项目数量 ${p + 1}，${y0} 年上一年项目数量 + 本年增/减 = ${p}（规则：本年上一年项目数量 = 上年上一年项目数量 + 本年增/减（2019版））`);
      expect(sentences).toContain(`不衔接：${APPLICANT_COLS.find((c) => c.col === 'legal_service')!.label}：上年结转 ${body.over.legal_service}，${y1} 年结转下年度 ${forward.legal_service}（规则：本年上年结转 = 上年结转下年度）`);
      expect(await w.page.locator('[data-testid=cross-searched]').innerText()).toContain('本浏览器导入的报告（1 份报告，其中此机关 1 份）');
      await w.page.locator('[data-testid=check-cross-year]').scrollIntoViewIfNeeded();
      await w.page.screenshot({ path: join(SHOTS, 'check-cross-year-2019-desktop.png') });
      noDuckDb(w);
      expect(w.errors).toEqual([]);

      // Reached from a page whose engine runs on the imported reports (source=mine): the bundled data is
      // still read from its own files, not the engine's.
      await w.page.goto(`${baseUrl}/?source=mine`);
      await settled(w.page);
      await w.page.click('[data-nav=check]');
      await w.page.waitForSelector('[data-testid=check-text]');
      await paste(w.page, reportText(body.org, y1, '2019', pasted));
      expect(await w.page.getAttribute(`[data-testid=cross-pair][data-year="${body.year}"]`, 'data-source')).toBe('bundled');
      expect(await w.page.getAttribute(`[data-testid=cross-pair][data-year="${y0}"]`, 'data-source')).toBe('imported');
      expect(await w.page.locator('[data-testid=cross-searched]').innerText()).toContain(`内置数据（${manifestRows('reports')} 份报告，其中此机关 1 份）`);
      expect(w.errors).toEqual([]);
    } finally {
      await w.context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function manifestRows(table: string): number {
  return (manifest.tables[table] as unknown as { rows: number }).rows;
}

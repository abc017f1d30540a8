/**
 * A throttled cold load of one page in headless Chromium, as a user on a network sees it: Chromium's
 * network emulation (default 12 Mbit/s down, 40 ms latency), cache disabled, a fresh context. Times
 * (ms after navigation start) to the first headline figure (a KPI with a value), the first chart drawn
 * (a canvas in a chart whose state is ready), every chart ready, and the bytes transferred (encoded
 * body and headers, from the Network domain), with the DuckDB .wasm's share.
 */
import type { Browser } from 'playwright-core';

export interface ColdLoad {
  firstFigure: number;
  firstChart: number;
  allCharts: number;
  engineReady: number | null;
  bytes: number;
  wasmBytes: number;
  requests: number;
  urls: string[];
}

export interface Network {
  downMbit: number;
  upMbit: number;
  latencyMs: number;
}
export const DEFAULT_NETWORK: Network = { downMbit: 12, upMbit: 12, latencyMs: 40 };

/** Page-side wait, as source text: tsx adds helpers that do not exist in the page. */
const WAIT = `(sel) => new Promise((resolve) => {
  const t = () => { if (document.querySelector(sel)) resolve(performance.now()); else requestAnimationFrame(t); };
  t();
})`;

export async function coldLoad(browser: Browser, url: string, opts: { network?: Network; viewport?: { width: number; height: number }; allCharts?: boolean; shot?: string } = {}): Promise<ColdLoad> {
  const net = opts.network ?? DEFAULT_NETWORK;
  const ctx = await browser.newContext({ viewport: opts.viewport ?? { width: 1366, height: 900 } });
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: net.latencyMs,
      downloadThroughput: (net.downMbit * 1e6) / 8,
      uploadThroughput: (net.upMbit * 1e6) / 8,
    });
    const sizes = new Map<string, number>();
    const urls = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => sizes.set(e.requestId, e.encodedDataLength));
    // Waiters start before navigation so nothing that appears early is missed.
    await page.goto(url, { waitUntil: 'commit' });
    const figure = page.evaluate(`(${WAIT})('[data-testid=kpis] .kpi[data-value]:not([data-value=""])')`) as Promise<number>;
    const chart = page.evaluate(`(${WAIT})('[data-state=ready] canvas')`) as Promise<number>;
    const [firstFigure, firstChart] = await Promise.all([figure, chart]);
    if (opts.shot) await page.screenshot({ path: opts.shot, fullPage: true });
    await page.waitForSelector('main[data-phase=ready]', { timeout: 180_000 });
    await page.waitForFunction(() => !document.querySelector('[data-state=loading], [data-status=loading]'), undefined, { timeout: 180_000 });
    const allCharts = (await page.evaluate('performance.now()')) as number;
    const engineReady = (await page.evaluate(`performance.getEntriesByName('gongkai:data-ready')[0]?.startTime ?? null`)) as number | null;
    await page.waitForTimeout(300); // let the last loadingFinished events arrive
    let bytes = 0;
    let wasmBytes = 0;
    for (const [id, n] of sizes) {
      bytes += n;
      if (/\.wasm(\?|$)/.test(urls.get(id) ?? '')) wasmBytes += n;
    }
    return { firstFigure, firstChart, allCharts, engineReady, bytes, wasmBytes, requests: sizes.size, urls: [...urls.values()] };
  } finally {
    await ctx.close();
  }
}

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

/**
 * Serves the built site with `gongkai serve`'s handler and a dataset folder at /data, counting every
 * byte written to the browser's sockets (headers and bodies, worker fetches included: the page's
 * DevTools session does not see DuckDB's .wasm, which its worker fetches).
 */
export async function serveCounted(site: string, data: string): Promise<{ url: string; bytes(): number; reset(): void; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const { createStaticHandler, listen } = await import('../src/serve/server.ts');
  const siteHandler = createStaticHandler({ root: site });
  const dataHandler = createStaticHandler({ root: data });
  const sockets = new Set<import('node:net').Socket>();
  let base = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/data/')) {
      req.url = req.url.slice('/data'.length);
      dataHandler(req, res);
    } else siteHandler(req, res);
  });
  server.on('connection', (s) => sockets.add(s));
  const url = await listen(server, 0, '127.0.0.1');
  const total = () => [...sockets].reduce((a, s) => a + s.bytesWritten, 0);
  return {
    url,
    bytes: () => total() - base,
    reset: () => { base = total(); },
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Throttled cold loads of the overview, `runs` times; prints the medians against the targets. */
export async function benchThrottled(browser: Browser, site: string, data: string, label: string, runs: number): Promise<void> {
  const served = await serveCounted(site, data);
  try {
    const rows: (ColdLoad & { served: number })[] = [];
    for (let i = 0; i < runs; i++) {
      served.reset();
      const r = await coldLoad(browser, `${served.url}/`);
      rows.push({ ...r, served: served.bytes() });
    }
    const m = (f: (r: ColdLoad & { served: number }) => number) => median(rows.map(f));
    const range = (f: (r: ColdLoad & { served: number }) => number) => `${Math.min(...rows.map(f)).toFixed(0)}–${Math.max(...rows.map(f)).toFixed(0)}`;
    const mb = m((r) => r.served) / 1e6;
    console.log(`throttled cold load of / (${DEFAULT_NETWORK.downMbit} Mbit/s, ${DEFAULT_NETWORK.latencyMs} ms, cache disabled), ${label}, ${runs} runs:`);
    console.log(`  first headline figure median ${m((r) => r.firstFigure).toFixed(0)} ms (${range((r) => r.firstFigure)}) — target ≤ 1500 ms: ${m((r) => r.firstFigure) <= 1500 ? 'met' : 'NOT met'}`);
    console.log(`  first chart median ${m((r) => r.firstChart).toFixed(0)} ms (${range((r) => r.firstChart)}) — target ≤ 6000 ms: ${m((r) => r.firstChart) <= 6000 ? 'met' : 'NOT met'}`);
    console.log(`  live (DuckDB up, every chart from its own query) median ${m((r) => r.allCharts).toFixed(0)} ms (${range((r) => r.allCharts)})`);
    console.log(`  transferred median ${mb.toFixed(2)} MB (server side, every byte to the browser; DuckDB's .wasm is most of it) in ${m((r) => r.requests)} page requests — target ≤ 8 MB: ${mb <= 8 ? 'met' : 'NOT met'}`);
  } finally {
    await served.close();
  }
}

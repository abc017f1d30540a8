/**
 * Dashboard in headless Chromium at scale (100,000 and 1,000,000 synthetic reports by default):
 *  - time to first chart from a cold load (fresh browser context, empty cache) of /explore;
 *  - filter-change-to-chart-updated latency, p50/p95, over a sequence of distinct filter states;
 *  - the same SQL in native DuckDB (node) over the same rollup, for a ratio (DuckDB-WASM time per
 *    query is read from the page's User Timing entries `gongkai:query`);
 *  - the Region page of the largest province and of one county, cold, to its report list (bench/region.ts).
 * Targets (2-core machine): first chart ≤ 3 s at 100k; interaction p95 ≤ 250 ms at 1M; ≤ 2× native.
 *
 *   npm run bench -- browser [--sizes=100000,1000000] [--source=auto|synth|fixture] [--runs=5] [--throttled=no] [--import=no] [--only=throttled|import]
 *
 * First, a throttled cold load of the overview (bench/cold-load.ts: 12 Mbit/s, 40 ms, cache disabled)
 * on the bundled data and on 100,000 synthetic reports: time to the first headline figure, to the
 * first chart, to every chart live, and bytes transferred. Targets: ≤ 1.5 s, ≤ 6 s, ≤ 8 MB.
 *
 * Then import through /import's file input (bench/import.ts): 1,000 text/HTML reports and 100 PDFs
 * written by `gongkai synth`, wall time and peak memory. Targets: ≤ 30 s, ≤ 60 s, under 1 GB.
 *
 * Datasets: `--source=synth` runs `gongkai synth` + `gongkai build` (slow at 1M); `auto` (default)
 * reuses a dataset the build bench left in bench/out/build-dataset-2024-N when there is one and
 * otherwise writes the SQL fixture (tests/browser/fixture-dataset.ts), which follows the same
 * contract. The output names the source used.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOUBLE, DuckDBInstance, VARCHAR, type DuckDBPreparedStatement, type DuckDBType } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { metricByGroup, type Filters } from '../src/lib/client/queries.ts';
import { METRIC_BY_ID } from '../src/lib/metrics.ts';
import { launchChromium } from '../tests/browser/chromium.ts';
import { buildFixture } from '../tests/browser/fixture-dataset.ts';
import { serveStatic } from '../tests/browser/server.ts';
import { benchRegion } from './region.ts';
import { benchThrottled } from './cold-load.ts';
import { writeSummary } from '../src/dataset/summary.ts';
import { runImportBench } from './import.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'out');
const opt = (args: string[], name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (i - lo);
}
const ms = (x: number) => `${x.toFixed(0)} ms`;

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

function dataset(size: number, source: string): { dir: string; label: string } {
  const fromBuildBench = join(OUT, `build-dataset-2024-${size}`);
  if (source === 'auto' && existsSync(join(fromBuildBench, 'manifest.json'))) return { dir: fromBuildBench, label: 'gongkai synth + build (from the build bench)' };
  if (source === 'synth') {
    const corpus = join(OUT, `browser-corpus-${size}`);
    const dir = join(OUT, `browser-dataset-synth-${size}`);
    if (!existsSync(join(dir, 'manifest.json'))) {
      if (!existsSync(join(corpus, '.complete'))) {
        run('npx', ['gongkai', 'synth', '--count', String(size), '--out', corpus, '--seed', '2024']);
        spawnSync('touch', [join(corpus, '.complete')]);
      }
      run('npx', ['gongkai', 'build', corpus, dir]);
    }
    return { dir, label: 'gongkai synth + build' };
  }
  return { dir: join(OUT, `browser-dataset-fixture-${size}`), label: 'SQL fixture (tests/browser/fixture-dataset.ts)' };
}

/** Cold load: a fresh context (empty cache), until the Explore chart has drawn. */
const phases: Record<string, number[]> = {};
async function coldLoad(page: Page, url: string): Promise<number> {
  const t0 = performance.now();
  await page.goto(`${url}/explore`);
  await page.waitForSelector('[data-testid=chart-explore][data-state=ready] canvas', { timeout: 120_000 });
  const total = performance.now() - t0;
  // Where the time went, from the page's own marks (ms since navigation start).
  const marks = (await page.evaluate(`performance.getEntriesByType('mark').filter((m) => m.name.startsWith('gongkai:')).map((m) => [m.name, m.startTime])`)) as [string, number][];
  for (const [name, t] of marks) (phases[name] ??= []).push(t);
  return total;
}

/**
 * One UI change measured inside the page: from the change event to the chart's new numbers in the
 * DOM (a new data-key) plus the next frame. Kept as source text because tsx adds helpers that do not exist in the page.
 */
const MEASURE_CHANGE = `([sel, val]) => new Promise((resolve, reject) => {
  const chart = document.querySelector('[data-testid=chart-explore]');
  const before = chart.getAttribute('data-key');
  const t0 = performance.now();
  const timer = setTimeout(() => reject(new Error('chart did not update after ' + sel + ' = ' + val)), 60000);
  const obs = new MutationObserver(() => {
    const key = chart.getAttribute('data-key');
    if (chart.getAttribute('data-state') !== 'loading' && key && key !== before) {
      obs.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    }
  });
  obs.observe(chart, { attributes: true });
  const el = document.querySelector(sel);
  el.value = val;
  el.dispatchEvent(new Event('change', { bubbles: true }));
})`;

async function change(page: Page, selector: string, value: string): Promise<number> {
  return page.evaluate(`(${MEASURE_CHANGE})(${JSON.stringify([selector, value])})`) as Promise<number>;
}

/** Filter states, each one control away from the previous one (a few revisit earlier states: cache hits, as in real use). */
export function steps(years: number[]): { filters: Filters; selector: string; value: string }[] {
  const out: { filters: Filters; selector: string; value: string }[] = [];
  let cur: Filters = { y0: null, y1: null, regions: [], bodies: [], template: null };
  for (const tpl of [null, '2021', '2019'] as const) {
    if (tpl !== cur.template) out.push({ filters: (cur = { ...cur, template: tpl }), selector: '[data-testid=template]', value: tpl ?? '' });
    for (const y0 of years)
      for (const y1 of years.filter((y) => y >= y0)) {
        // Never pass through an inverted range (y0 > y1): set the bound that keeps the range valid first.
        const setY0 = () => { if (y0 !== cur.y0) out.push({ filters: (cur = { ...cur, y0 }), selector: '[data-testid=year-from]', value: String(y0) }); };
        const setY1 = () => { if (y1 !== cur.y1) out.push({ filters: (cur = { ...cur, y1 }), selector: '[data-testid=year-to]', value: String(y1) }); };
        if (cur.y1 !== null && y0 > cur.y1) { setY1(); setY0(); } else { setY0(); setY1(); }
      }
  }
  return out;
}

/** One query through the page's console handle (see engine.ts), timed in the page. */
const REPLAY = `async ([sql, params]) => { const t = performance.now(); await globalThis.gongkai.query(sql, params); return performance.now() - t; }`;

/**
 * Pause before each query, on both engines alike in the paced runs: an idle engine answers a query
 * more slowly than one in a tight loop (caches, clock), so each side must see the same rhythm.
 */
const PAUSE_MS = 20;
/** Passes over the plan's queries in the loop runs, on both engines: single runs differ by ±20 %. */
const PASSES = 3;
/** Every query in turn inside the page, each timed; `pause` ms of idle before each (0: back to back). */
const LOOP = `async ([queries, pause]) => {
  const out = [];
  for (const [sql, params] of queries) {
    if (pause) await new Promise((r) => setTimeout(r, pause));
    const t = performance.now();
    await globalThis.gongkai.query(sql, params);
    out.push(performance.now() - t);
  }
  return out;
}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The same SQL in native DuckDB (node) over the same rollup. `types` are the column names and types of
 * the page's own `rollup` table (read from DuckDB-WASM): given, the native table is cast to them, so
 * both engines scan the same columns in the same types (the page loads Parquet INT64 cells as DOUBLE,
 * which a plain read_parquet would keep as BIGINT). Parameters are bound in the types the statement
 * declares, so native DuckDB never re-plans a statement because of a value's type.
 */
/** The type a statement declares for a parameter; DuckDB's C API cannot name it for CAST(CAST(? AS DOUBLE) AS …), whose parameter is a DOUBLE. */
function declaredType(stmt: DuckDBPreparedStatement, i: number, value: unknown): DuckDBType {
  try {
    return stmt.parameterType(i);
  } catch {
    return typeof value === 'number' ? DOUBLE : VARCHAR;
  }
}

async function native(dir: string, filters: Filters[], threads: number, types?: [string, string][], pause = 0, passes = 1): Promise<{ load: number; p50: number; p95: number }> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { tables: Record<string, { files: { path: string }[] }> };
  const file = join(dir, manifest.tables.rollup_region_year!.files[0]!.path);
  const inst = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const db = await inst.connect();
  const t0 = performance.now();
  const select = types ? types.map(([c, t]) => `CAST("${c}" AS ${t}) AS "${c}"`).join(', ') : '*';
  await db.run(`CREATE TABLE rollup AS SELECT ${select} FROM read_parquet('${file}')`);
  const load = performance.now() - t0;
  const m = METRIC_BY_ID.get('applications')!;
  const times: number[] = [];
  for (const f of Array.from({ length: passes }, () => filters).flat()) {
    const q = metricByGroup(m, f, 'year', () => undefined);
    const stmt = await db.prepare(q.sql);
    q.params.forEach((p, i) => stmt.bindValue(i + 1, p, declaredType(stmt, i + 1, p)));
    if (pause) await sleep(pause);
    const t = performance.now();
    await stmt.runAndReadAll();
    times.push(performance.now() - t);
  }
  db.closeSync();
  inst.closeSync();
  return { load, p50: median(times), p95: quantile(times, 0.95) };
}

export async function bench(args: string[]): Promise<void> {
  const sizes = opt(args, 'sizes', '100000,1000000').split(',').map(Number);
  const source = opt(args, 'source', 'auto');
  const runs = Number(opt(args, 'runs', '5'));
  console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Chromium headless; ${runs} cold loads per size; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (!existsSync(join(ROOT, 'build', 'index.html'))) run('npm', ['run', 'build']);

  // A user on a network: the overview over a throttled link, on the bundled data and on 100,000
  // synthetic reports (gongkai synth + build), served by gongkai serve's handler.
  const only = opt(args, 'only', '');
  if (opt(args, 'throttled', 'yes') !== 'no' && only !== 'import') {
    const browser = await launchChromium();
    try {
      const bundled = join(ROOT, 'static', 'data');
      if (!existsSync(join(bundled, 'manifest.json'))) run('npm', ['run', 'data']);
      if (!existsSync(join(bundled, 'summary.json'))) await writeSummary(bundled);
      await benchThrottled(browser, join(ROOT, 'build'), bundled, 'bundled data (data/reports)', runs);
      const synth = dataset(100_000, 'synth');
      if (!existsSync(join(synth.dir, 'summary.json'))) await writeSummary(synth.dir);
      await benchThrottled(browser, join(ROOT, 'build'), synth.dir, `100,000 reports (${synth.label})`, runs);
    } finally {
      await browser.close();
    }
    if (only === 'throttled') return;
  }

  // Bring your own reports: 1,000 text/HTML reports and 100 PDFs through /import (bench/import.ts).
  if (opt(args, 'import', 'yes') !== 'no') {
    await runImportBench(join(ROOT, 'build'), args);
    if (only === 'import') return;
  }

  for (const size of sizes) {
    const ds = dataset(size, source);
    if (!existsSync(join(ds.dir, 'manifest.json'))) {
      const t = performance.now();
      await buildFixture(ds.dir, size, 31, 2000);
      console.log(`dataset: fixture of ${size.toLocaleString('en')} reports written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const manifest = JSON.parse(readFileSync(join(ds.dir, 'manifest.json'), 'utf8')) as { years: number[]; tables: Record<string, { rows: number; files: { bytes: number }[] }> };
    const rollup = manifest.tables.rollup_region_year!;
    console.log(`\n### ${size.toLocaleString('en')} reports — ${ds.label}; rollup ${rollup.rows.toLocaleString('en')} rows, ${(rollup.files[0]!.bytes / 2 ** 20).toFixed(1)} MiB`);

    const server = await serveStatic(join(ROOT, 'build'), ds.dir);
    const browser = await launchChromium();
    try {
      const cold: number[] = [];
      for (let i = 0; i < runs; i++) {
        const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
        const page = await ctx.newPage();
        cold.push(await coldLoad(page, server.url));
        await ctx.close();
      }
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await ctx.newPage();
      await coldLoad(page, server.url);
      const plan = steps(manifest.years);
      await page.evaluate(`performance.clearMeasures('gongkai:query')`);
      const latency: number[] = [];
      for (const s of plan) {
        latency.push(await change(page, s.selector, s.value));
        await page.waitForTimeout(100); // a user's pause between changes (not measured); lets the router settle
      }
      const inApp = (await page.evaluate(`performance.getEntriesByName('gongkai:query').map((e) => e.duration)`)) as number[];
      // The same SQL again, one query at a time on an idle page: DuckDB-WASM and its worker round trip
      // alone, without the page's rendering (which delays the reply while a chart redraws).
      const wasm: number[] = [];
      const m = METRIC_BY_ID.get('applications')!;
      for (const s of plan) {
        const q = metricByGroup(m, s.filters, 'year', () => undefined);
        wasm.push((await page.evaluate(`(${REPLAY})(${JSON.stringify([q.sql, q.params])})`)) as number);
      }
      // The same SQL in a loop inside the page, as native runs it: back to back, then paced alike.
      const once = plan.map((s) => {
        const q = metricByGroup(m, s.filters, 'year', () => undefined);
        return [q.sql, q.params];
      });
      await page.evaluate(`(${LOOP})(${JSON.stringify([once, 0])})`); // prepares each statement once, as native does before timing
      const queries = Array.from({ length: PASSES }, () => once).flat();
      const wasmLoop = (await page.evaluate(`(${LOOP})(${JSON.stringify([queries, 0])})`)) as number[];
      const wasmPaced = (await page.evaluate(`(${LOOP})(${JSON.stringify([queries, PAUSE_MS])})`)) as number[];
      // The fixed cost of any query: a message to DuckDB's worker and an Arrow result back.
      const trip: number[] = [];
      for (let i = 0; i < 50; i++) trip.push((await page.evaluate(`(${REPLAY})(${JSON.stringify(['SELECT 1 AS x', []])})`)) as number);
      // Names and types are DuckDB's own identifiers from information_schema, checked before use in SQL.
      const types = ((await page.evaluate(`globalThis.gongkai.query("SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 'rollup' ORDER BY ordinal_position", [])`)) as { c: string; t: string }[])
        .map((r): [string, string] => [r.c, r.t]);
      if (!types.length || types.some(([c, t]) => !/^[a-z_][a-z0-9_]*$/.test(c) || !/^[A-Z]+$/.test(t))) throw new Error(`unexpected rollup columns ${JSON.stringify(types)}`);
      await ctx.close();
      const filters = plan.map((s) => s.filters);
      const natP = await native(ds.dir, filters, 2);
      const natP1 = await native(ds.dir, filters, 1);
      // Back to back, as the older replay's native side always ran.
      const nat = await native(ds.dir, filters, 2, types, 0, PASSES);
      const nat1 = await native(ds.dir, filters, 1, types, 0, PASSES);
      const natPaced = await native(ds.dir, filters, 2, types, PAUSE_MS, PASSES);
      const natPaced1 = await native(ds.dir, filters, 1, types, PAUSE_MS, PASSES);
      console.log(`cold-load phases (median ms after navigation start): ${Object.entries(phases).map(([k, v]) => `${k.slice(8)} ${median(v).toFixed(0)}`).join(', ')}`);
      for (const k of Object.keys(phases)) delete phases[k];
      console.log(`first chart, cold load: median ${ms(median(cold))} (min ${ms(Math.min(...cold))}, max ${ms(Math.max(...cold))})${size === 100_000 ? ` — target ≤ 3000 ms: ${median(cold) <= 3000 ? 'met' : 'NOT met'}` : ''}`);
      console.log(`filter change → chart updated (${latency.length} distinct states): p50 ${ms(median(latency))}, p95 ${ms(quantile(latency, 0.95))}${size === 1_000_000 ? ` — target p95 ≤ 250 ms: ${quantile(latency, 0.95) <= 250 ? 'met' : 'NOT met'}` : ''}`);
      console.log(`same SQL — DuckDB-WASM, replayed one at a time: p50 ${median(wasm).toFixed(2)} ms, p95 ${quantile(wasm, 0.95).toFixed(2)} ms ` +
        `(inside the app during the interactions: p50 ${median(inApp).toFixed(1)} ms, p95 ${quantile(inApp, 0.95).toFixed(1)} ms)`);
      console.log(`  native DuckDB (node), the page's column types (${[...new Set(types.map(([, t]) => t))].join('/')}): 2 threads p50 ${nat.p50.toFixed(2)} ms, p95 ${nat.p95.toFixed(2)} ms; 1 thread (as DuckDB-WASM runs) p50 ${nat1.p50.toFixed(2)} ms, p95 ${nat1.p95.toFixed(2)} ms`);
      console.log(`  native DuckDB (node), the Parquet's column types: 2 threads p50 ${natP.p50.toFixed(2)} ms; 1 thread p50 ${natP1.p50.toFixed(2)} ms ` +
        `(ratio ${(median(wasm) / natP.p50).toFixed(2)}× / ${(median(wasm) / natP1.p50).toFixed(2)}×; not the target's: the page's table differs in types)`);
      console.log(`  ratio p50 (same SQL, same table and types; DuckDB-WASM waits a CDP round trip between queries, native none): ${(median(wasm) / nat.p50).toFixed(2)}× native 2 threads, ${(median(wasm) / nat1.p50).toFixed(2)}× native 1 thread (target ≤ 2×); ` +
        `of DuckDB-WASM's time, ${median(trip).toFixed(2)} ms (p50 of SELECT 1) is the round trip to its worker`);
      const ratio = (w: number[], n: { p50: number }) => (median(w) / n.p50).toFixed(2);
      console.log(`same SQL, same table and types, both engines alike (${filters.length} queries × ${PASSES} passes each):`);
      console.log(`  back to back: DuckDB-WASM p50 ${median(wasmLoop).toFixed(2)} ms, p95 ${quantile(wasmLoop, 0.95).toFixed(2)} ms; native 2 threads p50 ${nat.p50.toFixed(2)} ms, 1 thread ${nat1.p50.toFixed(2)} ms — ratio ${ratio(wasmLoop, nat)}× / ${ratio(wasmLoop, nat1)}× (target ≤ 2×)`);
      console.log(`  ${PAUSE_MS} ms idle before each: DuckDB-WASM p50 ${median(wasmPaced).toFixed(2)} ms, p95 ${quantile(wasmPaced, 0.95).toFixed(2)} ms; native 2 threads p50 ${natPaced.p50.toFixed(2)} ms, 1 thread ${natPaced1.p50.toFixed(2)} ms — ratio ${ratio(wasmPaced, natPaced)}× / ${ratio(wasmPaced, natPaced1)}× (target ≤ 2×)`);
      console.log(`end-to-end interaction p50 vs native query p50: ${(median(latency) / nat.p50).toFixed(1)}×; native rollup load ${ms(nat.load)}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
      // The Region page's report list: only the region's row groups of reports are read (bench/region.ts).
      await benchRegion(browser, server.url, ds.dir, runs);
    } finally {
      await browser.close();
      await server.close();
    }
  }
}

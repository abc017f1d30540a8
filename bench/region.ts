/**
 * The Region page from a cold load: a fresh browser context opens `/region?reg=<code>` and waits until
 * its report list shows links to reports. Timed from navigation to the list, with the bytes the page
 * fetched under /data/reports/ and /data/ in all (response bodies as received, so what a user pays).
 *
 * Used by `npm run bench -- browser`; alone, against any build and dataset (e.g. an older build, for
 * a before/after):
 *
 *   tsx bench/region.ts [--build=build] [--data=bench/out/build-dataset-2024-1000000] [--runs=5]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/browser/chromium.ts';
import { serveStatic } from '../tests/browser/server.ts';

export interface RegionLoad {
  ms: number;
  reportBytes: number;
  dataBytes: number;
  requests: number;
}

/** The province with the most reports, and one county of it with reports (from the rollup, natively). */
export async function regionsToOpen(dataDir: string): Promise<{ province: string; county: string; reports: number }> {
  const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as { tables: Record<string, { files: { path: string }[] }> };
  const rollup = join(dataDir, manifest.tables.rollup_region_year!.files[0]!.path);
  const inst = await DuckDBInstance.create(':memory:');
  const db = await inst.connect();
  const rows = (await db.runAndReadAll(`WITH p AS (SELECT province_code, sum(reports) AS n FROM '${rollup}' WHERE province_code IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1)
    SELECT p.province_code, p.n, (SELECT min(county_code) FROM '${rollup}' r WHERE r.province_code = p.province_code) FROM p`)).getRows();
  db.closeSync();
  inst.closeSync();
  const [province, n, county] = rows[0] ?? [];
  if (typeof province !== 'string' || typeof county !== 'string') throw new Error(`${rollup}: no province with a county`);
  return { province, county, reports: Number(n) };
}

/** One cold load of the Region page for a region code (digits only: it goes into a URL). */
export async function regionLoad(browser: Browser, url: string, code: string): Promise<RegionLoad> {
  if (!/^\d{2,12}$/.test(code)) throw new Error(`bad region code ${code}`);
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  const sizes: Promise<{ path: string; bytes: number }>[] = [];
  page.on('requestfinished', (r) => sizes.push(r.sizes().then((s) => ({ path: new URL(r.url()).pathname, bytes: s.responseBodySize }))));
  const t0 = performance.now();
  await page.goto(`${url}/region?reg=${code}`);
  await page.waitForSelector('[data-testid=report-list] a[data-report]', { timeout: 300_000 });
  const ms = performance.now() - t0;
  const done = await Promise.all(sizes);
  await ctx.close();
  const sum = (prefix: string) => done.filter((d) => d.path.startsWith(prefix)).reduce((a, d) => a + d.bytes, 0);
  return { ms, reportBytes: sum('/data/reports/'), dataBytes: sum('/data/'), requests: done.filter((d) => d.path.startsWith('/data/reports/')).length };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mib = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`;

/** Cold loads of a province's and a county's Region page, `runs` each, printed. */
export async function benchRegion(browser: Browser, url: string, dataDir: string, runs: number): Promise<void> {
  const { province, county, reports } = await regionsToOpen(dataDir);
  for (const [label, code] of [[`province ${province} (${reports.toLocaleString('en')} reports, the most)`, province], [`county ${county}`, county]] as const) {
    const loads: RegionLoad[] = [];
    for (let i = 0; i < runs; i++) loads.push(await regionLoad(browser, url, code));
    const ms = loads.map((l) => l.ms);
    const last = loads.at(-1)!;
    console.log(`Region page, ${label}, cold load → report list: median ${median(ms).toFixed(0)} ms (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)}); ` +
      `fetched ${mib(last.reportBytes)} of reports/ in ${last.requests} requests, ${mib(last.dataBytes)} of data/ in all`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ROOT = fileURLToPath(new URL('..', import.meta.url));
  const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
  const build = resolve(arg('build', join(ROOT, 'build')));
  const data = resolve(arg('data', join(ROOT, 'bench', 'out', 'build-dataset-2024-1000000')));
  const runs = Number(arg('runs', '5'));
  console.log(`machine: ${cpus().length} cores; site ${build}; data ${data}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const server = await serveStatic(build, data);
  const browser = await launchChromium();
  try {
    await benchRegion(browser, server.url, data, runs);
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

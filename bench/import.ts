/**
 * Import at scale in headless Chromium (issue 13, acceptance 6): a corpus written by `gongkai synth`
 * (fixed seeds) into a temporary folder is imported through /import's file input, as a user choosing
 * the files would, in a fresh browser context per run.
 *  - 1,000 text/HTML reports (the pipe, pipe-opener, tab, tab-wrapped, html and markdown layouts in
 *    equal shares; UTF-8, GB18030 and Big5 as synth mixes them) — target ≤ 30 s;
 *  - 100 PDFs (`--layout pdf`) — target ≤ 60 s;
 *  - peak memory under 1 GB.
 * Wall time runs from setInputFiles to every file's row drawn with the import finished (no cancel
 * button), then to every record in IndexedDB. Memory is sampled every 500 ms (--import-sample-ms)
 * from /proc over every process descended from this node process (Chromium's browser, renderer, GPU
 * and utility processes; the page's workers live in its renderer): the sum of RSS (a shared page
 * counts once in every process that maps it, so the sum overstates), of PSS (shared pages split
 * between the processes that map them, other jobs' Chromiums included, so it moves with what else
 * runs) and of anonymous memory (the processes' own heaps and buffers). The page's main-thread JS heap
 * is read through CDP (Performance.getMetrics, JSHeapUsedSize); the workers' heaps are inside the
 * renderer's memory but not in that figure.
 *
 * Used by `npm run bench -- browser` (skip it with --import=no, or run only it with --only=import);
 * alone, against any build (e.g. an older build, for a before/after):
 *
 *   tsx bench/import.ts [--build=build] [--import-runs=3] [--import-text=1000] [--import-pdf=100] [--import-sample-ms=500]
 *
 * --import-sample-ms=0 takes no memory samples (times only; the peaks are then the idle figures).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/browser/chromium.ts';
import { serveStatic } from '../tests/browser/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const opt = (args: string[], name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};
const MB = 2 ** 20;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/** The text and HTML forms synth writes (every LAYOUTS entry but docx), one seed each so that names never collide. */
const TEXT_LAYOUTS = ['pipe', 'pipe-opener', 'tab', 'tab-wrapped', 'html', 'markdown'] as const;
const TEXT_SEED = 13_000;
const PDF_SEED = 13_100;

function synth(out: string, count: number, seed: number, layout: string): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'gongkai.js'), 'synth', '--count', String(count), '--out', out, '--seed', String(seed), '--layout', layout], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gongkai synth --layout ${layout} failed (exit ${r.status}): ${r.stderr}`);
}

/** The report files synth wrote into `dir` (not its NAME.json ground truth), as absolute paths. */
const reportsIn = (dir: string) => readdirSync(dir).filter((f) => !f.endsWith('.json')).sort().map((f) => join(dir, f));

export function writeImportCorpus(dir: string, text: number, pdf: number): { text: string[]; pdf: string[] } {
  const textDir = join(dir, 'text');
  TEXT_LAYOUTS.forEach((layout, k) => {
    const n = Math.floor(text / TEXT_LAYOUTS.length) + (k < text % TEXT_LAYOUTS.length ? 1 : 0);
    if (n) synth(textDir, n, TEXT_SEED + k, layout);
  });
  const pdfDir = join(dir, 'pdf');
  if (pdf) synth(pdfDir, pdf, PDF_SEED, 'pdf');
  return { text: text ? reportsIn(textDir) : [], pdf: pdf ? reportsIn(pdfDir) : [] };
}

/** Every process descended from `root`, from /proc (ours only: other jobs' Chromiums are not counted). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // comm may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) if (pp === p) { out.push(c); walk(c); }
  };
  walk(root);
  return out;
}

/** kB fields of /proc/PID/smaps_rollup (Rss, Pss, Anonymous), in bytes; null when the process is gone. */
function memoryOf(pid: number): { rss: number; pss: number; anon: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
    return { rss: kb('Rss'), pss: kb('Pss'), anon: kb('Anonymous') };
  } catch {
    return null;
  }
}

/** Chromium's process type (--type=renderer, gpu-process, utility, zygote; none for the browser process). */
function kindOf(pid: number): string {
  try {
    // Chromium rewrites its process title, so the arguments may be joined by spaces rather than NULs.
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
    const sub = /--utility-sub-type=([\w.-]+)/.exec(cmd)?.[1]?.split('.').pop();
    return sub ? `${type}:${sub}` : type;
  } catch {
    return '?';
  }
}

interface Memory {
  rss: number;
  pss: number;
  /** Anonymous memory (heaps, JS, buffers: the processes' own), which other jobs' Chromiums do not share. */
  anon: number;
  processes: number;
  /** PSS by process kind. */
  byKind: Record<string, number>;
}

function chromiumMemory(): Memory {
  let rss = 0, pss = 0, anon = 0, processes = 0;
  const byKind: Record<string, number> = {};
  for (const pid of descendants(process.pid)) {
    const m = memoryOf(pid);
    if (!m || !m.rss) continue;
    rss += m.rss;
    pss += m.pss;
    anon += m.anon;
    processes++;
    const k = kindOf(pid);
    byKind[k] = (byKind[k] ?? 0) + m.pss;
  }
  return { rss, pss, anon, processes, byKind };
}

export interface ImportRun {
  files: number;
  /** setInputFiles → every row drawn and the import finished. */
  rowsMs: number;
  /** → every record in IndexedDB. */
  storedMs: number;
  peakRss: number;
  peakPss: number;
  peakAnon: number;
  /** Before setInputFiles, the page loaded and warmed. */
  idleRss: number;
  idlePss: number;
  idleAnon: number;
  /** PSS by process kind when the PSS sum peaked. */
  peakByKind: Record<string, number>;
  peakHeap: number;
  processes: number;
  /** Sum of the worker's own time per file (ImportedReport.ms). */
  workerMs: number;
  statuses: Record<string, number>;
  codes: Record<string, number>;
}

/** IndexedDB's record count, as page source text (tsx adds helpers that do not exist in the page). */
const STORED = `() => new Promise((ok) => {
  const req = indexedDB.open('gongkai-import', 1);
  req.onsuccess = () => {
    const db = req.result;
    if (!db.objectStoreNames.contains('reports')) { db.close(); ok(0); return; }
    const c = db.transaction('reports').objectStore('reports').count();
    c.onsuccess = () => { db.close(); ok(c.result); };
    c.onerror = () => { db.close(); ok(-1); };
  };
  req.onerror = () => ok(-1);
})`;
const SUMMARY = `() => new Promise((ok, fail) => {
  const req = indexedDB.open('gongkai-import', 1);
  req.onsuccess = () => {
    const db = req.result;
    const all = db.transaction('reports').objectStore('reports').getAll();
    all.onsuccess = () => {
      const statuses = {}, codes = {};
      let ms = 0;
      for (const r of all.result) {
        statuses[r.report.status] = (statuses[r.report.status] || 0) + 1;
        for (const e of r.report.errors) codes[e.code] = (codes[e.code] || 0) + 1;
        ms += r.ms;
      }
      db.close();
      ok({ statuses, codes, ms });
    };
    all.onerror = () => fail(all.error);
  };
  req.onerror = () => fail(req.error);
})`;

export async function importOnce(browser: Browser, url: string, paths: string[], timeoutMs: number, sampleMs = 500): Promise<ImportRun> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  try {
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${url}/import`);
    await page.waitForSelector('[data-testid=drop-zone][data-warm=ready]', { timeout: 120_000 });
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    const idle = chromiumMemory();
    let peakRss = idle.rss, peakPss = idle.pss, peakAnon = idle.anon, peakHeap = 0, processes = idle.processes, peakByKind = idle.byKind;
    let sampling = false;
    const sample = async () => {
      if (sampling) return;
      sampling = true;
      try {
        const m = chromiumMemory();
        peakRss = Math.max(peakRss, m.rss);
        peakAnon = Math.max(peakAnon, m.anon);
        if (m.pss > peakPss) [peakPss, peakByKind] = [m.pss, m.byKind];
        processes = Math.max(processes, m.processes);
        const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
        peakHeap = Math.max(peakHeap, metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? 0);
      } catch { /* the page is closing */ } finally {
        sampling = false;
      }
    };
    let sampled = 0, samples = 0;
    const timed = async () => {
      const t = performance.now();
      await sample();
      sampled += performance.now() - t;
      samples++;
    };
    const timer = sampleMs > 0 ? setInterval(() => void timed(), sampleMs) : undefined;
    const t0 = performance.now();
    try {
      await page.setInputFiles('[data-testid=import-files]', paths);
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid=import-results] tbody tr').length === n && !document.querySelector('[data-testid=import-cancel]'),
        paths.length,
        { timeout: timeoutMs, polling: 100 },
      );
      const rowsMs = performance.now() - t0;
      await page.waitForFunction(`(${STORED})().then((n) => n === ${paths.length})`, undefined, { timeout: timeoutMs, polling: 100 });
      const storedMs = performance.now() - t0;
      await sample();
      clearInterval(timer);
      const s = (await page.evaluate(`(${SUMMARY})()`)) as { statuses: Record<string, number>; codes: Record<string, number>; ms: number };
      if (errors.length) throw new Error(`page errors during import: ${errors.join('; ')}`);
      if (process.env.GONGKAI_BENCH_DEBUG) console.log(`  (debug) ${samples} samples, ${(sampled / Math.max(1, samples)).toFixed(1)} ms each`);
      return { files: paths.length, rowsMs, storedMs, peakRss, peakPss, peakAnon, idleRss: idle.rss, idlePss: idle.pss, idleAnon: idle.anon, peakByKind, peakHeap, processes, workerMs: s.ms, statuses: s.statuses, codes: s.codes };
    } finally {
      clearInterval(timer);
    }
  } finally {
    await ctx.close();
  }
}

function report(label: string, runs: ImportRun[], targetMs: number): void {
  const rows = runs.map((r) => r.rowsMs);
  const m = (f: (r: ImportRun) => number) => median(runs.map(f));
  const worst = (f: (r: ImportRun) => number) => Math.max(...runs.map(f));
  const r0 = runs[0]!;
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  console.log(`${label}: ${r0.files} files, ${runs.length} run${runs.length > 1 ? 's' : ''} (${rows.map(s).join(', ')})`);
  console.log(`  setInputFiles → all rows done: median ${s(m((r) => r.rowsMs))} (${(r0.files / (m((r) => r.rowsMs) / 1000)).toFixed(1)} files/s) — target ≤ ${s(targetMs)}: ${m((r) => r.rowsMs) <= targetMs ? 'met' : 'NOT met'}; ` +
    `→ all in IndexedDB: median ${s(m((r) => r.storedMs))}`);
  console.log(`  worker time per file (in the worker, median run): ${(m((r) => r.workerMs) / r0.files).toFixed(0)} ms; sum ${s(m((r) => r.workerMs))} = ${(m((r) => r.workerMs) / m((r) => r.rowsMs)).toFixed(2)}× wall`);
  const mib = (x: number) => `${(x / MB).toFixed(0)} MiB`;
  console.log(`  peak memory, Chromium's ${r0.processes} processes: PSS sum median ${mib(m((r) => r.peakPss))} (max ${mib(worst((r) => r.peakPss))}; ${mib(m((r) => r.idlePss))} before import) — target < 1 GB (10^9 B): ${worst((r) => r.peakPss) < 1e9 ? 'met' : 'NOT met'}; ` +
    `RSS sum (shared pages counted in every process) median ${mib(m((r) => r.peakRss))} (max ${mib(worst((r) => r.peakRss))}; ${mib(m((r) => r.idleRss))} before import): ${worst((r) => r.peakRss) < 1e9 ? 'under' : 'over'} 1 GB`);
  console.log(`  anonymous memory sum (private heaps and buffers; unlike PSS, not split with other jobs' Chromiums) median ${mib(m((r) => r.peakAnon))} (max ${mib(worst((r) => r.peakAnon))}; ${mib(m((r) => r.idleAnon))} before import)`);
  console.log(`  PSS at the peak by process: ${Object.entries(r0.peakByKind).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${mib(v)}`).join(', ')}; page main-thread JS heap peak median ${mib(m((r) => r.peakHeap))} (CDP JSHeapUsedSize; the workers' heaps are in the renderer's PSS)`);
  console.log(`  statuses ${JSON.stringify(r0.statuses)}; codes ${JSON.stringify(r0.codes)}`);
}

export async function benchImport(browser: Browser, url: string, args: string[]): Promise<void> {
  const runs = Number(opt(args, 'import-runs', '3'));
  const nText = Number(opt(args, 'import-text', '1000'));
  const nPdf = Number(opt(args, 'import-pdf', '100'));
  const sampleMs = Number(opt(args, 'import-sample-ms', '500'));
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-import-bench-'));
  try {
    const t = performance.now();
    const corpus = writeImportCorpus(dir, nText, nPdf);
    console.log(`\n### import through /import's file input — corpus by gongkai synth (seeds ${TEXT_SEED}–${TEXT_SEED + TEXT_LAYOUTS.length - 1} text/HTML, ${PDF_SEED} PDF) in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    const probe = await browser.newPage();
    const hw = (await probe.evaluate('navigator.hardwareConcurrency')) as number;
    await probe.close();
    console.log(`machine: ${cpus().length} cores shared with other jobs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Chromium headless, navigator.hardwareConcurrency ${hw}; load average before ${load()}`);
    const sets: [string, string[], number][] = [
      [`text/HTML (${TEXT_LAYOUTS.join(', ')})`, corpus.text, 30_000],
      ['PDF', corpus.pdf, 60_000],
    ];
    for (const [label, paths, target] of sets) {
      if (!paths.length) continue;
      const bytes = paths.reduce((a, p) => a + readFileSync(p).byteLength, 0);
      const out: ImportRun[] = [];
      for (let i = 0; i < runs; i++) out.push(await importOnce(browser, url, paths, Math.max(10 * target, 600_000), sampleMs));
      report(`${label}, ${(bytes / MB).toFixed(1)} MiB`, out, target);
      console.log(`  load average after ${load()}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The import bench against a static build served here, with its own Chromium (bench browser runs it too). */
export async function runImportBench(buildDir: string, args: string[]): Promise<void> {
  const server = await serveStatic(buildDir);
  const browser = await launchChromium();
  try {
    await benchImport(browser, server.url, args);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  await runImportBench(resolve(opt(args, 'build', join(ROOT, 'build'))), args);
}

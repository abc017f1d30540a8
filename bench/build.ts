/**
 * Dataset build at scale: N synthetic reports (default 1,000,000) built into Parquet, then rebuilt
 * unchanged. Reports wall time, reports/s, peak RSS of the build process and bytes per report of the
 * `reports` table. Targets (2-core machine): ≤ 10 min, ≤ 2 GB RSS, ≤ 200 B/report, rerun ≥ 10× faster.
 *
 *   npm run bench -- build --count=20000
 *
 * The corpus is generated once into bench/out/ (gitignored) and kept for later runs. Each build runs
 * in a child process so its peak RSS is its own.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from '../src/synth/write.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const opt = (args: string[], name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

interface ChildResult {
  seconds: number;
  phases: { list: number; parse: number; write: number; tables?: Record<string, number> };
  upToDate: boolean;
  maxRssMB: number;
  /** User + system CPU seconds of the whole build process (main thread, workers, DuckDB). */
  cpuSeconds: number;
  counts: { inputs: number; reports: number; parsed: number; reused: number; error: number; duplicate: number };
  reportsBytes: number;
  reportsRows: number;
}

/** Runs one build in a fresh process and returns what it measured about itself. */
function buildInChild(inDir: string, outDir: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', inDir, outDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, CI: 'true' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`build child exited ${code}`))));
  });
}

async function child(inDir: string, outDir: string): Promise<void> {
  const { buildDataset } = await import('../src/dataset/build.ts');
  const r = await buildDataset({ inDir, outDir });
  const reports = r.manifest.tables.reports!;
  const result: ChildResult = {
    seconds: r.seconds,
    phases: r.phases,
    upToDate: r.upToDate,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    counts: r.counts,
    reportsBytes: reports.files.reduce((n, f) => n + f.bytes, 0),
    reportsRows: reports.rows,
  };
  process.stdout.write(JSON.stringify(result));
}

const fmtTime = (s: number) => (s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);

export async function bench(args: string[]): Promise<void> {
  const count = Number(opt(args, 'count', '1000000'));
  const seed = Number(opt(args, 'seed', '2024'));
  const dir = join(ROOT, 'bench/out', `build-corpus-${seed}-${count}`);
  const out = join(ROOT, 'bench/out', `build-dataset-${seed}-${count}`);
  const marker = join(dir, '.complete');
  console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    const t = performance.now();
    // Like a crawl: a few arithmetic errors and broken files, no ground truth files.
    await writeCorpus({ dir, count, seed, errorRate: 0.05, brokenRate: 0.01, truth: false });
    writeFileSync(marker, new Date().toISOString());
    console.log(`corpus: ${count.toLocaleString('en')} synthetic files written in ${fmtTime((performance.now() - t) / 1000)} (kept in ${dir})`);
  } else console.log(`corpus: ${count.toLocaleString('en')} synthetic files (cached in ${dir}, written ${readFileSync(marker, 'utf8')})`);

  rmSync(out, { recursive: true, force: true });
  const loadBefore = loadavg()[0]!;
  const first = await buildInChild(dir, out);
  console.log(`load average (1 min) before the build ${loadBefore.toFixed(2)}, after ${loadavg()[0]!.toFixed(2)}: above ~2 means other work shared the 2 cores`);
  const rerun = await buildInChild(dir, out);
  const bpr = first.reportsBytes / first.reportsRows;
  const rate = first.counts.inputs / first.seconds;
  console.log(`full build: ${fmtTime(first.seconds)} wall, ${rate.toFixed(0)} files/s, peak RSS ${first.maxRssMB.toFixed(0)} MB, ` +
    `${first.counts.reports.toLocaleString('en')} reports (${first.counts.error} errors, ${first.counts.duplicate} duplicates)`);
  console.log(`  CPU: ${first.cpuSeconds.toFixed(1)} s in all threads = ${((first.cpuSeconds / first.counts.inputs) * 1000).toFixed(2)} ms per file; ` +
    `on ${cpus().length} otherwise idle cores that is ≥ ${fmtTime(first.cpuSeconds / cpus().length)} (other load on a shared machine stretches the wall time)`);
  console.log(`  phases: list ${fmtTime(first.phases.list)}, read+parse+write parts ${fmtTime(first.phases.parse)}, write tables ${fmtTime(first.phases.write)} (` +
    Object.entries(first.phases.tables ?? {}).map(([t, s]) => `${t} ${s.toFixed(1)} s`).join(', ') + ')');
  console.log(`reports table: ${(first.reportsBytes / 2 ** 20).toFixed(1)} MB, ${bpr.toFixed(0)} bytes/report (target ≤ 200)`);
  console.log(`rerun unchanged: ${fmtTime(rerun.seconds)} wall (${rerun.counts.parsed} parsed, ${rerun.counts.reused} reused${rerun.upToDate ? ', dataset already up to date' : ''}), ` +
    `${(first.seconds / rerun.seconds).toFixed(1)}× faster (target ≥ 10×), peak RSS ${rerun.maxRssMB.toFixed(0)} MB`);
  if (count < 1_000_000)
    console.log(`extrapolated to 1,000,000 files: ${fmtTime(1_000_000 / rate)} at this wall rate, ` +
      `${fmtTime(((first.cpuSeconds / first.counts.inputs) * 1_000_000) / cpus().length)} from CPU time on idle cores (target ≤ 10 min) — extrapolations, not measurements`);
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);

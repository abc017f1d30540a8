/**
 * `gongkai parse DIR` against the parser in process: the same 5,000 synthetic reports written to a
 * folder, timed through the CLI (start-up, reading, JSON on stdout included) and in process
 * (analyzeFile on bytes already in memory, warmed up, no output), and the ratio of the two rates
 * (issue 11: the CLI within 80 %). The in-process figure is one core; the CLI's default on a machine
 * of several cores is the worker pool, so it is compared both by wall time (what a user waits) and by
 * CPU time (all threads: what it costs, and the fairer figure on a shared machine).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile } from '../src/analyze.ts';
import { randomReport, renderReport, seededRng } from '../src/synth/index.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** GNU time, when installed, gives the child's CPU seconds: on a shared machine the fairer figure. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

async function cliSeconds(dir: string, extra: string[]): Promise<{ seconds: number; cpu: number | null; lines: number }> {
  const outFile = join(dir, '..', 'parse-out.jsonl');
  const timeFile = join(dir, '..', 'time.txt');
  const fd = openSync(outFile, 'w');
  const t0 = performance.now();
  const cmd = [process.execPath, join(ROOT, 'bin/gongkai.js'), 'parse', ...extra, dir];
  const child = TIME
    ? spawn(TIME, ['-f', '%U %S', '-o', timeFile, ...cmd], { stdio: ['ignore', fd, 'inherit'], env: { ...process.env, CI: 'true' } })
    : spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', fd, 'inherit'], env: { ...process.env, CI: 'true' } });
  await new Promise((r) => child.on('close', r));
  const seconds = (performance.now() - t0) / 1000;
  closeSync(fd);
  const cpu = TIME ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number).reduce((a, b) => a + b, 0) : null;
  const lines = readFileSync(outFile, 'utf8').split('\n').filter(Boolean).length;
  return { seconds, cpu, lines };
}

export async function benchCli(count: number): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'gongkai-parse-cli-'));
  const dir = join(work, 'reports');
  try {
    const rng = seededRng(11);
    mkdirSync(dir);
    for (let i = 0; i < count; i++) {
      const { bytes, ext } = renderReport(randomReport(rng));
      writeFileSync(join(dir, `r${String(i).padStart(5, '0')}${ext}`), bytes);
    }
    const files = readdirSync(dir).sort().map((n) => join(dir, n));
    // In process: read and analyse each file, after an untimed warm-up pass over a tenth.
    for (const f of files.slice(0, Math.ceil(count / 10))) await analyzeFile(f, readFileSync(f));
    const bytes = files.map((f) => readFileSync(f));
    const memRates: number[] = [];
    const memCpu: number[] = [];
    const cores = availableParallelism();
    const modes = [
      ['--workers 0: in process', ['--workers', '0']],
      [`default: ${cores > 1 ? `${cores} workers` : 'in process'} on ${cores} cores`, []],
    ] as const;
    const cli: Record<string, { wall: number[]; cpu: number[] }> = Object.fromEntries(modes.map(([label]) => [label, { wall: [], cpu: [] }]));
    const loadBefore = loadavg()[0]!;
    for (let round = 0; round < 3; round++) {
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      for (let i = 0; i < files.length; i++) await analyzeFile(files[i]!, bytes[i]!);
      const c = process.cpuUsage(c1);
      memRates.push(count / ((performance.now() - t1) / 1000));
      memCpu.push(count / ((c.user + c.system) / 1e6));
      for (const [label, extra] of modes) {
        const { seconds, cpu, lines } = await cliSeconds(dir, [...extra]);
        if (lines !== count) throw new Error(`gongkai parse printed ${lines} records for ${count} files`);
        cli[label]!.wall.push(count / seconds);
        if (cpu) cli[label]!.cpu.push(count / cpu);
      }
    }
    const list = (xs: number[]) => xs.map((r) => r.toFixed(0)).join(', ');
    const mem = median(memRates);
    const memC = median(memCpu);
    console.log(`in process, one core (bytes in memory, warmed up, no output): median ${mem.toFixed(0)} reports/s wall (${list(memRates)}), ${memC.toFixed(0)} reports/s of CPU time`);
    for (const [label, r] of Object.entries(cli)) {
      const wall = median(r.wall);
      const cpu = r.cpu.length ? median(r.cpu) : NaN;
      console.log(
        `gongkai parse DIR (${label}) on ${count} files, start-up, reading and JSON output included: median ${wall.toFixed(0)} reports/s wall (${list(r.wall)}) → ratio ${(wall / mem).toFixed(2)}; ` +
          (r.cpu.length ? `${cpu.toFixed(0)} reports/s of CPU time (${list(r.cpu)}) → ratio ${(cpu / memC).toFixed(2)}` : 'CPU time not measured (no /usr/bin/time)') +
          ' (target ≥ 0.80)',
      );
    }
    console.log(`load average (1 min) before ${loadBefore.toFixed(2)}, after ${loadavg()[0]!.toFixed(2)} on ${cores} cores: above ~1 the wall figures count waiting for a core`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

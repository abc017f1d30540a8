/**
 * Issue 11, acceptance 1: `gongkai build` over a hostile folder — the bundled reports plus a span
 * bomb, a 600 KB nested-table page with <svg>, a 10,000-deep nesting, a 20 MB file, a stray-byte
 * UTF-8 report, implausible values, a dangling symlink, a symlink leaving the folder, a FIFO and a
 * duplicate — exits 0 and accounts for every entry, each file within a 2 s budget and the whole build
 * under 1 GB of RSS; with --strict it exits 1. And a worker that dies (out of memory, or hung past its
 * budget) costs only the file it was on.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze.ts';
import { REPORTS_DIR, reportBytes } from './helpers/corpus.ts';

const ROOT = join(import.meta.dirname, '..');
const REPORTS = REPORTS_DIR.pathname;
let work: string;
let dir: string;
/** Where the stray byte sits in stray-byte.txt. */
let cut = 0;

interface Run {
  code: number | null;
  stderr: string;
  /** Peak resident memory of the build (main thread and workers: one process), from /proc. */
  peakRssMb: number;
}

/** Runs `gongkai build`, sampling VmHWM (the kernel's peak RSS) until it exits. */
async function build(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/gongkai.js'), 'build', ...args], { env: { ...process.env, CI: 'true', ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let peak = 0;
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // exited
    }
  };
  const timer = setInterval(sample, 50);
  const code = await new Promise<number | null>((r) => child.on('close', r));
  clearInterval(timer);
  return { code, stderr, peakRssMb: peak };
}

type Entry = { file: string; status: string; code: string | null; message: string | null };
const report = (out: string) => JSON.parse(readFileSync(join(out, "build-report.json"), "utf8")) as { counts: { inputs: number; reports: number; error: number; duplicate: number; skipped: number }; files: Entry[] };

/** A bundled seed report with values no count can be: −5 and 1.5 in section 二, twenty digits in section 三. */
function implausibleReport(): string {
  const lines = reportBytes('000_ec4eb35032c3f175.txt').toString('utf8').split('\n');
  const at = lines.indexOf('规章 |');
  lines[at + 1] = '-5 |';
  lines[at + 2] = '1.5 |';
  lines[lines.indexOf('一、本年新收政府信息公开申请数量 |') + 1] = '99999999999999999999 |';
  return lines.join('\n');
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'gongkai-hostile-'));
  dir = join(work, 'in');
  mkdirSync(dir);
  for (const n of readdirSync(REPORTS)) cpSync(join(REPORTS, n), join(dir, n));
  cpSync(join(REPORTS, '000_ec4eb35032c3f175.txt'), join(dir, 'copy-of-000.txt'));
  const row = '<tr>' + '<td rowspan=100 colspan=100>1</td>'.repeat(100) + '</tr>';
  writeFileSync(join(dir, 'span-bomb.html'), `<html><body><table>${row.repeat(20)}</table></body></html>`);
  const depth = Math.floor((600 * 1024) / 34);
  writeFileSync(join(dir, 'nested-svg.html'), `<html><body><svg><circle r="1"/></svg>${'<table><tr><td>'.repeat(depth)}1${'</td></tr></table>'.repeat(depth)}</body></html>`);
  writeFileSync(join(dir, 'deep-10000.html'), `<html><body>${'<div>'.repeat(10_000)}政府信息公开${'</div>'.repeat(10_000)}</body></html>`);
  writeFileSync(join(dir, 'big-20mb.txt'), Buffer.alloc(20 * 1024 * 1024, 0x61));
  const good = reportBytes('001_0d1549d3544ebfbf.txt');
  cut = good.indexOf('\n', 1500) + 1;
  writeFileSync(join(dir, 'stray-byte.txt'), Buffer.concat([good.subarray(0, cut), Buffer.from([0xff]), good.subarray(cut)]));
  writeFileSync(join(dir, 'implausible.txt'), implausibleReport());
  symlinkSync(join(dir, 'no-such-file.txt'), join(dir, 'dangling.txt'));
  writeFileSync(join(work, 'secret.txt'), 'outside the input folder');
  symlinkSync(join(work, 'secret.txt'), join(dir, 'outside.txt'));
  const fifo = spawnSync('mkfifo', [join(dir, 'pipe.txt')]);
  if (fifo.status !== 0) throw new Error(`mkfifo failed: ${fifo.stderr}`);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('gongkai build over a hostile folder', () => {
  it('exits 0, publishes every good report, lists every entry with status and reason; 2 s per file, RSS < 1 GB; --strict exits 1', async () => {
    const out = join(work, 'out');
    const run = await build([dir, out, '--file-timeout', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/input\(s\) not taken/);
    expect(run.peakRssMb, 'peak RSS of the build').toBeGreaterThan(0);
    expect(run.peakRssMb, 'peak RSS of the build').toBeLessThan(1024);
    console.log(`hostile build: peak RSS ${run.peakRssMb.toFixed(0)} MB`);

    const { counts, files } = report(out);
    const by = Object.fromEntries(files.map((f) => [f.file, f]));
    const entries = readdirSync(dir).filter((n) => !n.endsWith('.json')).sort();
    expect(files.map((f) => f.file)).toEqual(entries);
    expect(counts.inputs).toBe(entries.length);
    expect(counts.inputs).toBe(counts.reports + counts.error + counts.duplicate + counts.skipped);
    for (const f of files) {
      expect(['ok', 'warning', 'error', 'duplicate', 'skipped'], f.file).toContain(f.status);
      if (f.status !== 'ok') expect(f.message, f.file).toMatch(/[\u4e00-\u9fff]/); // a reason, in Chinese
    }
    // The 2 s budget: no file ran over it.
    expect(files.filter((f) => f.code === 'parse_timeout')).toEqual([]);

    expect(by['span-bomb.html']).toMatchObject({ status: 'error', code: 'table_too_large' });
    expect(by['nested-svg.html']).toMatchObject({ status: 'error', code: 'html_too_deep' });
    expect(by['deep-10000.html']).toMatchObject({ status: 'error', code: 'html_too_deep' });
    expect(by['big-20mb.txt']).toMatchObject({ status: 'error', code: 'file_too_large' });
    expect(by['big-20mb.txt']!.message).toContain('20.0 MB');
    expect(by['stray-byte.txt']!.status).toBe('warning');
    expect(by['stray-byte.txt']!.message).toContain(`字节偏移 ${cut}`);
    expect(by['implausible.txt']).toMatchObject({ status: 'warning', code: 'value_implausible' });
    expect(by['implausible.txt']!.message).toContain('99999999999999999999');
    expect(by['dangling.txt']).toMatchObject({ status: 'skipped', code: 'symlink_dangling' });
    expect(by['outside.txt']).toMatchObject({ status: 'skipped', code: 'symlink_outside' });
    expect(by['pipe.txt']).toMatchObject({ status: 'skipped', code: 'not_regular_file' });
    expect(by['copy-of-000.txt']).toMatchObject({ status: 'duplicate' });

    // Every bundled report has the status it has on its own.
    for (const n of readdirSync(REPORTS).filter((x) => !x.endsWith('.json'))) {
      const alone = (await analyzeFile(n, reportBytes(n))).report.status;
      expect(by[n]!.status, n).toBe(alone);
    }
    // Nothing from outside the folder was published.
    const texts = readdirSync(join(out), { recursive: true }).map(String).filter((p) => p.endsWith('.parquet'));
    expect(texts.length).toBeGreaterThan(0);
    for (const p of texts) expect(readFileSync(join(out, p)).includes('outside the input folder'), p).toBe(false);

    const strict = await build([dir, out, '--strict']);
    expect(strict.code, strict.stderr).toBe(1);
  }, 240_000);

  it('a worker that runs out of memory or hangs costs only its file; the build goes on with a fresh worker', async () => {
    const small = join(work, 'small');
    mkdirSync(small);
    const names = readdirSync(REPORTS).filter((x) => /^00\d_/.test(x)).sort();
    for (const n of names) cpSync(join(REPORTS, n), join(small, n));
    const out = join(work, 'faults');
    // One worker: the victims' batch mates and the reports it had not written yet are replayed.
    const run = await build([small, out, '--workers', '1', '--file-timeout', '10'], { GONGKAI_FAULT_INJECT: 'oom:002_,hang:003_' });
    expect(run.code, run.stderr).toBe(0);
    const { counts, files } = report(out);
    const by = Object.fromEntries(files.map((f) => [f.file, f]));
    expect(files.map((f) => f.file)).toEqual(names);
    expect(by[names[2]!]).toMatchObject({ status: 'error', code: 'parse_out_of_memory' });
    expect(by[names[2]!]!.message).toContain('256 MB');
    expect(by[names[3]!]).toMatchObject({ status: 'error', code: 'parse_timeout' });
    expect(by[names[3]!]!.message).toContain('10 秒');
    let usable = 0;
    for (const n of [names[0]!, names[1]!, names[4]!]) {
      const alone = (await analyzeFile(n, reportBytes(n))).report.status;
      expect(by[n]!.status, n).toBe(alone);
      if (alone !== 'error') usable++;
    }
    // Their report rows survived the two deaths: replayed onto the fresh workers.
    expect(counts.reports).toBe(usable);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  }, 180_000);
});

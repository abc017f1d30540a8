/**
 * `npm run bench -- start`: what a new user waits for. In a fresh clone of this checkout's HEAD (its own
 * node_modules, so an empty compression cache), the time of `npm ci`, then of `npm start` to the first
 * page served (`/` answered 200 by gongkai serve), then of a second `npm start` (dataset up to date,
 * DuckDB's .wasm compressed from the cache). Target: the first within 2 minutes on this machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function timed(cmd: string, args: string[], cwd: string): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
  return performance.now() - t;
}

/** Runs `npm start -- --port 0` until `/` is served; returns the time, then stops the server. */
async function startToFirstPage(cwd: string): Promise<number> {
  const t = performance.now();
  const child = spawn('npm', ['start', '--', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  try {
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /gongkai serve: .* at (http:\/\/\S+)/.exec(out);
        if (m) ok(m[1]!);
      });
      child.on('exit', (code) => fail(new Error(`npm start exited (${code}) before serving`)));
    });
    for (;;) {
      try {
        if ((await fetch(`${url}/`)).ok) return performance.now() - t;
      } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
  }
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-fresh-'));
  try {
    const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    timed('git', ['clone', '--quiet', ROOT, dir], ROOT);
    console.log(`fresh clone of ${head} in ${dir}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    const ci = timed('npm', ['ci', '--no-audit', '--no-fund'], dir);
    console.log(`npm ci: ${s(ci)}`);
    const first = await startToFirstPage(dir);
    console.log(`npm start (dataset, site build, compression with an empty cache) → first page served: ${s(first)}; npm ci && npm start: ${s(ci + first)} — target ≤ 120 s: ${ci + first <= 120_000 ? 'met' : 'NOT met'}`);
    const second = await startToFirstPage(dir);
    console.log(`second npm start → first page served: ${s(second)}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

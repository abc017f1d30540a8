/**
 * Browser tests run against the real static build: build the dataset (`npm run data`), build the site
 * (`npm run build`) when it is missing or older than its sources, and serve it with `gongkai serve`
 * (what `npm start` runs) on a free port. GONGKAI_DASHBOARD_FIXTURE=1 uses the synthetic fixture dataset instead of
 * `npm run data` (for working on the dashboard while the dataset build is unavailable).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildFixture } from './fixture-dataset.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DATA = join(ROOT, 'static', 'data');

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
  }
}

function newest(path: string, skip: (p: string) => boolean = () => false): number {
  if (!existsSync(path) || skip(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f), skip)));
}

function npm(script: string, env: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync('npm', ['run', script], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`npm run ${script} failed (exit ${r.status}); the browser tests need it`);
}

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? ok(a.port) : fail(new Error('no port'))));
    });
  });

async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not answer at ${url}`);
}

let preview: ChildProcess | null = null;

export async function setup(project: TestProject): Promise<void> {
  // The dataset is rebuilt only when its inputs or the code that builds it changed.
  // …except the default views' queries, whose answers the build writes to summary.json (so their folder is looked into).
  const dashboardOnly = (p: string) => !/src\/lib\/client(\/(views|queries)\.ts)?$/.test(p) && /src\/(routes|lib\/client)(\/|$)|src\/lib\/(metrics|i18n)\.ts$|src\/app\.(html|d\.ts)$/.test(p);
  const dataInputs = Math.max(newest(join(ROOT, 'data', 'reports')), newest(join(ROOT, 'src'), dashboardOnly), newest(join(ROOT, 'package-lock.json')));
  const fixture = process.env.GONGKAI_DASHBOARD_FIXTURE === '1';
  const wasFixture = existsSync(join(DATA, 'manifest.json')) && readFileSync(join(DATA, 'manifest.json'), 'utf8').includes('"parser_version": "fixture"');
  if (fixture || wasFixture || newest(join(DATA, 'manifest.json')) < dataInputs) {
    // 25,000 reports in row groups of 2,048: year files of about 1 MB with three row groups, so that
    // the Region page has row groups to skip (test 7).
    if (fixture) await buildFixture(DATA, 25_000, 5, Infinity, 2048);
    else npm('data');
  }
  if (!existsSync(join(DATA, 'manifest.json'))) throw new Error(`npm run data wrote no ${DATA}/manifest.json`);

  // The site depends on the dashboard code only; a new dataset alone is copied in, as the build would.
  const built = newest(join(ROOT, 'build', 'index.html'));
  const siteSources = Math.max(
    // src/lib, the parser and the dataset's row and table code are bundled too (the import page parses, and makes the dataset, in the browser).
    ...['src/routes', 'src/lib', 'src/parser', 'src/regions', 'src/analyze.ts', 'src/dataset', 'src/app.html', 'src/app.d.ts',
      'svelte.config.js', 'vite.config.ts', 'src/site', 'package-lock.json'].map((f) => newest(join(ROOT, f))),
    newest(join(ROOT, 'static'), (p) => p === DATA),
  );
  if (!built || built < siteSources) npm('build');
  else if (newest(join(ROOT, 'build', 'data', 'manifest.json')) < newest(join(DATA, 'manifest.json'))) {
    rmSync(join(ROOT, 'build', 'data'), { recursive: true, force: true });
    cpSync(DATA, join(ROOT, 'build', 'data'), { recursive: true });
  }

  const port = await freePort();
  // The server `npm start` runs (src/serve/server.ts), so every browser test sees production headers.
  preview = spawn(process.execPath, [join(ROOT, 'bin', 'gongkai.js'), 'serve', join(ROOT, 'build'), '--host', '127.0.0.1', '--port', String(port)], { cwd: ROOT, stdio: 'ignore', detached: true });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${baseUrl}/data/manifest.json`, 30_000);
  project.provide('baseUrl', baseUrl);
  project.provide('dataDir', join(ROOT, 'build', 'data'));
}

export async function teardown(): Promise<void> {
  if (preview?.pid) {
    try { process.kill(-preview.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
}

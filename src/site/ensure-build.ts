/**
 * `npm start`'s site step: builds the site only when it is missing or older than what it is built
 * from, and otherwise brings a new dataset into build/data as `vite build` would (copying static/data),
 * so a second `npm start` serves in seconds instead of rebuilding an unchanged site.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { precompressTree } from './precompress.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BUILD = join(ROOT, 'build');
const DATA = join(ROOT, 'static', 'data');
/** What the site is built from (the dataset under static/data is not: it is copied). */
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];

/** The newest file's time. Folders' own times are left out: `gongkai build` stages its output in a temporary folder under static/, which touches static/ on every run. */
function newest(path: string): number {
  if (!existsSync(path) || path === DATA) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).filter((f) => !f.startsWith('.')).map((f) => newest(join(path, f))));
}

const same = (a: string, b: string) => existsSync(a) && existsSync(b) && readFileSync(a).equals(readFileSync(b));

export async function ensureBuild(): Promise<'built' | 'data' | 'fresh'> {
  const built = existsSync(join(BUILD, 'index.html')) ? statSync(join(BUILD, 'index.html')).mtimeMs : 0;
  if (!built || built < Math.max(...SOURCES.map((s) => newest(join(ROOT, s))))) {
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
    return 'built';
  }
  if (!existsSync(DATA) || ['manifest.json', 'summary.json'].every((f) => same(join(DATA, f), join(BUILD, 'data', f)))) return 'fresh';
  rmSync(join(BUILD, 'data'), { recursive: true, force: true });
  cpSync(DATA, join(BUILD, 'data'), { recursive: true });
  if (process.env.GONGKAI_FAST_BUILD !== '1') await precompressTree(join(BUILD, 'data'), { log: (m) => console.log(`  data: ${m}`) });
  return 'data';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t = performance.now();
  const what = await ensureBuild();
  console.log(`site: ${what === 'built' ? 'built' : what === 'data' ? 'up to date; new dataset copied into build/data' : 'up to date'} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
}

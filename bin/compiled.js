// The CLI compiled once to plain JavaScript (esbuild, into node_modules/.cache/gongkai/cli/) and
// compiled again whenever a source file it is built from changes. Running the TypeScript through tsx
// instead cost each start-up about 0.4 s of CPU (its loader thread, a round trip per module) — most
// of what `gongkai parse` on one file spent before parsing. Any failure here (no esbuild, a cache that
// cannot be written) returns null and the caller falls back to tsx: the compiled form is only faster.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/gongkai/cli');
const MANIFEST = join(CACHE, 'current.json');
/** The CLI and the modules it runs on worker threads (see src/dataset/ts-worker.ts). */
const ENTRIES = ['src/cli.ts', 'src/commands/parse-worker.ts', 'src/dataset/worker.ts'];
/** Files that change how the sources compile or resolve (`imports` in package.json), besides the sources. */
const SETTINGS = ['package.json', 'tsconfig.json', 'bin/compiled.js'];
/**
 * Older compiled copies are removed after a day: a process started on one (a long build) may still
 * load its lazy chunks and start workers from it.
 */
const KEEP_OLD_MS = 24 * 3600_000;

const stamp = (file) => {
  const s = statSync(join(ROOT, file));
  return `${s.size}:${s.mtimeMs}`;
};

/** The manifest's output when every file it was compiled from is unchanged, else null. */
function fresh() {
  let m;
  try {
    m = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    for (const [file, s] of Object.entries(m.inputs)) if (stamp(file) !== s) return null;
    statSync(join(CACHE, m.dir, 'cli.mjs'));
  } catch {
    return null;
  }
  return m;
}

/**
 * Rewrites `import.meta.url` and `import.meta.dirname` to the source file's own, so that paths the
 * code builds from them (data files, worker modules, the build's source fingerprint) stay those of
 * src/ and not of the cache.
 */
const sourceMeta = {
  name: 'source-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)));
      return { contents: text, loader: 'ts' };
    });
  },
};

async function compile() {
  const esbuild = await import('esbuild');
  mkdirSync(CACHE, { recursive: true });
  const name = `b-${Date.now().toString(36)}-${process.pid}`;
  const tmp = join(CACHE, `${name}.tmp`);
  // Stamps are taken before compiling: a file edited meanwhile makes the next run compile again.
  const sources = readdirSync(join(ROOT, 'src'), { recursive: true }).map((f) => join('src', f));
  const before = Object.fromEntries([...SETTINGS, ...sources].map((f) => [f, stamp(f)]));
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outbase: 'src',
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceMeta],
  });
  const inputs = Object.fromEntries(SETTINGS.map((f) => [f, before[f]]));
  for (const file of Object.keys(result.metafile.inputs)) inputs[file] = before[file] ?? stamp(file);
  renameSync(tmp, join(CACHE, name));
  const manifest = { dir: name, inputs };
  writeFileSync(`${MANIFEST}.${process.pid}`, JSON.stringify(manifest));
  renameSync(`${MANIFEST}.${process.pid}`, MANIFEST);
  for (const old of readdirSync(CACHE)) {
    if (old === name || old === 'current.json' || old.startsWith('current.json.')) continue;
    try {
      if (Date.now() - statSync(join(CACHE, old)).mtimeMs > KEEP_OLD_MS) rmSync(join(CACHE, old), { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
  return manifest;
}

/**
 * The compiled CLI's URL (compiling it first when missing or stale), or null to run the sources
 * through tsx. Also registers the compiled worker modules for src/dataset/ts-worker.ts.
 */
export async function compiledCli() {
  if (process.env.GONGKAI_TSX) return null;
  let m = fresh();
  if (!m) {
    try {
      m = await compile();
    } catch (e) {
      if (process.env.GONGKAI_DEBUG) console.error('gongkai: running through tsx, compiling failed:', e);
      return null;
    }
  }
  const out = join(CACHE, m.dir);
  const entries = new Map(ENTRIES.map((e) => [pathToFileURL(join(ROOT, e)).href, pathToFileURL(join(out, e.slice(4).replace(/\.ts$/, '.mjs'))).href]));
  globalThis[Symbol.for('gongkai.compiledWorkers')] = entries;
  if (process.env.GONGKAI_DEBUG) process.setSourceMapsEnabled(true);
  return entries.get(pathToFileURL(join(ROOT, ENTRIES[0])).href);
}

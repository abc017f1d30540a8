/**
 * Precompression for the static build, in place of adapter-static's (Brotli at quality 11 on every
 * file, every build: about four minutes on DuckDB's two 35 MB .wasm files on 2 cores).
 *  - Levels that pay off: quality 11 costs little on small files; on DuckDB's .wasm (34 MB) quality 11
 *    takes minutes for about 10 % less than quality 9 with a 16 MB window (5.9 MB in about 11 s).
 *  - What did not change since the last build (DuckDB's .wasm, which comes from the npm package, and
 *    most chunks) is compressed once and reused by content hash from node_modules/.cache/gongkai/precompress.
 * Plain JS because svelte.config.js imports it before any TypeScript loader runs.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Files a browser asks for that compress (Parquet is compressed inside already). */
export const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|xml|wasm|txt|csv|map)$/;
/** At and above this size a file is compressed at the large-file level. */
export const LARGE = 1 << 20;
/** At and above this size a compressed file is kept in the cache by content hash (smaller ones take milliseconds). */
export const CACHED = 16 << 10;
/** Bump when the levels change, so cached files made with other settings are not reused. */
const CACHE_VERSION = 'v1';

/**
 * @param {number} size
 * @returns {{ br: import('node:zlib').BrotliOptions, gz: import('node:zlib').ZlibOptions, tag: string }}
 */
export function levelsFor(size) {
  const large = size >= LARGE;
  return {
    br: {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: large ? 9 : 11,
        [zlib.constants.BROTLI_PARAM_LGWIN]: large ? 24 : 22,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
      },
    },
    gz: { level: 9 },
    tag: large ? 'br9w24-gz9' : 'br11-gz9',
  };
}

/** @param {string} dir @returns {string[]} */
function listFiles(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(abs));
    else if (entry.isFile() && COMPRESSIBLE.test(entry.name)) out.push(abs);
  }
  return out;
}

/**
 * Writes FILE.br and FILE.gz beside every compressible file under `dir`.
 * @param {string} dir
 * @param {{ cacheDir?: string, log?: (msg: string) => void }} [options]
 * @returns {Promise<{ files: number, cached: number, compressed: number, ms: number }>}
 */
export async function precompressTree(dir, options = {}) {
  const cacheDir = options.cacheDir ?? resolve('node_modules/.cache/gongkai/precompress');
  const t0 = performance.now();
  let cached = 0;
  let compressed = 0;
  const files = listFiles(dir);
  // zlib's async calls run on libuv's thread pool, so files compress in parallel on every core.
  await Promise.all(files.map(async (file) => {
    const data = readFileSync(file);
    const levels = levelsFor(data.length);
    const keep = data.length >= CACHED;
    const key = keep ? createHash('sha256').update(data).digest('hex') : '';
    for (const [format, make] of /** @type {const} */ ([['br', () => brotli(data, levels.br)], ['gz', () => gzip(data, levels.gz)]])) {
      const target = `${file}.${format}`;
      const cachedFile = keep ? join(cacheDir, `${key}.${CACHE_VERSION}-${levels.tag}.${format}`) : '';
      if (keep && existsSync(cachedFile)) {
        copyFileSync(cachedFile, target);
        cached++;
        continue;
      }
      const out = await make();
      writeFileSync(target, out);
      compressed++;
      if (keep) {
        mkdirSync(cacheDir, { recursive: true });
        // Written under a temporary name first, so an interrupted build never leaves half a file to reuse.
        const tmp = `${cachedFile}.${process.pid}.tmp`;
        writeFileSync(tmp, out);
        renameSync(tmp, cachedFile);
      }
    }
  }));
  const ms = performance.now() - t0;
  options.log?.(`precompressed ${files.length} files (${compressed} compressed, ${cached} from the cache) in ${(ms / 1000).toFixed(1)} s`);
  return { files: files.length, cached, compressed, ms };
}

/**
 * Wraps an adapter (adapter-static with `precompress: false`) to precompress its output folder.
 * @param {import('@sveltejs/kit').Adapter} inner
 * @param {string} outDir
 * @returns {import('@sveltejs/kit').Adapter}
 */
export function precompressed(inner, outDir) {
  return {
    ...inner,
    name: `${inner.name}+gongkai-precompress`,
    async adapt(builder) {
      await inner.adapt(builder);
      if (process.env.GONGKAI_FAST_BUILD === '1') return;
      await precompressTree(resolve(outDir), { log: (m) => console.log(`  ${m}`) });
    },
  };
}

/**
 * `gongkai serve`'s server on a small site written here: encodings, ranges, caching, CSP, paths.
 * (The same checks on the real build, and in Chromium, are in tests/browser/serve.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cspOfHtml } from '../src/serve/headers.ts';
import { parseRange } from '../src/serve/range.ts';
import { createStaticServer, listen } from '../src/serve/server.ts';

const POLICY = "default-src 'self'; script-src 'self' 'sha256-abc+/='; img-src 'self' data:";
const page = (title: string, policy?: string) =>
  `<!doctype html><html><head>${policy ? `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/'/g, '&#39;')}">` : ''}<title>${title}</title></head><body></body></html>`;

let dir: string;
let server: Server;
let url: string;
const parquet = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-serve-'));
  mkdirSync(join(dir, '_app', 'immutable', 'chunks'), { recursive: true });
  mkdirSync(join(dir, 'data', 'reports', 'year=2024'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), page('home', POLICY));
  writeFileSync(join(dir, 'about.html'), page('about', POLICY + "; frame-ancestors 'none'"));
  writeFileSync(join(dir, 'plain.html'), page('no policy'));
  const js = 'export const x = 1;\n'.repeat(200);
  writeFileSync(join(dir, '_app', 'immutable', 'chunks', 'a.B1x2.js'), js);
  writeFileSync(join(dir, '_app', 'immutable', 'chunks', 'a.B1x2.js.br'), brotliCompressSync(js));
  writeFileSync(join(dir, '_app', 'immutable', 'chunks', 'a.B1x2.js.gz'), gzipSync(js));
  writeFileSync(join(dir, '_app', 'immutable', 'duck.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(dir, 'data', 'reports', 'year=2024', 'part-0.parquet'), parquet);
  writeFileSync(join(dir, 'data', 'manifest.json'), '{"a":1}');
  // A compressed copy older than its file (the file replaced after the build) must not be sent.
  writeFileSync(join(dir, 'data', 'manifest.json.br'), brotliCompressSync('{"stale":true}'));
  utimesSync(join(dir, 'data', 'manifest.json.br'), new Date(2000, 0, 1), new Date(2000, 0, 1));
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  server = createStaticServer({ root: dir });
  url = await listen(server, 0, '127.0.0.1');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers });

describe('gongkai serve', () => {
  test('precompressed Brotli or gzip by Accept-Encoding, identity otherwise', async () => {
    // fetch decodes the body itself, so the header and the decoded text are both checked.
    const br = await get('/_app/immutable/chunks/a.B1x2.js', { 'accept-encoding': 'gzip, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(await br.text()).toContain('export const x = 1;');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const gz = await get('/_app/immutable/chunks/a.B1x2.js', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const id = await get('/_app/immutable/chunks/a.B1x2.js', { 'accept-encoding': 'identity' });
    expect(id.headers.get('content-encoding')).toBeNull();
    expect(id.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const stale = await get('/data/manifest.json', { 'accept-encoding': 'br' });
    expect(stale.headers.get('content-encoding')).toBeNull();
    expect(await stale.json()).toEqual({ a: 1 });
  });

  test('byte ranges: 206 with the right bytes, suffix ranges, 416, never compressed', async () => {
    const r = await get('/data/reports/year=2024/part-0.parquet', { range: 'bytes=10-19', 'accept-encoding': 'br' });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe('bytes 10-19/1000');
    expect(r.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await r.arrayBuffer())).toEqual(parquet.subarray(10, 20));
    const one = await get('/data/reports/year=2024/part-0.parquet', { range: 'bytes=0-0' });
    expect(Buffer.from(await one.arrayBuffer())).toEqual(parquet.subarray(0, 1));
    const tail = await get('/data/reports/year=2024/part-0.parquet', { range: 'bytes=-8' });
    expect(tail.headers.get('content-range')).toBe('bytes 992-999/1000');
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(parquet.subarray(992));
    const open = await get('/data/reports/year=2024/part-0.parquet', { range: 'bytes=990-' });
    expect(Buffer.from(await open.arrayBuffer())).toEqual(parquet.subarray(990));
    expect((await get('/data/reports/year=2024/part-0.parquet', { range: 'bytes=1000-1001' })).status).toBe(416);
    const multi = await get('/data/reports/year=2024/part-0.parquet', { range: 'bytes=0-1,5-6' });
    expect(multi.status).toBe(200);
    expect((await multi.arrayBuffer()).byteLength).toBe(1000);
    expect(multi.headers.get('content-type')).toBe('application/vnd.apache.parquet');
  });

  test('types, caching and revalidation', async () => {
    const wasm = await get('/_app/immutable/duck.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const data = await get('/data/reports/year=2024/part-0.parquet');
    expect(data.headers.get('cache-control')).toBe('no-cache');
    const etag = data.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect((await get('/data/reports/year=2024/part-0.parquet', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/data/reports/year=2024/part-0.parquet', { 'if-none-match': `W/${etag}` })).status).toBe(304);
    // An If-Range that no longer matches gets the whole (changed) file, not a range of it.
    expect((await get('/data/reports/year=2024/part-0.parquet', { range: 'bytes=0-9', 'if-range': '"other"' })).status).toBe(200);
    expect((await get('/about')).headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${url}/data/manifest.json`, { method: 'POST' })).status).toBe(405);
  });

  test("each page's CSP meta tag is also sent as a header", async () => {
    expect((await get('/')).headers.get('content-security-policy')).toBe(POLICY);
    expect((await get('/about')).headers.get('content-security-policy')).toBe(POLICY + "; frame-ancestors 'none'");
    expect((await get('/about.html')).headers.get('content-security-policy')).toBe(POLICY + "; frame-ancestors 'none'");
    expect((await get('/plain')).headers.get('content-security-policy')).toBeNull();
    expect((await get('/_app/immutable/duck.wasm')).headers.get('content-security-policy')).toBeNull();
  });

  test('nothing outside the folder, no dotfiles, 404 for the unknown', async () => {
    for (const p of ['/.env', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd', '/data/%00x', '/nope'])
      expect((await get(p)).status, p).toBe(404);
  });
});

describe('pure parts', () => {
  test('parseRange', () => {
    expect(parseRange(undefined, 10)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=2-4', 10)).toEqual({ kind: 'partial', start: 2, end: 4 });
    expect(parseRange('bytes=2-400', 10)).toEqual({ kind: 'partial', start: 2, end: 9 });
    expect(parseRange('bytes=-20', 10)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(parseRange('bytes=-0', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=10-', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=5-2', 10)).toEqual({ kind: 'full' });
    expect(parseRange('items=0-1', 10)).toEqual({ kind: 'full' });
  });
  test('cspOfHtml reads the meta tag whatever its case and entities', () => {
    expect(cspOfHtml(page('x', POLICY))).toBe(POLICY);
    expect(cspOfHtml('<META HTTP-EQUIV="content-security-policy" CONTENT="default-src &apos;none&apos;\n  img-src data:">')).toBe("default-src 'none' img-src data:");
    expect(cspOfHtml('<meta name="viewport" content="width=device-width">')).toBeNull();
  });
});

/**
 * `gongkai serve DIR`: the built site served the way a production static host should. A small server
 * of its own rather than sirv, which applies a Range header to the Brotli file, reads `bytes=0-0` as
 * the whole file and does not know suffix ranges — and the Parquet reader lives on ranges.
 *  - precompressed `.br` / `.gz` beside a file are sent when Accept-Encoding allows (never for a range);
 *  - single byte ranges → 206 with Content-Range, unsatisfiable → 416;
 *  - Cache-Control: immutable under /_app/immutable/, revalidate (no-cache + ETag → 304) elsewhere;
 *  - each page's CSP (from its own meta tag) also as a Content-Security-Policy header.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { posix, resolve, sep } from 'node:path';
import { cacheControl, cspOfHtml } from './headers.ts';
import { contentType } from './mime.ts';
import { parseRange } from './range.ts';

interface Found {
  abs: string;
  size: number;
  mtimeMs: number;
}

async function fileAt(abs: string): Promise<Found | null> {
  try {
    const s = await stat(abs);
    return s.isFile() ? { abs, size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** The URL path as a path inside root, or null (outside root, dot-segments, NUL, malformed). */
export function safePath(root: string, urlPath: string): string | null {
  let p: string;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p.includes('\0') || !p.startsWith('/')) return null;
  const norm = posix.normalize(p);
  // Dotfiles and dot-folders (.git, .env) are never served.
  if (norm.split('/').some((seg) => seg.startsWith('.'))) return null;
  const abs = resolve(root, '.' + norm);
  return abs === root || abs.startsWith(root + sep) ? abs : null;
}

/** SvelteKit's prerendered pages: /about → about.html, / → index.html (trailingSlash 'never'). */
async function resolveFile(root: string, urlPath: string): Promise<Found | null> {
  const abs = safePath(root, urlPath);
  if (!abs) return null;
  const candidates = urlPath.endsWith('/') ? [resolve(abs, 'index.html'), abs.replace(/[\\/]+$/, '') + '.html'] : [abs, abs + '.html', resolve(abs, 'index.html')];
  for (const c of candidates) {
    if (c !== root && !c.startsWith(root + sep)) continue;
    const f = await fileAt(c);
    if (f) return f;
  }
  return null;
}

function accepts(header: string | undefined, coding: string): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
    return name === coding && (!q || Number(q.slice(2)) > 0);
  });
}

const etagOf = (f: Found, coding: string) => `"${f.size.toString(16)}-${Math.trunc(f.mtimeMs).toString(16)}${coding ? `-${coding}` : ''}"`;

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export interface ServeOptions {
  root: string;
  /** Called once per answered request (tests and logs). */
  onRequest?: (req: IncomingMessage, status: number, res: ServerResponse) => void;
}

export function createStaticServer(options: ServeOptions): Server {
  return createServer(createStaticHandler(options));
}

/** The request handler alone (tests put it behind their own server, e.g. to hold back a file). */
export function createStaticHandler({ root: rootIn, onRequest }: ServeOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const root = resolve(rootIn);
  // Pages are read once per version (size + mtime) for their policy.
  const csp = new Map<string, { key: string; policy: string | null }>();
  async function policyOf(f: Found): Promise<string | null> {
    const key = `${f.size}:${f.mtimeMs}`;
    const hit = csp.get(f.abs);
    if (hit?.key === key) return hit.policy;
    const policy = cspOfHtml(await readFile(f.abs, 'utf8'));
    csp.set(f.abs, { key, policy });
    return policy;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return 405;
    }
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    let file = await resolveFile(root, urlPath);
    // An address with no page gets the site's own 404 page (in the reader's language, with the nav), as 404.
    const missing = !file && !/\.[a-z0-9]+$/i.test(urlPath);
    if (missing) file = await resolveFile(root, '/404.html');
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' }).end('not found\n');
      return 404;
    }
    const type = contentType(file.abs);
    const headers: Record<string, string | number> = {
      'Content-Type': type,
      'Cache-Control': cacheControl(urlPath),
      'X-Content-Type-Options': 'nosniff',
      'Accept-Ranges': 'bytes',
    };
    if (type.startsWith('text/html')) {
      const policy = await policyOf(file);
      if (policy) headers['Content-Security-Policy'] = policy;
    }

    // A range names bytes of the file itself, so ranges are always served from the identity file.
    const rangeHeader = req.headers.range;
    let body = file;
    let coding = '';
    // A compressed copy older than its file is stale (the file was replaced after the build): never sent.
    const fresh = (c: Found | null) => (c && c.mtimeMs >= file.mtimeMs ? c : null);
    const [br, gz] = (await Promise.all([fileAt(file.abs + '.br'), fileAt(file.abs + '.gz')])).map(fresh);
    if (br || gz) headers.Vary = 'Accept-Encoding';
    if (rangeHeader === undefined) {
      if (br && accepts(req.headers['accept-encoding'], 'br')) [body, coding] = [br, 'br'];
      else if (gz && accepts(req.headers['accept-encoding'], 'gzip')) [body, coding] = [gz, 'gzip'];
    }
    const etag = etagOf(body, coding);
    headers.ETag = etag;
    headers['Last-Modified'] = new Date(file.mtimeMs).toUTCString();
    if (coding) headers['Content-Encoding'] = coding;

    if (!missing && matches(req.headers['if-none-match'], etag)) {
      delete headers['Content-Type'];
      res.writeHead(304, headers).end();
      return 304;
    }
    const ifRange = req.headers['if-range'];
    const range = missing || (ifRange !== undefined && String(ifRange).trim() !== etag) ? { kind: 'full' as const } : parseRange(rangeHeader, body.size);
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${body.size}`, 'Cache-Control': headers['Cache-Control']! }).end();
      return 416;
    }
    const [status, start, end] = range.kind === 'partial' ? [206, range.start, range.end] : [missing ? 404 : 200, 0, body.size - 1];
    if (status === 206) headers['Content-Range'] = `bytes ${start}-${end}/${body.size}`;
    headers['Content-Length'] = Math.max(0, end - start + 1);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.writeHead(status);
    if (req.method === 'HEAD' || body.size === 0) {
      res.end();
      return status;
    }
    await new Promise<void>((ok) => {
      const stream = createReadStream(body.abs, { start, end });
      stream.on('error', () => res.destroy());
      res.on('close', () => { stream.destroy(); ok(); });
      stream.pipe(res);
    });
    return status;
  }

  return (req, res) => {
    handle(req, res).then(
      (status) => onRequest?.(req, status, res),
      (e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('internal error\n');
        else res.destroy();
        onRequest?.(req, 500, res);
        process.stderr.write(`gongkai serve: ${req.url}: ${e instanceof Error ? e.message : String(e)}\n`);
      },
    );
  };
}

export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => { server.off('error', fail); ok(); });
  });
  const a = server.address() as AddressInfo;
  return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
}

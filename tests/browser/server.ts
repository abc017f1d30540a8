/**
 * Serves the static build (and optionally a dataset folder at /data) on a free localhost port, the
 * way a static host would: precompressed files, HTTP range requests (hyparquet needs them).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** `headers` are set on every response (the CSP test sends the policy as `gongkai serve` will). */
export async function serveStatic(root: string, dataDir?: string, headers: Record<string, string> = {}): Promise<Served> {
  const setHeaders = (res: { setHeader(k: string, v: string): void }) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  };
  const site = sirv(root, { dev: false, etag: true, extensions: ['html'], brotli: true, gzip: true, single: false, setHeaders });
  const data = dataDir ? sirv(dataDir, { dev: true, etag: true, setHeaders }) : null;
  const server: Server = createServer((req, res) => {
    const notFound = () => { res.statusCode = 404; res.end('not found'); };
    if (data && req.url?.startsWith('/data/')) {
      req.url = req.url.slice('/data'.length);
      return data(req, res, notFound);
    }
    site(req, res, notFound);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createStaticServer, listen } from '../serve/server.ts';

const USAGE = `usage: gongkai serve DIR [--port N] [--host H] [--log]

Serves a built site (npm run build → build/) as a production static host would: precompressed
Brotli/gzip by Accept-Encoding, byte ranges (206) for the Parquet reader, application/wasm, immutable
caching under /_app/immutable/ and revalidation (ETag) for pages and data, each page's CSP as a header.
  --port N   port to listen on (default 4173; 0 picks a free one)
  --host H   address to listen on (default 127.0.0.1)
  --log      print one line per request (status, encoding, bytes sent, URL) to stderr`;

export async function run(argv: string[]): Promise<number> {
  let dir: string, port: number, host: string, log: boolean;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, host: { type: 'string' }, log: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new Error('give exactly one folder to serve');
    dir = resolve(positionals[0]!);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder (run npm run build first)`);
    port = Number(values.port ?? '4173');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got '${values.port}'`);
    host = values.host ?? '127.0.0.1';
    log = values.log === true;
  } catch (e) {
    process.stderr.write(`gongkai serve: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const server = createStaticServer({
    root: dir,
    onRequest: log
      ? (req, status, res) => process.stderr.write(`${status} ${String(res.getHeader('content-encoding') ?? '-').padEnd(4)} ${String(res.getHeader('content-length') ?? '-').padStart(9)} ${req.method} ${req.url} [${req.headers['accept-encoding'] ?? ''}]\n`)
      : undefined,
  });
  let url: string;
  try {
    url = await listen(server, port, host);
  } catch (e) {
    process.stderr.write(`gongkai serve: cannot listen on ${host}:${port}: ${(e as Error).message}\n`);
    return 1;
  }
  // The first line on stdout is the address: scripts and tests wait for it.
  process.stdout.write(`gongkai serve: ${dir} at ${url}\n`);
  await new Promise<void>((ok) => {
    const stop = () => server.close(() => ok());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { shouldShowProgress } from '../dataset/progress.ts';
import { crawl, type HostReport } from '../fetch/crawl.ts';
import { DEFAULT_CLIENT } from '../fetch/http.ts';
import { loadRules, type HostRule } from '../fetch/rules.ts';
import { parseSeeds } from '../fetch/seeds.ts';
import { parseYears, type YearRange } from '../fetch/titles.ts';

const USAGE = `usage: gongkai fetch SEEDS_FILE OUT_DIR [--years 2019-2025] [options]

Collects annual reports from government websites into OUT_DIR, a folder \`gongkai build\` reads.
SEEDS_FILE: one 年报 column URL a line, optionally followed by TAB body name TAB region code.
Follows the column's pages, opens the report pages of the years asked, saves each page and its
attachments (.pdf .doc .docx .wps .xls) as OUT_DIR/host/year/…, and records their provenance in
OUT_DIR/manifest.json. A rerun skips what it already has; fetch-report.json says what happened.
  --years Y1-Y2        report years to collect (default: all)
  --update             stop each column at the first page with nothing new
  --delay S            seconds between two requests to the same host (default ${DEFAULT_CLIENT.delayMs / 1000})
  --timeout S          give up on a request after S seconds (default ${DEFAULT_CLIENT.timeoutMs / 1000})
  --retries N          retries on 429, 5xx and network errors, with back-off (default ${DEFAULT_CLIENT.retries})
  --max-mb N           refuse responses larger than N MB (default ${DEFAULT_CLIENT.maxBytes / 1024 / 1024})
  --max-pages N        list pages walked per seed at most (default 200)
  --rules FILE         per-host CSS selectors for unusual list layouts (see docs/fetch.md)
Obeys robots.txt, sends a User-Agent naming Gongkai, one request at a time per host.
Exit status: 0 when every report found was saved, 1 when some failed, 2 bad usage.`;

function num(name: string, s: string | undefined, min: number): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got '${s}'`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  let seedsFile: string, outDir: string, years: YearRange | null, rules: Map<string, HostRule>;
  let opts: { update: boolean; maxPages: number; client: Record<string, number | undefined> };
  let seeds;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        years: { type: 'string' },
        update: { type: 'boolean' },
        delay: { type: 'string' },
        timeout: { type: 'string' },
        retries: { type: 'string' },
        'max-mb': { type: 'string' },
        'max-pages': { type: 'string' },
        rules: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 2) throw new Error(`expected SEEDS_FILE and OUT_DIR, got ${positionals.length} argument(s)`);
    [seedsFile, outDir] = positionals as [string, string];
    outDir = resolve(outDir);
    years = values.years ? parseYears(values.years) : null;
    rules = values.rules ? loadRules(values.rules) : new Map();
    const sec = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 1000));
    const mb = num('max-mb', values['max-mb'], 0.001);
    opts = {
      update: values.update ?? false,
      maxPages: num('max-pages', values['max-pages'], 1) ?? 200,
      client: {
        delayMs: sec(num('delay', values.delay, 0)),
        timeoutMs: sec(num('timeout', values.timeout, 0.001)),
        retries: num('retries', values.retries, 0),
        maxBytes: mb === undefined ? undefined : Math.round(mb * 1024 * 1024),
      },
    };
    let text: string;
    try {
      text = readFileSync(seedsFile, 'utf8');
    } catch (e) {
      throw new Error(`cannot read seeds file ${seedsFile}: ${(e as Error).message}`);
    }
    seeds = parseSeeds(text, seedsFile);
  } catch (e) {
    process.stderr.write(`gongkai fetch: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  mkdirSync(outDir, { recursive: true });
  const client = Object.fromEntries(Object.entries(opts.client).filter(([, v]) => v !== undefined));
  const tty = shouldShowProgress(process.stderr, process.env);
  const start = performance.now();
  const hosts = await crawl(seeds, {
    outDir,
    years,
    update: opts.update,
    maxPages: opts.maxPages,
    rules,
    client,
    onProgress: tty
      ? (p) => process.stderr.write(`\r\x1b[2K${p.requests} requests  ${p.saved} files saved  ${p.failed} failed  ${((performance.now() - start) / 1000).toFixed(0)}s`)
      : undefined,
  });
  if (tty) process.stderr.write('\r\x1b[2K');
  writeFileSync(join(outDir, 'fetch-report.json'), JSON.stringify({ seeds: seeds.length, years, hosts }, null, 1) + '\n');
  process.stderr.write(summary(hosts));
  return hosts.some((h) => h.failed.length > 0) ? 1 : 0;
}

function summary(hosts: HostReport[]): string {
  const lines = hosts.map(
    (h) =>
      `  ${h.host}: ${h.pages_seen} list pages, ${h.reports_found} reports found, ${h.files_saved} files saved, ` +
      `${h.already_had} already had, ${h.duplicates} duplicates, ${h.skipped.length} skipped, ${h.failed.length} failed` +
      h.failed.slice(0, 3).map((f) => `\n    failed ${f.url}: ${f.reason}`).join(''),
  );
  return `gongkai fetch:\n${lines.join('\n')}\n`;
}

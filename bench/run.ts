/**
 * `npm run bench [-- PART… [--options]]`: the benchmarks, kept out of `npm test` and CI.
 * Parts: parse (parser + region resolution), regions, build (1M synthetic reports), browser, start
 * (fresh clone: npm ci && npm start to the first page served, then a second npm start).
 * Each part lives in bench/<part>.ts and exports `bench(args)`.
 */
import { cpus, totalmem } from 'node:os';

const PARTS = ['parse', 'regions', 'build', 'browser', 'layout', 'start', 'pdfcells'] as const;
const args = process.argv.slice(2);
const chosen = args.filter((a) => (PARTS as readonly string[]).includes(a));
const options = args.filter((a) => !chosen.includes(a));

console.log(`# Gongkai benchmarks — ${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
for (const part of chosen.length ? chosen : PARTS) {
  console.log(`\n## ${part}`);
  const mod = (await import(`./${part}.ts`)) as { bench(args: string[]): Promise<void> };
  await mod.bench(options);
}

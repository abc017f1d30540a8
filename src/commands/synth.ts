import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LAYOUTS, LOSSY_LAYOUTS, type Layout } from '../synth/types.ts';
import { writeCorpus } from '../synth/write.ts';

const USAGE = `usage: gongkai synth --count N --out DIR --seed S [--error-rate R] [--broken-rate R] [--layout L]

Writes N synthetic reports (every layout, both templates, both scripts, three encodings) to DIR,
each with its ground truth NAME.json beside it. The same seed always writes the same files.
  --error-rate R   share of reports with one arithmetic error (0–1, default 0)
  --broken-rate R  share of files that are not usable reports: binary, empty, truncated, no tables (0–1, default 0)
  --layout L       every report in layout L: ${[...LAYOUTS, ...LOSSY_LAYOUTS].join(', ')} (default: a mix of ${LAYOUTS.join(', ')});
                   glued is crawl text with its cells run together, which a parser cannot always read in full`;

/** Where the bundled real reports live: synthetic files must never mix into them. */
const REAL_REPORTS = resolve(import.meta.dirname, '../../data/reports');

function rate(name: string, s: string | undefined): number {
  const r = s === undefined ? 0 : Number(s);
  if (!Number.isFinite(r) || r < 0 || r > 1) throw new Error(`--${name} must be a number from 0 to 1, got '${s}'`);
  return r;
}

function integer(name: string, s: string | undefined): number {
  const n = Number(s);
  if (s === undefined || !Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0, got '${s ?? ''}'`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  let count: number, out: string, seed: number, errorRate: number, brokenRate: number, layout: Layout | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        count: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        'error-rate': { type: 'string' },
        'broken-rate': { type: 'string' },
        layout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    count = integer('count', values.count);
    seed = integer('seed', values.seed);
    if (!values.out) throw new Error('--out DIR is required');
    out = resolve(values.out);
    errorRate = rate('error-rate', values['error-rate']);
    brokenRate = rate('broken-rate', values['broken-rate']);
    const layouts: readonly string[] = [...LAYOUTS, ...LOSSY_LAYOUTS];
    if (values.layout !== undefined && !layouts.includes(values.layout)) throw new Error(`--layout must be one of ${layouts.join(', ')}, got '${values.layout}'`);
    layout = values.layout as Layout | undefined;
    const inside = relative(REAL_REPORTS, out);
    if (inside === '' || !inside.startsWith('..')) throw new Error(`refusing to write synthetic reports into the real corpus ${REAL_REPORTS}`);
  } catch (e) {
    process.stderr.write(`gongkai synth: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { broken } = await writeCorpus({ dir: out, count, seed, errorRate, brokenRate, layout });
  process.stderr.write(`gongkai synth: wrote ${count} files (${broken} broken) with ground truth to ${out}\n`);
  return 0;
}

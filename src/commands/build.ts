import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BuildFailed, type BuildResult, UsageError, buildDataset } from '../dataset/build.ts';
import { shouldShowProgress } from '../dataset/progress.ts';
import { writeSummary } from '../dataset/summary.ts';
import { clean } from '../dataset/swap.ts';

const USAGE = `usage: gongkai build IN_DIR OUT_DIR [--workers N] [--strict] [--clean] [--file-timeout SECONDS]
       gongkai build --clean OUT_DIR

Parses every report under IN_DIR (JSON files and dot-files are skipped) into the Parquet dataset in
OUT_DIR: manifest.json, the tables, and build-report.json listing every input with its status
(ok, warning, error, duplicate, skipped) and reason. Files already in the previous OUT_DIR (same
bytes, same parser version) are not parsed again. Each file is parsed under a time budget
(--file-timeout, 20 s) and a memory budget (256 MB per parse worker); a file over either is an error.

  --strict        exit 1 when any input was rejected (error, duplicate or skipped)
  --clean         first remove every leftover of killed builds beside OUT_DIR (.OUT_DIR.tmp-*, .old-*);
                  with OUT_DIR alone, only that. Leftovers of dead builds are removed at every start anyway.

Exit status: 0 the dataset was published (rejected inputs are summarised on stderr and listed in
build-report.json); 1 with --strict when any input was rejected; 2 bad usage; 3 the build could not
publish (a one-line message says why and which files were being parsed).`;

export const EXIT = { ok: 0, rejected: 1, usage: 2, failed: 3 } as const;

export async function run(argv: string[]): Promise<number> {
  let inDir: string | undefined, outDir: string, workers: number | undefined, fileTimeoutMs: number | undefined;
  let strict = false;
  let cleanFirst = false;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { workers: { type: 'string' }, strict: { type: 'boolean' }, clean: { type: 'boolean' }, 'file-timeout': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
    if (values.help) {
      process.stdout.write(USAGE + '\n');
      return EXIT.ok;
    }
    strict = values.strict ?? false;
    cleanFirst = values.clean ?? false;
    if (cleanFirst && positionals.length === 1) outDir = positionals[0]!;
    else if (positionals.length !== 2) throw new UsageError(`expected IN_DIR and OUT_DIR, got ${positionals.length} argument(s)`);
    else [inDir, outDir] = positionals as [string, string];
    if (values.workers !== undefined) {
      workers = Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers must be a whole number ≥ 1, got '${values.workers}'`);
    }
    if (values['file-timeout'] !== undefined) {
      const s = Number(values['file-timeout']);
      if (!(s > 0)) throw new UsageError(`--file-timeout must be a number of seconds > 0, got '${values['file-timeout']}'`);
      fileTimeoutMs = s * 1000;
    }
  } catch (e) {
    process.stderr.write(`gongkai build: ${(e as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (cleanFirst) {
    const gone = clean(resolve(outDir));
    process.stderr.write(`gongkai build: removed ${gone.length} leftover(s) of earlier builds${gone.length ? `: ${gone.join(', ')}` : ''}\n`);
    if (inDir === undefined) return EXIT.ok;
  }
  try {
    const { counts, seconds, firstRejected } = await buildDataset({ inDir: inDir!, outDir, workers, fileTimeoutMs, progress: shouldShowProgress(process.stderr, process.env) });
    // The default views' answers, shown by the dashboard before its engine is up (also for an up-to-date dataset, whose queries may have changed).
    await writeSummary(outDir);
    process.stderr.write(
      `gongkai build: ${counts.inputs} inputs → ${counts.reports} reports (${counts.ok} ok, ${counts.warning} warning), ` +
        `${counts.error} errors, ${counts.duplicate} duplicates, ${counts.skipped} skipped; ${counts.parsed} parsed, ${counts.reused} reused; ${seconds.toFixed(1)} s → ${outDir}\n`,
    );
    const rejected = counts.error + counts.duplicate + counts.skipped;
    if (rejected > 0) process.stderr.write(rejectedSummary(outDir, rejected, firstRejected));
    return strict && rejected > 0 ? EXIT.rejected : EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`gongkai build: ${e.message}\n`);
      return EXIT.usage;
    }
    const parsing = e instanceof BuildFailed && e.parsing.length ? ` (while parsing ${e.parsing.join(', ')})` : '';
    process.stderr.write(`gongkai build: could not publish ${outDir}: ${oneLine((e as Error).message ?? String(e))}${parsing}; the previous dataset is unchanged\n`);
    if (process.env.GONGKAI_DEBUG) console.error(e instanceof BuildFailed ? e.cause : e);
    return EXIT.failed;
  }
}

const oneLine = (s: string): string => s.split('\n')[0]!.slice(0, 300);

/** How many inputs were not taken and the first few with file and reason. */
export function rejectedSummary(outDir: string, rejected: number, first: BuildResult['firstRejected']): string {
  const shown = first.map((f) => `  ${f.file}: ${f.status} ${f.code ?? ''} — ${oneLine(f.message ?? '')}\n`);
  const more = rejected > shown.length ? `  … and ${rejected - shown.length} more\n` : '';
  return `gongkai build: ${rejected} input(s) not taken (all listed in ${join(outDir, 'build-report.json')}):\n${shown.join('')}${more}`;
}

import { parseArgs } from 'node:util';
import { UsageError, buildDataset } from '../dataset/build.ts';
import { shouldShowProgress } from '../dataset/progress.ts';
import { writeSummary } from '../dataset/summary.ts';

const USAGE = `usage: gongkai build IN_DIR OUT_DIR [--workers N]

Parses every report under IN_DIR (JSON files and dot-files are skipped) into the Parquet dataset in
OUT_DIR: manifest.json, the tables, and build-report.json listing every input file with its status.
Files already in the previous OUT_DIR (same bytes, same parser version) are not parsed again.
Exit status: 0 all inputs usable, 1 some inputs are errors or duplicates (the dataset is still written), 2 bad usage.`;

export async function run(argv: string[]): Promise<number> {
  let inDir: string, outDir: string, workers: number | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { workers: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
    if (values.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 2) throw new UsageError(`expected IN_DIR and OUT_DIR, got ${positionals.length} argument(s)`);
    [inDir, outDir] = positionals as [string, string];
    if (values.workers !== undefined) {
      workers = Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers must be a whole number ≥ 1, got '${values.workers}'`);
    }
  } catch (e) {
    process.stderr.write(`gongkai build: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const { counts, seconds } = await buildDataset({ inDir, outDir, workers, progress: shouldShowProgress(process.stderr, process.env) });
    // The default views' answers, shown by the dashboard before its engine is up (also for an up-to-date dataset, whose queries may have changed).
    await writeSummary(outDir);
    process.stderr.write(
      `gongkai build: ${counts.inputs} input files → ${counts.reports} reports (${counts.ok} ok, ${counts.warning} warning), ` +
        `${counts.error} errors, ${counts.duplicate} duplicates; ${counts.parsed} parsed, ${counts.reused} reused; ${seconds.toFixed(1)} s → ${outDir}\n`,
    );
    return counts.error + counts.duplicate > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`gongkai build: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

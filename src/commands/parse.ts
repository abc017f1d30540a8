import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeFile } from '../analyze.ts';
import { errorReport } from '../parser/index.ts';
import { progress, shouldShowProgress } from '../dataset/progress.ts';
import { parseMany } from './parse-pool.ts';
import type { ParsedReport } from '../lib/types.ts';

const HELP = `usage: gongkai parse [--pretty] [--workers N] FILE|DIR...

Parses annual reports (.txt, .md, .html/.htm, .pdf, .docx, .doc; text in UTF-8, GB18030/GBK or Big5,
Simplified or Traditional) and
prints one JSON object per file per line: {file, status, errors, org, year, template, script,
cells, checks, region, body_type}. A directory is read recursively.

--workers N parses on N worker threads (each file under the build's time and memory budget), from
100 files on; by default files are parsed in this process. Progress is shown on stderr when it is a
terminal.

Exit code: 0 when every file parsed (status ok or warning), 1 when any file has status error,
2 on bad usage.`;

const REPORT_FILE = /\.(txt|text|md|markdown|html?|xhtml|shtml|pdf|docx|doc)$/i;

async function expand(path: string): Promise<string[]> {
  const s = await stat(path).catch(() => null);
  if (!s?.isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && REPORT_FILE.test(e.name))
    .map((e) => join(e.parentPath ?? path, e.name))
    .sort();
}

function unreadable(file: string, err: unknown): ParsedReport {
  const code = (err as NodeJS.ErrnoException).code;
  const message = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '是目录而不是文件' : `无法读取文件（${code ?? String(err)}）`;
  return errorReport(file, { level: 'error', code: 'file_unreadable', message });
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const pretty = argv.includes('--pretty');
  const w = argv.indexOf('--workers');
  const workers = w >= 0 ? Number(argv[w + 1]) : 0;
  const rest = w >= 0 ? [...argv.slice(0, w), ...argv.slice(w + 2)] : argv;
  const unknown = rest.filter((a) => a.startsWith('-') && a !== '--pretty');
  const paths = rest.filter((a) => !a.startsWith('-'));
  if (!Number.isInteger(workers) || workers < 0) {
    process.stderr.write(`gongkai parse: --workers must be a whole number ≥ 0, got '${argv[w + 1] ?? ''}'\n\n${HELP}\n`);
    return 2;
  }
  if (unknown.length || paths.length === 0) {
    process.stderr.write(`${unknown.length ? `gongkai parse: unknown option ${unknown.join(' ')}\n` : 'gongkai parse: no input files\n'}\n${HELP}\n`);
    return 2;
  }
  const files: string[] = [];
  for (const path of paths) files.push(...(await expand(path)));
  const show = progress(files.length, shouldShowProgress(process.stderr, process.env));
  // Records are written a megabyte at a time: one write per record cost a system call and a buffer each.
  let pending = '';
  const write = (line: string) => {
    pending += line;
    if (pending.length >= 1 << 20) {
      process.stdout.write(pending);
      pending = '';
    }
  };
  let anyError = false;
  // In process by default: reading is synchronous (no idle wait per file for the thread pool) and on
  // a shared machine workers cost more CPU than they save (each loads the gazetteer and warms up).
  if (workers > 0 && files.length >= POOL_FROM) anyError = await parseMany(files, { pretty, workers, progress: show, write, unreadable });
  else
    for (const file of files) {
      let report: ParsedReport;
      try {
        report = (await analyzeFile(file, readFileSync(file))).report;
      } catch (err) {
        report = unreadable(file, err);
      }
      anyError ||= report.status === 'error';
      write(JSON.stringify(report, null, pretty ? 2 : undefined) + '\n');
      show.tick(files.length);
    }
  show.done();
  if (pending) process.stdout.write(pending);
  return anyError ? 1 : 0;
}

/** From this many files the workers' start-up (a second or so) pays for itself. */
const POOL_FROM = 100;

import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { analyzeFile } from '../analyze.ts';
import { errorReport } from '../parser/index.ts';
import { progress, shouldShowProgress } from '../dataset/progress.ts';
import { parseMany } from './parse-pool.ts';
import type { ParsedReport } from '../lib/types.ts';

const HELP = `usage: gongkai parse [--pretty] [--workers N] [--file-timeout SECONDS] FILE|DIR...

Parses annual reports (.txt, .md, .html/.htm, .pdf, .docx, .doc; text in UTF-8, GB18030/GBK or Big5,
Simplified or Traditional) and
prints one JSON object per file per line: {file, status, errors, org, year, template, script,
cells, checks, region, body_type}. A directory is read recursively.

--workers N parses on N worker threads, each file under the build's time budget (--file-timeout,
20 s) and memory budget (256 MB per worker), from 100 files on; --workers 0 parses in this process.
By default 2,000 files or more are parsed on one worker per core when there are several, fewer in
this process. Progress is shown on stderr when it is a terminal.

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
  const values: Record<string, string | undefined> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--workers' || argv[i] === '--file-timeout') values[argv[i]!] = argv[++i] ?? '';
    else rest.push(argv[i]!);
  }
  const unknown = rest.filter((a) => a.startsWith('-') && a !== '--pretty');
  const paths = rest.filter((a) => !a.startsWith('-'));
  const workers = values['--workers'] === undefined ? undefined : Number(values['--workers']);
  const timeout = values['--file-timeout'] === undefined ? undefined : Number(values['--file-timeout']);
  const bad =
    workers !== undefined && !(Number.isInteger(workers) && workers >= 0)
      ? `--workers must be a whole number ≥ 0, got '${values['--workers']}'`
      : timeout !== undefined && !(timeout > 0)
        ? `--file-timeout must be a number of seconds > 0, got '${values['--file-timeout']}'`
        : unknown.length
          ? `unknown option ${unknown.join(' ')}`
          : paths.length === 0
            ? 'no input files'
            : null;
  if (bad) {
    process.stderr.write(`gongkai parse: ${bad}\n\n${HELP}\n`);
    return 2;
  }
  const files: string[] = [];
  for (const path of paths) files.push(...(await expand(path)));
  const show = progress(files.length, shouldShowProgress(process.stderr, process.env));
  // Records are written a megabyte at a time: one write per record cost a system call and a buffer
  // each. The worker pool's come as UTF-8, and are written as they are.
  let text = '';
  let chunks: Uint8Array[] = [];
  let size = 0;
  const flush = () => {
    if (chunks.length) {
      if (text) chunks.push(Buffer.from(text));
      process.stdout.write(Buffer.concat(chunks));
    } else if (text) process.stdout.write(text);
    text = '';
    chunks = [];
    size = 0;
  };
  const write = (line: string | Uint8Array) => {
    if (typeof line === 'string') text += line;
    else {
      if (text) chunks.push(Buffer.from(text));
      text = '';
      chunks.push(line);
    }
    size += line.length;
    if (size >= 1 << 20) flush();
  };
  let anyError = false;
  const pool = workers ?? (files.length >= POOL_FROM && availableParallelism() > 1 ? availableParallelism() : 0);
  if (pool > 0 && files.length >= MIN_POOL)
    anyError = await parseMany(files, { pretty, workers: pool, progress: show, write, unreadable, fileTimeoutMs: timeout && timeout * 1000 });
  else
    for (const [i, file] of files.entries()) {
      let report: ParsedReport;
      try {
        report = (await analyzeFile(file, readFileSync(file))).report;
      } catch (err) {
        report = unreadable(file, err);
      }
      anyError ||= report.status === 'error';
      write(JSON.stringify(report, null, pretty ? 2 : undefined) + '\n');
      show.tick(i + 1);
    }
  show.done();
  flush();
  return anyError ? 1 : 0;
}

/**
 * By default the worker pool parses from this many files on, when the machine has more than one core:
 * each worker starts up and warms up on its own (about 1.5 s of CPU on the 2-core development
 * machine, against 0.6 ms a report), so below this the pool saves little time and costs CPU.
 */
const POOL_FROM = 2000;
/** With --workers, from this many files: fewer are parsed in this process. */
const MIN_POOL = 100;

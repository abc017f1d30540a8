import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeFile } from '../analyze.ts';
import { errorReport } from '../parser/index.ts';
import type { ParsedReport } from '../lib/types.ts';

const HELP = `usage: gongkai parse [--pretty] FILE|DIR...

Parses annual reports (.txt, .md, .html/.htm, .pdf, .docx, .doc; text in UTF-8, GB18030/GBK or Big5,
Simplified or Traditional) and
prints one JSON object per file per line: {file, status, errors, org, year, template, script,
cells, checks, region, body_type}. A directory is read recursively.

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
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '--pretty');
  const paths = argv.filter((a) => !a.startsWith('-'));
  if (unknown.length || paths.length === 0) {
    process.stderr.write(`${unknown.length ? `gongkai parse: unknown option ${unknown.join(' ')}\n` : 'gongkai parse: no input files\n'}\n${HELP}\n`);
    return 2;
  }
  let anyError = false;
  for (const path of paths)
    for (const file of await expand(path)) {
      let report: ParsedReport;
      try {
        report = (await analyzeFile(file, await readFile(file))).report;
      } catch (err) {
        report = unreadable(file, err);
      }
      anyError ||= report.status === 'error';
      process.stdout.write(JSON.stringify(report, null, pretty ? 2 : undefined) + '\n');
    }
  return anyError ? 1 : 0;
}

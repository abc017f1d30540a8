/**
 * What one input file contributes to the dataset, in a compact form a worker can post to the main
 * thread: its inputs row and, when usable, its reports row, checks and text.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { maxBytesOf } from '../parser/size.ts';
import { tooLargeMessage } from '../parser/decode.ts';
import type { ParsedDocument } from '../parser/index.ts';
import { ALL_CELLS } from '../lib/template.ts';
import type { Status } from '../lib/types.ts';

export interface InputRow {
  file: string;
  id: string;
  bytes: number;
  hash: string;
  status: Status | 'duplicate' | 'skipped';
  code: string | null;
  message: string | null;
  mtime_ms: number;
}

export interface ReportRecord {
  /** REPORT_META_COLUMNS values in order (id … part); `part` is null until the batch is written. */
  meta: (string | number | null)[];
  /** One value per ALL_CELLS entry, in order. */
  values: (number | null)[];
  /** The checks as a JSON array of {rule, scope, ok, detail}, serialised in the worker. */
  checks: string;
  text: string;
}

export interface FileRecord {
  input: InputRow;
  report: ReportRecord | null;
}

export function hashBytes(bytes: Uint8Array): { hash: string; id: string } {
  const hash = createHash('sha256').update(bytes).digest('hex');
  return { hash, id: hash.slice(0, 16) };
}

const INT32 = 2 ** 31 - 1;

/** Turns one analysed document into its rows. Pure: the same document always gives the same record. */
export function toRecord(file: string, bytes: Uint8Array, mtime_ms: number, doc: ParsedDocument, knownHash?: string): FileRecord {
  const { hash, id } = knownHash ? { hash: knownHash, id: knownHash.slice(0, 16) } : hashBytes(bytes);
  const r = doc.report;
  const first = r.errors.find((e) => e.level === 'error') ?? r.errors[0];
  const notes: string[] = [];
  const input: InputRow = { file, id, bytes: bytes.length, hash, status: r.status, code: first?.code ?? null, message: null, mtime_ms };
  if (r.status === 'error' || r.template === null) {
    input.status = 'error';
    input.message = r.errors.map((e) => e.message).join('；') || '不是可用的报告';
    input.code ??= 'unusable';
    return { input, report: null };
  }
  const values = ALL_CELLS.map((cell) => {
    const v = r.cells[cell.key];
    if (v === undefined || v === null) return null;
    if (cell.unit === 'count' && (!Number.isInteger(v) || Math.abs(v) > INT32)) {
      // The column is INTEGER; a fractional or huge count is a misprint the parser let through.
      // The parser reports these (value_implausible) and never gives them; this is the last guard of the column.
      notes.push(`${cell.key} 的值 ${v} ${Math.abs(v) > INT32 ? `超过 ${INT32}，按空白存储` : '不是整数，按四舍五入存储'}`);
      return Math.abs(v) > INT32 ? null : Math.round(v);
    }
    return v;
  });
  const failed = r.checks.filter((c) => !c.ok).length;
  const region = r.region;
  const meta = [
    id, file, r.org, r.body_type ?? null, r.year, r.template, r.script, r.status, r.errors.length, failed,
    region?.code ?? null, region?.level ?? null, region?.province_code ?? null, region?.province ?? null,
    region?.city_code ?? null, region?.city ?? null, region?.county_code ?? null, region?.county ?? null,
    region?.township_code ?? null, region?.township ?? null, region?.confidence ?? 'unresolved', null,
  ];
  const messages = [...r.errors.map((e) => e.message), ...(failed ? [`${failed} 项勾稽关系不符`] : []), ...notes];
  input.message = messages.length ? messages.join('；') : null;
  if (!input.code && failed) input.code = 'check_failed';
  return {
    input,
    report: { meta, values, checks: JSON.stringify(r.checks.map(({ rule, scope, ok, detail }) => ({ rule, scope, ok, detail }))), text: doc.source },
  };
}

/** The inputs row of a file that could not even be read. */
export function unreadable(file: string, mtime_ms: number, bytes: number, error: Error): InputRow {
  const code = (error as NodeJS.ErrnoException).code;
  return { file, id: '', bytes, hash: '', status: 'error', code: 'unreadable', message: `无法读取文件（${code ?? error.message}）`, mtime_ms };
}

/** The inputs row of a file too large to be a report (it is hashed, never read whole). */
export function tooLarge(file: string, hash: string, size: number, mtime_ms: number): InputRow {
  return { file, id: hash.slice(0, 16), hash, bytes: size, status: 'error', code: 'file_too_large', message: tooLargeMessage(size, maxBytesOf(file)), mtime_ms };
}

/** Hashes a file too large to be a report without holding it in memory. */
export function hashLargeFile(path: string): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = readSync(fd, buf)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** The inputs row of a file with the same bytes as one taken earlier; its message is written once all files are known. */
export function duplicateOf(file: string, hash: string, bytes: number, mtime_ms: number): InputRow {
  return { file, id: hash.slice(0, 16), bytes, hash, status: 'duplicate', code: 'duplicate', message: null, mtime_ms };
}

/**
 * What one input file contributes to the dataset, in a compact form a worker can post to the main
 * thread: its inputs row and, when usable, its reports row, checks and text. The rows themselves are
 * made by rows.ts (pure, shared with the browser's import); this module adds what needs Node.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { maxBytesOf } from '../parser/size.ts';
import { tooLargeMessage } from '../parser/decode.ts';
import type { ParsedDocument } from '../parser/index.ts';
import { type FileRecord, type InputRow, recordOf } from './rows.ts';

export type { FileRecord, InputRow, ReportRecord } from './rows.ts';

export function hashBytes(bytes: Uint8Array): { hash: string; id: string } {
  const hash = createHash('sha256').update(bytes).digest('hex');
  return { hash, id: hash.slice(0, 16) };
}

/** Turns one analysed document into its rows. Pure: the same document always gives the same record. */
export function toRecord(file: string, bytes: Uint8Array, mtime_ms: number, doc: ParsedDocument, knownHash?: string): FileRecord {
  const hash = knownHash ?? hashBytes(bytes).hash;
  return recordOf({ file, hash, bytes: bytes.length, mtime_ms, report: doc.report, text: doc.source });
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

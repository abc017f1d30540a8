/** What the import page keeps of one file: the record `gongkai parse` prints, and the text it was read from. */
import type { ParsedReport } from '../../types.ts';

export interface ImportedReport {
  /** First 16 hex characters of the SHA-256 of the file's bytes, as the build's reports.id. */
  id: string;
  /** SHA-256 of the bytes (hex); absent in records kept before it was recorded. */
  hash?: string;
  /** The file's modification time (ms since 1970) as the browser gives it, if known. */
  mtime_ms?: number;
  /** The file's path as chosen (a folder's files keep their relative path). */
  file: string;
  bytes: number;
  report: ParsedReport;
  /** The decoded text as published, for the report view. */
  text: string;
  imported_at: string;
  /** Milliseconds the worker spent on the file. */
  ms: number;
}

/** `assets`: the site's base URL, where pdf.js's character maps and standard fonts are served (static/pdfjs). */
export type WorkerRequest = { seq: number; file: string; bytes: ArrayBuffer; mtime_ms?: number; assets: string } | { seq: number; warm: true };
export type WorkerResponse = { seq: number; warmed: true } | { seq: number; ok: true; result: Omit<ImportedReport, 'imported_at'> } | { seq: number; ok: false; error: string };

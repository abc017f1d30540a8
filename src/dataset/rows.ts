/**
 * One parsed file → its rows of the dataset: the `inputs` row and, when the report is usable, the
 * `reports` row (meta columns, then one value per cell column), its checks and its text. Pure and free
 * of Node, so that `gongkai build` (the parse workers) and the browser's import (src/lib/client/mine)
 * make their tables from the same code: the two datasets cannot drift apart.
 */
import { ALL_CELLS } from '../lib/template.ts';
import type { ParsedReport, Status } from '../lib/types.ts';

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

/** One parsed file: `hash` is the SHA-256 of its bytes (hex), whose first 16 characters are the report id. */
export interface ParsedFile {
  file: string;
  hash: string;
  bytes: number;
  mtime_ms: number;
  report: ParsedReport;
  /** The decoded text as published (ParsedDocument.source). */
  text: string;
}

const INT32 = 2 ** 31 - 1;

/** The rows of one parsed file. Pure: the same input always gives the same record. */
export function recordOf({ file, hash, bytes, mtime_ms, report: r, text }: ParsedFile): FileRecord {
  const id = hash.slice(0, 16);
  const first = r.errors.find((e) => e.level === 'error') ?? r.errors[0];
  const notes: string[] = [];
  const input: InputRow = { file, id, bytes, hash, status: r.status, code: first?.code ?? null, message: null, mtime_ms };
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
    report: { meta, values, checks: JSON.stringify(r.checks.map(({ rule, scope, ok, detail }) => ({ rule, scope, ok, detail }))), text },
  };
}

/** A check of a report, as the `checks` table holds it (the build unnests the same JSON in SQL). */
export interface CheckRow {
  rule: string;
  scope: string;
  ok: boolean;
  detail: string;
}
export const checksOf = (r: ReportRecord): CheckRow[] => JSON.parse(r.checks) as CheckRow[];

/** A record's text row (report_id, year, file, text), as `texts` holds it. */
export const textRow = (rec: FileRecord): [string, number | null, string, string] => {
  const r = rec.report!;
  return [r.meta[0] as string, r.meta[4] as number | null, rec.input.file, r.text];
};

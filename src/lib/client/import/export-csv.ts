/**
 * Imported reports as CSV, one row a file: the record's fields, then one column per cell of either
 * template under the dataset's column names. UTF-8 with a BOM so that Excel opens the Chinese intact;
 * a blank cell is an empty field, never 0.
 */
import { ALL_CELLS, columnName } from '../../template.ts';
import type { ImportedReport } from './types.ts';

const HEAD = ['id', 'file', 'status', 'org', 'year', 'template', 'body_type', 'region_code', 'province', 'city', 'county', 'township', 'confidence', 'n_failed_checks', 'issues'];

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportsCsv(records: readonly ImportedReport[]): string {
  const lines = [[...HEAD, ...ALL_CELLS.map((c) => columnName(c.key))].join(',')];
  for (const r of records) {
    const p = r.report;
    const reg = p.region;
    const row = [
      r.id, r.file, p.status, p.org, p.year, p.template, p.body_type ?? null, reg?.code ?? null, reg?.province ?? null, reg?.city ?? null, reg?.county ?? null,
      reg?.township ?? null, reg?.confidence ?? null, p.checks.filter((c) => !c.ok).length, p.errors.map((e) => `${e.code}: ${e.message}`).join(' | '),
      ...ALL_CELLS.map((c) => p.cells[c.key] ?? null),
    ];
    lines.push(row.map(csvField).join(','));
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

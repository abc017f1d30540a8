// The small TSV dialect of data/zones.tsv and data/overrides.tsv: '#' comment lines, blank lines,
// one header line, tab-separated fields. Pure: the caller reads the file.

export interface TsvRow {
  /** 1-based line number in the file, for error messages. */
  line: number;
  fields: Record<string, string>;
}

export interface TsvIssue {
  file: string;
  line: number;
  message: string;
}

export function parseTsv(file: string, text: string, required: readonly string[]): { rows: TsvRow[]; issues: TsvIssue[] } {
  const rows: TsvRow[] = [];
  const issues: TsvIssue[] = [];
  let header: string[] | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const cells = raw.split('\t').map((c) => c.trim());
    if (!header) {
      header = cells;
      const missing = required.filter((r) => !header!.includes(r));
      if (missing.length) {
        issues.push({ file, line: i + 1, message: `header lacks column(s) ${missing.join(', ')} (found: ${cells.join(', ')})` });
        return { rows, issues };
      }
      continue;
    }
    if (cells.length > header.length) {
      issues.push({ file, line: i + 1, message: `${cells.length} fields but the header has ${header.length}` });
      continue;
    }
    const fields: Record<string, string> = {};
    header.forEach((h, k) => { fields[h] = cells[k] ?? ''; });
    rows.push({ line: i + 1, fields });
  }
  if (!header) issues.push({ file, line: 0, message: 'no header line' });
  return { rows, issues };
}

// data/zones.tsv: functional zones mapped to the division they sit in. Pure parsing; load.ts reads the file.
import type { ZoneRow } from './gazetteer.ts';
import { parseTsv, type TsvIssue } from './tsv.ts';

export function parseZones(file: string, text: string): { zones: ZoneRow[]; issues: TsvIssue[] } {
  const { rows, issues } = parseTsv(file, text, ['name', 'aliases', 'host_code']);
  const zones: ZoneRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const name = r.fields.name ?? '';
    const hostCode = r.fields.host_code ?? '';
    if (!name) { issues.push({ file, line: r.line, message: 'empty zone name' }); continue; }
    if (!/^\d{6}$/.test(hostCode)) {
      issues.push({ file, line: r.line, message: `zone ${name}: host_code "${hostCode}" is not a 6-digit GB/T 2260 code` });
      continue;
    }
    if (seen.has(name)) { issues.push({ file, line: r.line, message: `zone ${name} listed twice` }); continue; }
    seen.add(name);
    const aliases = (r.fields.aliases ?? '').split(/[,，]/).map((a) => a.trim()).filter(Boolean);
    zones.push({ name, aliases, hostCode });
  }
  return { zones, issues };
}

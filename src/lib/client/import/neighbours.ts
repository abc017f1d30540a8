/**
 * The same body's reports of the year before and after one checked report, looked up in the loaded
 * data: the bundled dataset (body_years then the matching `reports` rows, read with hyparquet —
 * no DuckDB) and the reports imported into this browser (IndexedDB). What was searched, and what
 * could not be, is reported alongside, so the page can say where it looked.
 */
import { CROSS_PAIRS, bodyKey } from '../../cross-year.ts';
import { columnName } from '../../template.ts';
import { fetchManifest, type Manifest } from '../manifest.ts';
import { readMatching } from '../parquet-source.ts';
import { loadReports } from './store.ts';
import type { ImportedReport } from './types.ts';

export interface Neighbour {
  source: 'bundled' | 'imported';
  id: string;
  year: number;
  org: string | null;
  file: string | null;
  template: string | null;
  /** The cells the cross-year rules read, by template key (blank is null). */
  cells: Record<string, number | null>;
}

export type Searched =
  /** `reports`: how many reports the data holds; `body`: how many of them are this body's. */
  | { state: 'searched'; reports: number; body: number }
  /** The dataset was built before body_years existed, or nothing is imported. */
  | { state: 'absent' }
  | { state: 'error'; message: string };

export interface Neighbours {
  key: string | null;
  bundled: Searched;
  imported: Searched;
  found: Neighbour[];
}

/** The template keys the rules read: only these columns of `reports` are fetched. */
const KEYS = [...new Set(CROSS_PAIRS.flatMap((p) => [p.later, ...p.earlier]))];

const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

async function bundled(dataBase: string, manifest: Manifest | null, key: string, years: number[]): Promise<{ searched: Searched; found: Neighbour[] }> {
  const m = manifest ?? (await fetchManifest(dataBase));
  const by = m.tables.body_years;
  const reports = m.tables.reports;
  if (!by || !reports) return { searched: { state: 'absent' }, found: [] };
  const body = (await Promise.all(by.files.map((f) => readMatching(dataBase, f, 'body_key', key, ['body_key', 'year', 'report_id'])))).flat();
  const wanted = body.filter((r) => years.includes(Number(r.year)));
  const columns = ['id', 'year', 'org', 'file', 'template', ...KEYS.map(columnName)];
  const found = await Promise.all(
    wanted.map(async (b) => {
      const year = Number(b.year);
      const files = reports.files.filter((f) => f.year === null || f.year === year);
      const rows = (await Promise.all(files.map((f) => readMatching(dataBase, f, 'id', String(b.report_id), columns)))).flat();
      return rows.map((r): Neighbour => ({
        source: 'bundled',
        id: String(r.id),
        year: Number(r.year ?? year),
        org: strOrNull(r.org),
        file: strOrNull(r.file),
        template: strOrNull(r.template),
        cells: Object.fromEntries(KEYS.map((k) => [k, numOrNull(r[columnName(k)])])),
      }));
    }),
  );
  return { searched: { state: 'searched', reports: reports.rows, body: body.length }, found: found.flat() };
}

function imported(records: ImportedReport[], key: string, years: number[]): { searched: Searched; found: Neighbour[] } {
  if (!records.length) return { searched: { state: 'absent' }, found: [] };
  const body = records.filter((r) => bodyKey(r.report.org, r.report.region?.code) === key);
  const found = body
    .filter((r) => r.report.year !== null && years.includes(r.report.year))
    .map((r): Neighbour => ({
      source: 'imported',
      id: r.id,
      year: r.report.year!,
      org: r.report.org,
      file: r.file,
      template: r.report.template,
      cells: Object.fromEntries(KEYS.map((k) => [k, r.report.cells[k] ?? null])),
    }));
  return { searched: { state: 'searched', reports: records.length, body: body.length }, found };
}

const failure = (e: unknown): Searched => ({ state: 'error', message: e instanceof Error ? e.message : String(e) });

/**
 * The reports of `year - 1` and `year + 1` with the checked report's body key, from both sources.
 * The checked report itself (same bytes, same id) and a report found in both sources count once.
 * `manifest`: the engine's, when it is already up (saves fetching it again).
 */
export async function findNeighbours(
  report: { id: string; org: string | null; regionCode: string | null | undefined; year: number | null },
  dataBase: string,
  manifest: Manifest | null = null,
  loadImported: () => Promise<ImportedReport[]> = loadReports,
): Promise<Neighbours> {
  const key = bodyKey(report.org, report.regionCode);
  const none: Searched = { state: 'absent' };
  if (!key || report.year === null) return { key, bundled: none, imported: none, found: [] };
  const years = [report.year - 1, report.year + 1];
  const [b, i] = await Promise.all([
    bundled(dataBase, manifest, key, years).catch((e: unknown) => ({ searched: failure(e), found: [] })),
    loadImported().then((records) => imported(records, key, years), (e: unknown) => ({ searched: failure(e), found: [] })),
  ]);
  const seen = new Set([report.id]);
  const found = [...i.found, ...b.found].filter((n) => !seen.has(n.id) && (seen.add(n.id), true)).sort((x, y) => x.year - y.year || x.id.localeCompare(y.id));
  return { key, bundled: b.searched, imported: i.searched, found };
}

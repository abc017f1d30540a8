/**
 * Which files of a per-report table (cells, checks, texts) can hold one report's rows. A national
 * dataset has about a hundred part files per year; `reports.part` names the one that holds a
 * report's rows, so the Report page reads one file per table instead of the whole year.
 */
import type { Manifest, ManifestFile } from './manifest.ts';

/** `w0-0003` (worker and batch) or `reused`: anything else is not trusted to build a path. */
export const PART = /^[a-z0-9]{1,16}(-[0-9]{1,8})?$/;

export const PART_TABLES = ['cells', 'checks', 'texts'] as const;
export type PartTable = (typeof PART_TABLES)[number];

export function filesOf(manifest: Manifest, table: string): ManifestFile[] {
  const t = manifest.tables[table];
  if (!t) throw new Error(`the dataset has no table '${table}' (manifest.json)`);
  return t.files;
}

/**
 * The report's part file when `part` is valid and the manifest lists it (the manifest is the
 * allow-list of paths); otherwise every file of the year, as datasets without `part` require.
 * A part that wrote no rows of a table for that year has no file: scanning the year then finds
 * nothing, slowly but correctly, which is better than trusting a path the manifest does not know.
 */
export function reportFiles(manifest: Manifest, table: PartTable, year: number | null, part: unknown): ManifestFile[] {
  const files = filesOf(manifest, table);
  const ofYear = files.filter((f) => year === null || f.year === null || f.year === year);
  if (year === null || !Number.isInteger(year) || typeof part !== 'string' || !PART.test(part)) return ofYear;
  const path = `${table}/year=${year}/part-${part}-0.parquet`;
  const own = files.filter((f) => f.path === path);
  return own.length ? own : ofYear;
}

/**
 * A dataset table (or one of its files) as CSV, made in the browser from the published Parquet:
 * hyparquet reads one row group at a time and the records go into Blob parts (csv.ts), so memory holds
 * a row group, not the table. Same dialect as every other download: UTF-8 with BOM (Excel opens
 * Chinese intact), CRLF, RFC 4180 quoting, formula-like text guarded, blank as an empty field.
 * Why not CSV files written by the build: the host would carry a second copy of every table (texts,
 * cells) that few will ask for, and DuckDB's CSV writer has no BOM and no formula guard.
 */
import { parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CsvParts } from './csv.ts';
import type { ManifestFile } from './manifest.ts';
import { openParquet } from './parquet-source.ts';
import { rawField } from './view-rows.ts';

/** Rows written so far and of how many (the manifest's counts), for a progress line. */
export type CsvProgress = (done: number, total: number) => void;

export async function tableCsv(base: string, files: readonly ManifestFile[], progress?: CsvProgress): Promise<{ blob: Blob; rows: number }> {
  if (!files.length) throw new Error('no files to convert');
  const total = files.reduce((a, f) => a + f.rows, 0);
  const first = await openParquet(base, files[0]!);
  const columns = [...first.kinds.keys()];
  const csv = new CsvParts(columns);
  let rows = 0;
  for (const f of files) {
    const { file, metadata, kinds } = await openParquet(base, f);
    const names = [...kinds.keys()];
    if (names.join('\n') !== columns.join('\n')) throw new Error(`${f.path}: its columns differ from ${files[0]!.path}'s (${names.length} against ${columns.length})`);
    let start = 0;
    for (const group of metadata.row_groups) {
      const end = start + Number(group.num_rows);
      if (end > start)
        await parquetRead({
          file, metadata, columns, compressors, rowStart: start, rowEnd: end,
          onComplete(records: unknown[][]) {
            for (const r of records) csv.add(r.map(rawField));
            rows += records.length;
          },
        });
      start = end;
      progress?.(rows, total);
    }
  }
  return { blob: csv.blob(), rows };
}

/** `gongkai_reports_2026-12-01.csv`, `gongkai_cells_2023_part-w0-0001-0_2026-12-01.csv`: the table, the file when one, the dataset's build date. */
export function tableCsvName(table: string, file: ManifestFile | null, builtAt: string): string {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(builtAt)?.[0] ?? '';
  const what = file ? [file.year ?? '', file.path.split('/').at(-1)!.replace(/\.parquet$/, '')] : [];
  return `${['gongkai', table, ...what, date].filter((x) => x !== '').join('_').replace(/[^A-Za-z0-9_.=-]+/g, '_')}.csv`;
}

/**
 * The imported reports' dataset as one zip: the Parquet files in the build's layout and their
 * manifest.json, so that unzipped it is a dataset folder like `gongkai build`'s (DuckDB, pandas and
 * the dashboard read it as they read a build's).
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Manifest } from '../manifest.ts';

export function datasetZip(manifest: Manifest, files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const entries: Zippable = { 'manifest.json': strToU8(JSON.stringify(manifest, null, 1) + '\n') };
  // Parquet pages are compressed already: storing them costs nothing and keeps the zip quick.
  for (const [path, bytes] of files) entries[path] = [bytes, { level: 0 }];
  return zipSync(entries);
}

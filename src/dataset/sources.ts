/**
 * Provenance of fetched reports: when IN_DIR was filled by `gongkai fetch`, its manifest.json says
 * where each file came from. The build stages it as the `sources` table, so the dataset (and the Report
 * page's 原文链接) can name the original and when it was fetched.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readManifest } from '../fetch/manifest.ts';

export async function stageSources(conn: DuckDBConnection, inDir: string): Promise<number> {
  await conn.run(`CREATE TABLE sources (file VARCHAR, url VARCHAR, kind VARCHAR, report_page VARCHAR, title VARCHAR,
    published VARCHAR, fetched_at VARCHAR, sha256 VARCHAR)`);
  const manifest = readManifest(inDir);
  if (!manifest) return 0;
  const app = await conn.createAppender('sources');
  for (const e of manifest.files) {
    // The manifest is the user's file too: keep only well-formed entries.
    if (typeof e.file !== 'string' || typeof e.url !== 'string') continue;
    const v = (s: unknown) => (typeof s === 'string' ? app.appendVarchar(s) : app.appendNull());
    for (const x of [e.file, e.url, e.kind, e.report_page, e.title, e.published, e.fetched_at, e.sha256]) v(x);
    app.endRow();
  }
  app.closeSync();
  return manifest.files.length;
}

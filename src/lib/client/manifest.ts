/** The dataset manifest (see the dataset contract): validated before anything trusts it. */
import { DATASET_FORMAT, type Manifest, type ManifestFile } from '../manifest.ts';

export type { Manifest, ManifestFile } from '../manifest.ts';

const SAFE_PATH = /^[A-Za-z0-9_=./-]+\.parquet$/;

/** Throws a specific error naming what is wrong; paths must stay inside the data folder. */
export function validateManifest(raw: unknown): Manifest {
  const fail = (what: string): never => {
    throw new Error(`manifest.json: ${what}`);
  };
  if (!raw || typeof raw !== 'object') fail('not a JSON object');
  const m = raw as Record<string, unknown>;
  if (m.format !== DATASET_FORMAT) fail(`unsupported format ${JSON.stringify(m.format)} (expected ${DATASET_FORMAT})`);
  if (!Array.isArray(m.years) || !m.years.every((y) => Number.isInteger(y))) fail('years must be a list of integers');
  if (!m.tables || typeof m.tables !== 'object') fail('tables missing');
  for (const [name, t] of Object.entries(m.tables as Record<string, unknown>)) {
    const table = t as { rows?: unknown; files?: unknown };
    if (!Array.isArray(table.files)) fail(`table ${name}: files missing`);
    for (const f of table.files as ManifestFile[]) {
      if (typeof f.path !== 'string' || !SAFE_PATH.test(f.path) || f.path.includes('..')) fail(`table ${name}: bad file path ${JSON.stringify(f.path)}`);
      if (!Number.isFinite(f.bytes) || !Number.isFinite(f.rows)) fail(`table ${name}: ${f.path} lacks rows/bytes`);
    }
  }
  return m as unknown as Manifest;
}

export async function fetchManifest(base: string, fetcher: typeof fetch = fetch): Promise<Manifest> {
  const res = await fetcher(`${base}/manifest.json`, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`manifest.json: HTTP ${res.status} — has the dataset been built (npm run data)?`);
  return validateManifest(await res.json());
}

/**
 * Where `gongkai fetch` keeps what it has: one JSON line per saved file in a journal, appended as each
 * file lands (so an interrupted run resumes where it stopped), and manifest.json, the provenance of
 * every file, written whole at the end of each run, sorted by URL so that the same collection always
 * gives the same manifest. The build reads manifest.json to carry the source URL into the dataset.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ManifestEntry {
  /** Where the file was fetched from. */
  url: string;
  /** Path relative to OUT_DIR, forward slashes. */
  file: string;
  /** `page`: a report published as a web page; `attachment`: a file a report page links (or a list links directly). */
  kind: 'page' | 'attachment';
  /** The report page the file belongs to (the page itself for kind page). */
  report_page: string;
  /** The seed (column page) it was found from. */
  seed: string;
  /** The title the report page gives (or the list's link text). */
  title: string;
  /** The publication date the page shows, YYYY-MM-DD, or null. */
  published: string | null;
  /** The year reported on, from the title, or null. */
  year: number | null;
  /** The body and region code given with the seed, if any. */
  org: string | null;
  region_code: string | null;
  fetched_at: string;
  status: number;
  content_type: string | null;
  bytes: number;
  sha256: string;
  /** Another URL already saved with the same bytes: this one is stored once, in that file. */
  duplicate_of: string | null;
  /** Attachment URLs a report page links (kind page only). */
  attachments?: string[];
}

export interface Manifest {
  gongkai_fetch: 1;
  files: ManifestEntry[];
}

export const MANIFEST = 'manifest.json';
export const JOURNAL = '.gongkai-fetch/journal.jsonl';

export function readJournal(outDir: string): ManifestEntry[] {
  const path = join(outDir, JOURNAL);
  if (!existsSync(path)) return [];
  const out: ManifestEntry[] = [];
  // A run killed mid-write leaves at most one partial last line: it is ignored and that file fetched again.
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as ManifestEntry);
    } catch {
      /* partial line of a killed run */
    }
  }
  return out;
}

export function appendJournal(outDir: string, e: ManifestEntry) {
  const path = join(outDir, JOURNAL);
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, JSON.stringify(e) + '\n');
}

export function writeManifest(outDir: string, entries: Iterable<ManifestEntry>) {
  const files = [...entries].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const tmp = join(outDir, `.${MANIFEST}.tmp`);
  writeFileSync(tmp, JSON.stringify({ gongkai_fetch: 1, files } satisfies Manifest, null, 1) + '\n');
  renameSync(tmp, join(outDir, MANIFEST));
}

/** The manifest of a fetched folder, or null when the folder was not written by `gongkai fetch`. */
export function readManifest(dir: string): Manifest | null {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return m && m.gongkai_fetch === 1 && Array.isArray(m.files) ? m : null;
  } catch {
    return null;
  }
}

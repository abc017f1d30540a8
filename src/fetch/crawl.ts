/**
 * One collection: walk each seed's column through its pages, open every report page of the years
 * asked, save it and its attachments, and account for every URL. Sequential per host (the client
 * queues), seeds of different hosts in parallel. Resumes from the journal: a URL already saved is never
 * fetched again, and a file whose bytes are already stored is recorded as a duplicate, not written twice.
 */
import { type FetchFailure, PoliteClient, type ClientOptions } from './http.ts';
import { decodePage } from './charset.ts';
import { appendJournal, readJournal, writeManifest, type ManifestEntry } from './manifest.ts';
import { ATTACHMENT, readPage, type Link } from './page.ts';
import type { HostRule } from './rules.ts';
import type { Seed } from './seeds.ts';
import { extensionOf, pathFor, saveFile, sha256 } from './store.ts';
import { inYears, titleYear, type YearRange } from './titles.ts';

export interface CrawlOptions {
  outDir: string;
  years: YearRange | null;
  /** Stop walking a column at the first list page with no report not already saved. */
  update: boolean;
  /** List pages walked per seed at most. */
  maxPages: number;
  rules: Map<string, HostRule>;
  client: Partial<ClientOptions>;
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  requests: number;
  saved: number;
  failed: number;
}

export interface HostReport {
  host: string;
  pages_seen: number;
  reports_found: number;
  files_saved: number;
  duplicates: number;
  already_had: number;
  skipped: { url: string; reason: string }[];
  failed: { url: string; code: FetchFailure | 'not_html'; reason: string }[];
}

/** A report page whose text holds none of the template's tables only wraps its attachment. */
function holdsTables(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return /主动公开/.test(t) && /(依申请|收到和处理)/.test(t) && /行政复议/.test(t);
}

export async function crawl(seeds: readonly Seed[], opts: CrawlOptions): Promise<HostReport[]> {
  const progress: Progress = { requests: 0, saved: 0, failed: 0 };
  const client = new PoliteClient({
    ...opts.client,
    onRequest: () => {
      progress.requests++;
      opts.onProgress?.(progress);
    },
  });
  const byUrl = new Map<string, ManifestEntry>();
  const bySha = new Map<string, ManifestEntry>();
  for (const e of readJournal(opts.outDir)) {
    byUrl.set(e.url, e);
    if (!e.duplicate_of) bySha.set(e.sha256, e);
  }
  const reports = new Map<string, HostReport>();
  const reportOf = (url: string): HostReport => {
    const host = new URL(url).host;
    let r = reports.get(host);
    if (!r) reports.set(host, (r = { host, pages_seen: 0, reports_found: 0, files_saved: 0, duplicates: 0, already_had: 0, skipped: [], failed: [] }));
    return r;
  };
  const fail = (url: string, code: HostReport['failed'][number]['code'], reason: string) => {
    // What robots.txt forbids is not a failure: it was never asked for.
    if (code === 'robots') return void reportOf(url).skipped.push({ url, reason });
    reportOf(url).failed.push({ url, code, reason });
    progress.failed++;
  };

  /** Stores one fetched file (or notes it as a duplicate of one stored) and journals it. */
  const keep = (e: Omit<ManifestEntry, 'file' | 'sha256' | 'bytes' | 'duplicate_of' | 'fetched_at'>, body: Uint8Array, hidden: boolean): ManifestEntry => {
    const sha = sha256(body);
    const twin = bySha.get(sha);
    const entry: ManifestEntry = {
      ...e,
      file: twin ? twin.file : pathFor(e.url, e.year, extensionOf(e.url, e.content_type), hidden),
      sha256: sha,
      bytes: body.byteLength,
      duplicate_of: twin ? twin.url : null,
      fetched_at: new Date().toISOString(),
    };
    if (twin) reportOf(e.url).duplicates++;
    else {
      saveFile(opts.outDir, entry.file, body);
      bySha.set(sha, entry);
      reportOf(e.url).files_saved++;
      progress.saved++;
    }
    appendJournal(opts.outDir, entry);
    byUrl.set(entry.url, entry);
    return entry;
  };

  const attachment = async (link: Link, page: ManifestEntry | { url: string; title: string; published: string | null; year: number | null }, seed: Seed) => {
    if (byUrl.has(link.url)) return void reportOf(link.url).already_had++;
    const got = await client.get(link.url);
    if (!got.ok) return fail(link.url, got.code, got.reason);
    keep(
      { url: link.url, kind: 'attachment', report_page: page.url, seed: seed.url, title: page.title || link.text, published: page.published, year: page.year, org: seed.org, region_code: seed.region_code, status: got.status, content_type: got.contentType },
      got.body,
      false,
    );
  };

  const reportPage = async (link: Link, seed: Seed) => {
    reportOf(link.url).reports_found++;
    if (ATTACHMENT.test(new URL(link.url).pathname)) {
      // The list links the file itself.
      const year = titleYear(link.text);
      return attachment(link, { url: link.url, title: link.text, published: null, year }, seed);
    }
    const known = byUrl.get(link.url);
    if (known) {
      reportOf(link.url).already_had++;
      for (const a of known.attachments ?? []) await attachment({ url: a, text: '' }, known, seed);
      return;
    }
    const got = await client.get(link.url);
    if (!got.ok) return fail(link.url, got.code, got.reason);
    const html = decodePage(got.body, got.contentType);
    const info = readPage(html, got.finalUrl, opts.rules.get(new URL(link.url).host));
    const title = info.title || link.text;
    const year = titleYear(title) ?? titleYear(link.text);
    if (!inYears(year, opts.years)) return void reportOf(link.url).skipped.push({ url: link.url, reason: `页面标题年度 ${year ?? '不明'} 不在所选年度内` });
    const entry = keep(
      { url: link.url, kind: 'page', report_page: link.url, seed: seed.url, title, published: info.published, year, org: seed.org, region_code: seed.region_code, status: got.status, content_type: got.contentType, attachments: info.attachments.map((a) => a.url) },
      got.body,
      // A page that only links its report as a file is kept for provenance, out of the build's way.
      info.attachments.length > 0 && !holdsTables(html.replace(/<[^>]*>/g, '')),
    );
    for (const a of info.attachments) await attachment(a, entry, seed);
  };

  const column = async (seed: Seed) => {
    const queue = [seed.url];
    const seen = new Set<string>();
    while (queue.length && seen.size < opts.maxPages) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const got = await client.get(url);
      if (!got.ok) {
        fail(url, got.code, got.reason);
        continue;
      }
      reportOf(url).pages_seen++;
      const info = readPage(decodePage(got.body, got.contentType), got.finalUrl, opts.rules.get(new URL(url).host));
      let fresh = 0;
      for (const link of info.reports) {
        const year = titleYear(link.text);
        // A title without a year is opened: the page's own title may have it.
        if (year !== null && !inYears(year, opts.years)) {
          reportOf(link.url).skipped.push({ url: link.url, reason: `标题年度 ${year} 不在所选年度内` });
          continue;
        }
        if (!byUrl.has(link.url)) fresh++;
        await reportPage(link, seed);
      }
      if (opts.update && info.reports.length > 0 && fresh === 0) break;
      for (const p of info.pages) if (!seen.has(p) && new URL(p).host === new URL(seed.url).host) queue.push(p);
    }
  };

  // Hosts in parallel, each host's seeds in turn (the client keeps one request at a time per host anyway).
  const byHost = new Map<string, Seed[]>();
  for (const s of seeds) byHost.set(new URL(s.url).host, [...(byHost.get(new URL(s.url).host) ?? []), s]);
  await Promise.all(
    [...byHost.values()].map(async (list) => {
      for (const s of list) await column(s);
    }),
  );
  writeManifest(opts.outDir, byUrl.values());
  return [...reports.values()].sort((a, b) => a.host.localeCompare(b.host));
}

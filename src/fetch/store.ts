/**
 * Where each fetched file goes: `host/year/slug.ext`, the slug made from the URL alone (its last path
 * segment and a short hash of the whole URL), so the same URL always lands in the same place, whatever
 * order a run or a resumed run finds it in. Files are written whole (temporary file, then rename).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TYPE_EXT: [RegExp, string][] = [
  [/pdf/i, '.pdf'],
  [/officedocument\.wordprocessingml/i, '.docx'],
  [/msword/i, '.doc'],
  [/officedocument\.spreadsheetml/i, '.xlsx'],
  [/ms-excel/i, '.xls'],
  [/wps/i, '.wps'],
  [/html/i, '.html'],
  [/text\/plain/i, '.txt'],
];
const KNOWN_EXT = /\.(pdf|docx?|wps|xlsx?|et|html?|shtml|txt)$/i;

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function extensionOf(url: string, contentType: string | null): string {
  const path = new URL(url).pathname;
  const m = KNOWN_EXT.exec(path);
  if (m) return m[1]!.toLowerCase() === 'shtml' || m[1]!.toLowerCase() === 'htm' ? '.html' : `.${m[1]!.toLowerCase()}`;
  for (const [re, ext] of TYPE_EXT) if (re.test(contentType ?? '')) return ext;
  return '.bin';
}

/** `host/year/slug.ext` relative to OUT_DIR; pages that only wrap an attachment go under `.pages/` (see crawl.ts). */
export function pathFor(url: string, year: number | null, ext: string, hidden = false): string {
  const u = new URL(url);
  const last = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? 'index').replace(/\.[^.]*$/, '');
  const base = last.replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 60) || 'index';
  const slug = `${base}-${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;
  const host = u.host.replace(/[^\w.-]/g, '_');
  return `${hidden ? '.pages/' : ''}${host}/${year ?? 'unknown'}/${slug}${ext}`;
}

export function saveFile(outDir: string, rel: string, bytes: Uint8Array) {
  const path = join(outDir, rel);
  mkdirSync(dirname(path), { recursive: true });
  // A dot-file: a build reading the folder while a fetch runs (or after one was killed) skips it.
  const tmp = join(dirname(path), `.${basename(path)}.part`);
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

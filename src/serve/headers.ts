/**
 * What a static host must say about each file of the built site, as pure functions of its path and
 * content, so `gongkai serve`, the tests and the nginx example in docs/dashboard.md agree.
 */
import { Parser } from 'htmlparser2';

/** Vite names these by content hash: a changed file gets a new name, so the old one can be kept forever. */
export const IMMUTABLE_PREFIX = '/_app/immutable/';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Pages, the manifest and the Parquet files keep their names across builds: cache them, but ask (ETag) before reuse. */
export const REVALIDATE = 'no-cache';

export function cacheControl(urlPath: string): string {
  return urlPath.startsWith(IMMUTABLE_PREFIX) ? IMMUTABLE : REVALIDATE;
}

/**
 * The policy a prerendered page carries in its `<meta http-equiv="content-security-policy">`
 * (SvelteKit's `kit.csp` writes it with the hashes of that page's inline scripts), or null. Sent
 * as a header too, it also covers what a meta tag cannot (frame-ancestors, report-uri, sandbox).
 */
export function cspOfHtml(html: string): string | null {
  let found: string | null = null;
  const parser = new Parser({
    onopentag(name, attrs) {
      if (found !== null || name !== 'meta') return;
      if ((attrs['http-equiv'] ?? '').toLowerCase() === 'content-security-policy' && attrs.content) found = attrs.content;
    },
  }, { decodeEntities: true, lowerCaseAttributeNames: true });
  parser.end(html);
  // A header value cannot hold line breaks; a policy never needs them.
  return found === null ? null : (found as string).replace(/\s+/g, ' ').trim();
}

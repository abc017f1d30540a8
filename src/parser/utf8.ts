/**
 * Where a file that is almost UTF-8 breaks: crawled pages often carry a stray byte or two (a cut
 * multi-byte character, a byte of another encoding pasted in) in otherwise valid UTF-8. Such a file
 * is UTF-8 and is decoded as UTF-8 with replacement characters; a file in GB18030 or Big5 breaks on
 * nearly every Chinese character instead.
 */

export interface Utf8Errors {
  /** Byte offsets where an invalid sequence starts (WHATWG: one U+FFFD each), at most `limit + 1`. */
  offsets: number[];
  /** Valid multi-byte sequences seen (up to where the scan stopped). */
  multibyte: number;
}

/** Scans like the WHATWG UTF-8 decoder, stopping once more than `limit` errors are found. */
export function utf8Errors(b: Uint8Array, limit: number): Utf8Errors {
  const offsets: number[] = [];
  let multibyte = 0;
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    }
    let k = 1;
    if (need > 0) {
      // The first continuation byte has the narrowed range, the others 80–BF.
      while (k <= need && i + k < b.length) {
        const d = b[i + k]!;
        if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) break;
        k++;
      }
    }
    if (need > 0 && k === need + 1) {
      multibyte++;
      i += k;
      continue;
    }
    offsets.push(i);
    if (offsets.length > limit) break;
    // A maximal subpart is replaced as one; the byte that broke it starts over.
    i += need > 0 ? k : 1;
  }
  return { offsets, multibyte };
}

/** A few bad bytes in a text that is otherwise plainly UTF-8 (many valid multi-byte characters). */
export const MAX_STRAY_BYTES = 16;
export function mostlyUtf8(e: Utf8Errors): boolean {
  return e.offsets.length > 0 && e.offsets.length <= MAX_STRAY_BYTES && e.multibyte >= 50 * e.offsets.length;
}

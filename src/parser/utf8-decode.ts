/**
 * UTF-8 validity and decoding where the parser runs in a browser (the import page's workers): the
 * standard TextDecoder. In Node, package.json's `#utf8` import picks utf8-decode.node.ts instead, several
 * times faster on large corpora. Both give the same answers for the same bytes.
 */
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of valid UTF-8, or null when the bytes are not valid UTF-8. */
export function utf8Text(b: Uint8Array): string | null {
  try {
    return fatal.decode(b);
  } catch {
    return null;
  }
}

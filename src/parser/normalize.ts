import type { Script } from '../lib/types.ts';
import { t2s } from './t2s.ts';

const CJK_FIRST = 0x4e00;
const CJK_LAST = 0x9fff;
let traditionalOnly: Uint8Array | undefined;

/**
 * The characters OpenCC would change, derived once from its own dictionary: counting them tells
 * Traditional from Simplified text without paying for a full conversion of every report.
 */
function traditionalChars(): Uint8Array {
  if (traditionalOnly) return traditionalOnly;
  const all: string[] = [];
  for (let cp = CJK_FIRST; cp <= CJK_LAST; cp++) all.push(String.fromCharCode(cp));
  // One character a line: phrase rules must not see neighbours, and lengths may change.
  const converted = t2s(all.join('\n')).split('\n');
  traditionalOnly = new Uint8Array(all.length);
  all.forEach((ch, i) => (traditionalOnly![i] = converted[i] !== ch ? 1 : 0));
  return traditionalOnly;
}

export function detectScript(text: string): Script {
  const trad = traditionalChars();
  let cjk = 0;
  let hits = 0;
  // A few thousand characters settle it; a report's script does not change half-way.
  for (let i = 0; i < text.length && cjk < 800; i++) {
    const code = text.charCodeAt(i);
    if (code < CJK_FIRST || code > CJK_LAST) continue;
    cjk++;
    hits += trad[code - CJK_FIRST]!;
  }
  // Simplified text shares a few characters with OpenCC's list; Traditional text has them everywhere.
  return cjk > 0 && hits >= 3 && hits / cjk > 0.03 ? 'traditional' : 'simplified';
}

/**
 * Simplified characters, half-width forms (NFKC: （）：，１ → ():,1), Unix line ends. V8's NFKC
 * already returns text it would not change after ICU's quick check, so it is called on every text;
 * the replacements are skipped where a native indexOf shows nothing to replace. NFKC turns U+00A0
 * and U+3000 into spaces itself, so only U+200B and U+FEFF are left to look for after it.
 */
export function normalizeText(text: string, script: Script): string {
  const simplified = script === 'traditional' ? t2s(text) : text;
  let s = simplified.normalize('NFKC');
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  if (s.includes('\u200b') || s.includes('\ufeff')) s = s.replace(/[\u00a0\u3000\u200b\ufeff]/g, ' ');
  return s;
}

/** Whether a character is white space to /\s/ (or a control character, which a regex would then judge). */
export const isSpaceLike = (c: number): boolean =>
  c <= 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/** Whether a string may hold white space; a loop, since most labels and cells have none and a regex call costs more. */
export function mayHaveSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isSpaceLike(s.charCodeAt(i))) return true;
  return false;
}

/** A label as the template matcher sees it: no white space at all (PDF text breaks words with spaces). */
export const compact = (s: string): string => (mayHaveSpace(s) ? s.replace(/\s+/g, '') : s);

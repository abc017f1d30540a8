import type { Script } from '../lib/types.ts';
import { t2s } from './t2s.ts';

const CJK_FIRST = 0x4e00;
const CJK_LAST = 0x9fff;
/** The CJK characters counted, and how many of them a Traditional text needs (more than 3 %, at least 3). */
const SAMPLE = 800;
let classes: Uint8Array | undefined;

/**
 * Every UTF-16 code unit's class: 0 not a CJK ideograph, 1 one OpenCC leaves alone, 2 one it would
 * change (derived once from its own dictionary). Counting the 2s tells Traditional from Simplified
 * text without paying for a full conversion of every report; one table load a character keeps the
 * count cheap where markup or digits come between the ideographs.
 */
function charClasses(): Uint8Array {
  if (classes) return classes;
  const all: string[] = [];
  for (let cp = CJK_FIRST; cp <= CJK_LAST; cp++) all.push(String.fromCharCode(cp));
  // One character a line: phrase rules must not see neighbours, and lengths may change.
  const converted = t2s(all.join('\n')).split('\n');
  classes = new Uint8Array(0x10000);
  all.forEach((ch, i) => (classes![CJK_FIRST + i] = converted[i] !== ch ? 2 : 1));
  return classes;
}

export function detectScript(text: string): Script {
  const cls = charClasses();
  let cjk = 0;
  let hits = 0;
  // A few thousand characters settle it; a report's script does not change half-way. Past
  // 3 % of the whole sample, more characters cannot change the answer.
  const enough = Math.floor(SAMPLE * 0.03) + 1;
  for (let i = 0; i < text.length && cjk < SAMPLE && hits < enough; i++) {
    const c = cls[text.charCodeAt(i)]!;
    if (c === 0) continue;
    cjk++;
    hits += c - 1;
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

/** Whether a character is white space to /\s/ exactly (what compact() removes). */
export const isRegexSpace = (c: number): boolean =>
  (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/** Whether a character is white space to /\s/ (or a control character, which a regex would then judge). */
export const isSpaceLike = (c: number): boolean => c <= 32 || isRegexSpace(c);

/** Whether a string may hold white space; a loop, since most labels and cells have none and a regex call costs more. */
export function mayHaveSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isSpaceLike(s.charCodeAt(i))) return true;
  return false;
}

/** A label as the template matcher sees it: no white space at all (PDF text breaks words with spaces). */
export const compact = (s: string): string => (mayHaveSpace(s) ? s.replace(/\s+/g, '') : s);

import * as OpenCC from 'opencc-js/t2cn';
import type { Script } from '../lib/types.ts';

let t2s: ((s: string) => string) | undefined;
let traditionalOnly: Set<string> | undefined;

function converter(): (s: string) => string {
  return (t2s ??= OpenCC.Converter({ from: 't', to: 'cn' }));
}

/**
 * The characters OpenCC would change, derived once from its own dictionary: counting them tells
 * Traditional from Simplified text without paying for a full conversion of every report.
 */
function traditionalChars(): Set<string> {
  if (traditionalOnly) return traditionalOnly;
  const all: string[] = [];
  for (let cp = 0x4e00; cp <= 0x9fff; cp++) all.push(String.fromCharCode(cp));
  // One character a line: phrase rules must not see neighbours, and lengths may change.
  const converted = converter()(all.join('\n')).split('\n');
  traditionalOnly = new Set(all.filter((ch, i) => converted[i] !== ch));
  return traditionalOnly;
}

export function detectScript(text: string): Script {
  const trad = traditionalChars();
  let cjk = 0;
  let hits = 0;
  const n = Math.min(text.length, 20000);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x4e00 || code > 0x9fff) continue;
    cjk++;
    if (trad.has(text[i]!)) hits++;
  }
  // Simplified text shares a few characters with OpenCC's list; Traditional text has them everywhere.
  return cjk > 0 && hits >= 3 && hits / cjk > 0.03 ? 'traditional' : 'simplified';
}

/** Simplified characters, half-width forms (NFKC: （）：，１ → ():,1), Unix line ends. */
export function normalizeText(text: string, script: Script): string {
  const simplified = script === 'traditional' ? converter()(text) : text;
  return simplified.normalize('NFKC').replace(/\r\n?/g, '\n').replace(/[\u00a0\u3000\u200b\ufeff]/g, ' ');
}

/** A label as the template matcher sees it: no white space at all (PDF text breaks words with spaces). */
export const compact = (s: string): string => s.replace(/\s+/g, '');

/**
 * The shortcuts taken on a report's whole text (decoding, normalisation, script conversion) against
 * the plain calls they stand in for, on random strings built from the characters that matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configs } from 'opencc-js/preset/t2cn';
import { decode } from '../src/parser/decode.ts';
import { htmlToLines, htmlToLinesSlow, squash } from '../src/parser/html.ts';
import { detectScript, normalizeText } from '../src/parser/normalize.ts';
import { tabCells } from '../src/parser/rows.ts';
import { t2s, t2sReference } from '../src/parser/t2s.ts';

/** Code points from every UTF-8 length, with the BOM, the replacement character and line ends. */
const CODE_POINTS = [0x0a, 0x0d, 0x09, 0x20, 0x30, 0x41, 0x7c, 0xa0, 0xe9, 0x3000, 0x4e00, 0x653f, 0x9ad4, 0xfeff, 0xfffd, 0xff08, 0x1f600, 0x20000];
const anyText = fc
  .array(fc.oneof(fc.constantFrom(...CODE_POINTS), fc.integer({ min: 0x20, max: 0x10ffff })), { maxLength: 60 })
  .map((cps) => String.fromCodePoint(...cps.filter((c) => c < 0xd800 || c > 0xdfff)));

describe('UTF-8 decoding', () => {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  it('gives the string a strict decoder gives, with and without BOM', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const bytes = new TextEncoder().encode(`政府信息公开${s}`);
        const plain = decode(bytes);
        expect(plain.ok && plain.text).toBe(strict.decode(bytes));
        const bom = decode(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]));
        expect(bom.ok && bom.text).toBe(strict.decode(bytes));
      }),
      { numRuns: 3000, seed: 3 },
    );
  });
  it('a file cut inside a character decodes up to the cut', () => {
    const bytes = new TextEncoder().encode('政府信息公开年度报告𠀀');
    for (let cut = 1; cut <= 3; cut++) {
      const r = decode(bytes.subarray(0, bytes.length - cut));
      expect(r.ok && r.text).toBe('政府信息公开年度报告');
      expect(r.ok && r.truncatedTail).toBe(true);
    }
    const bomOnly = decode(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(bomOnly.ok && bomOnly.text).toBe('');
  });
});

describe('Traditional → Simplified', () => {
  const t2sConfig = configs.t2s as unknown as { normalizationChain: string[][]; conversionChain: string[][] };
  const keys = [...t2sConfig.normalizationChain, ...t2sConfig.conversionChain].flat().flatMap((d) => d.split('|').map((l) => l.split(' ')[0]!));
  const keyChars = [...new Set(keys.flatMap((k) => [...k]))];
  it('reads the dictionaries it is meant to (phrases, characters, compatibility ideographs)', () => {
    expect(keys.length).toBeGreaterThan(4000);
    expect(keys.some((k) => [...k].length > 2)).toBe(true);
    expect(keys).toContain('\uf900');
  });
  it('gives what opencc-js gives for every entry alone, in a line, and with its neighbours', () => {
    for (const k of keys) expect(t2s(k), k).toBe(t2sReference(k));
    const all = keys.join('');
    expect(t2s(all)).toBe(t2sReference(all));
    const lines = keys.join('\n');
    expect(t2s(lines)).toBe(t2sReference(lines));
  });
  it('gives what opencc-js gives on random text of entries, their characters, other scripts and line ends', () => {
    const piece = fc.oneof(
      fc.constantFrom(...keys),
      fc.constantFrom(...keyChars),
      fc.constantFrom('\n', '\r\n', '\t', ' ', '|', '0', '12', '（', '：', '政府', '信息', '公開', '𠀀', '\ud800', '\udc00', '\u2ff0', '\u2ff2', '\u3000'),
      fc.integer({ min: 0x3400, max: 0x9fff }).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (parts) => {
        const s = parts.join('');
        expect(t2s(s), JSON.stringify(s)).toBe(t2sReference(s));
      }),
      { numRuns: 5000, seed: 4 },
    );
  });
  it('gives what opencc-js gives on long texts, also where replacements outgrow the shared buffer', () => {
    const s = keys.join('，').repeat(3);
    expect(t2s(s)).toBe(t2sReference(s));
    t2s('a'.repeat(50_000)); // sizes the buffer for 50,000 units
    const growing = '㗲𤋮'.repeat(33_000); // 99,000 units in, 132,000 out
    expect(t2s(growing)).toBe(t2sReference(growing));
  });
});

describe('normalizeText', () => {
  /** As first written: a full conversion, NFKC, then both replacements on every text. */
  const byRegex = (text: string, script: 'simplified' | 'traditional') =>
    (script === 'traditional' ? t2sReference(text) : text).normalize('NFKC').replace(/\r\n?/g, '\n').replace(/[\u00a0\u3000\u200b\ufeff]/g, ' ');
  const CHARS = [...'政府信息公開報告（）：，１ａ\u00a0\u3000\u200b\ufeff\r\n\t |0a\u0301\u3099か\u1100\u1161\uf900\u2ff0㍿①'];
  const text = fc.array(fc.oneof(fc.constantFrom(...CHARS), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), { maxLength: 40 }).map((cs) => cs.join(''));
  it('equals NFKC with both replacements, whatever is skipped', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('simplified' as const, 'traditional' as const), (s, script) => {
        expect(normalizeText(s, script), JSON.stringify(s)).toBe(byRegex(s, script));
      }),
      { numRuns: 20000, seed: 5 },
    );
  });
});

describe('tab lines', () => {
  const CHARS = [...'\t\t\t  \u3000\u00a0\ufeff\u2028\u200b\x01\x0b0规章|'];
  const line = fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }).map((cs) => cs.join(''));
  it('cells as split and trim give them; null where the whole line trims to nothing', () => {
    fc.assert(
      fc.property(line, (l) => {
        if (!l.includes('\t')) return;
        expect(tabCells(l), JSON.stringify(l)).toEqual(l.trim() === '' ? null : l.split('\t').map((c) => c.trim()));
      }),
      { numRuns: 20000, seed: 6 },
    );
  });
});

describe('HTML cell text', () => {
  it('tag and attribute names are matched in place as htmlparser2 reads them', () => {
    const pages = [
      "<table><Tr><tD rowspaN=2 coLspan='3'>a</Td><TH rowspans=2 colspa=4 x-rowspan=5>b<tr><td ROWSPAN colspan=2>c</table>",
      '<table><tr><td rowspan="2" rowspan="3" colspan = "2">a<td\u212Aolspan=2>b<tdx colspan=2>c</table>',
      '<P>一<Br>二</P><Dİv>三</Dİv><ſpan>四</ſpan><div><p>五</DIV>',
      '<table><tr><td>1</td></tr></table ><p>x</p   ><table><tr><td>2</td></TR ></TABLE>',
    ];
    for (const p of pages) expect(htmlToLines(p), p).toEqual(htmlToLinesSlow(p));
  });
  const CHARS = [...'  \t\n\u3000\u00a0\x01\u2028规0a'];
  const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 10 }).map((cs) => cs.join(''));
  it('squash collapses white space and trims, as its regex does', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(squash(s), JSON.stringify(s)).toBe(s.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 20000, seed: 7 },
    );
  });
});

describe('script detection', () => {
  /** The plain rule: of the first 800 CJK ideographs, more than 3 % (and at least 3) are ones t2s changes. */
  const chars = Array.from({ length: 0x9fff - 0x4e00 + 1 }, (_, i) => String.fromCharCode(0x4e00 + i));
  const converted = t2sReference(chars.join('\n')).split('\n');
  const changes = new Set(chars.filter((c, i) => converted[i] !== c));
  const reference = (text: string) => {
    const cjk = [...text].filter((c) => c >= '\u4e00' && c <= '\u9fff').slice(0, 800);
    const hits = cjk.filter((c) => changes.has(c)).length;
    return cjk.length > 0 && hits >= 3 && hits / cjk.length > 0.03 ? 'traditional' : 'simplified';
  };
  const trad = [...changes];
  const simp = chars.filter((c) => !changes.has(c));
  const piece = fc.oneof(fc.constantFrom(...trad), fc.constantFrom(...simp), fc.constantFrom('0', ' |', '\t', '<td>', '\n', '（', '𠀀'));
  it('answers as the plain rule does, near the 3 % line and past 800 ideographs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.integer({ min: 1, max: 60 })), { maxLength: 60 }), (runs) => {
        const text = runs.map(([p, n]) => p.repeat(n)).join('');
        expect(detectScript(text)).toBe(reference(text));
      }),
      { numRuns: 3000, seed: 9 },
    );
    const mix = (t: number, s: number) => trad.slice(0, t).join('') + simp.slice(0, s).join('');
    for (const [t, s] of [[2, 10], [3, 10], [3, 200], [24, 776], [25, 775], [26, 900], [0, 0]] as const) expect(detectScript(mix(t, s))).toBe(reference(mix(t, s)));
  });
});

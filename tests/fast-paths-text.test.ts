/**
 * The shortcuts taken on a report's whole text (decoding, normalisation, script conversion) against
 * the plain calls they stand in for, on random strings built from the characters that matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode } from '../src/parser/decode.ts';

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

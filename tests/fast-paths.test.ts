/**
 * The parser's loops that stand in for regular expressions (for speed) against the expressions they
 * replace, on random strings built from the characters that matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankCells, cellsOf, TEMPLATES } from '../src/lib/template.ts';
import { compact, mayHaveSpace } from '../src/parser/normalize.ts';
import { isValueLike } from '../src/parser/values.ts';

const NUMBER = /^([+-]?)(\d+(?:\.\d+)?)(万元|元|万|件|个|项|次|条|份|宗|家)?$/;
const DASHES = /^[-—–_/\\无×xX]+$/;
/** isValueLike as first written: the regexes alone. */
const valueLikeByRegex = (s: string): boolean => {
  const t = s.replace(/[\s,]/g, '');
  return t !== '' && (NUMBER.test(t.replace(/^[−–]/, '-')) || DASHES.test(t));
};

const CHARS = [...'0123456789+-−–—_/\\无×xX.,元万件项(（)）规章 \t\u00a0\u3000\u2003\u200b\ufeff\n\x01a'];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((cs) => cs.join(''));

describe('fast paths', () => {
  it('isValueLike agrees with its regular expressions', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(isValueLike(s), JSON.stringify(s)).toBe(valueLikeByRegex(s));
      }),
      { numRuns: 20000, seed: 1 },
    );
  });
  it('mayHaveSpace finds every character /\\s/ matches', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (/\s/.test(ch)) expect(mayHaveSpace(`a${ch}b`), c.toString(16)).toBe(true);
    }
  });
  it('compact removes all white space', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(compact(s)).toBe(s.replace(/\s+/g, ''));
      }),
      { numRuns: 5000, seed: 2 },
    );
  });
  it('blankCells (a dictionary object) holds exactly the template cells, in print order, all blank', () => {
    for (const t of TEMPLATES) {
      const cells = blankCells(t);
      expect(Object.keys(cells)).toEqual(cellsOf(t).map((c) => c.key));
      expect(Object.values(cells).every((v) => v === null)).toBe(true);
      expect(blankCells(t)).not.toBe(cells);
    }
  });
});

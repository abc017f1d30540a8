/**
 * The parser's loops that stand in for regular expressions (for speed) against the expressions they
 * replace, on random strings built from the characters that matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsOf, rowsOf, TEMPLATES } from '../src/lib/template.ts';
import { blankValues, cellLayout } from '../src/parser/cells.ts';
import { checkValues, runChecks } from '../src/lib/checks.ts';
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
  it('the cell layout: blank values, each row at its cells, and a record of every key in print order', () => {
    for (const t of TEMPLATES) {
      const { size, rowAt, record } = cellLayout(t);
      const keys = cellsOf(t).map((c) => c.key);
      expect(blankValues(t)).toEqual(keys.map(() => null));
      for (const r of rowsOf(t)) r.keys.forEach((k, i) => expect(keys[rowAt.get(r)! + i]).toBe(k));
      const values = keys.map((_, i) => (i % 3 === 0 ? null : i * 1.5 - 7));
      const rec = record(values);
      expect(Object.keys(rec)).toEqual(keys);
      expect(Object.values(rec)).toEqual(values);
      expect(Object.getPrototypeOf(rec)).toBe(Object.prototype);
      expect(record(values)).not.toBe(rec);
      expect(size).toBe(keys.length);
    }
  });
  it('checks on print-order values equal checks on the record', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEMPLATES), fc.array(fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 40 }), fc.double({ min: 0, max: 99, noNaN: true })), { minLength: 260, maxLength: 260 }), (t, pool) => {
        const values = cellsOf(t).map((_, i) => pool[i]!);
        expect(checkValues(t, values)).toEqual(runChecks(t, cellLayout(t).record(values)));
        const sparse = Object.fromEntries(cellsOf(t).flatMap((c, i) => (values[i] === null ? [] : [[c.key, values[i]]])));
        expect(runChecks(t, sparse)).toEqual(checkValues(t, values));
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

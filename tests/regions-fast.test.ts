/** Region resolution's look-ups by code unit against the string look-ups they stand in for. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getGazetteer } from '../src/regions/index.ts';
import { lengthsAt } from '../src/regions/resolve.ts';

describe('name lengths by code unit', () => {
  const g = getGazetteer();
  const byString = (s: string, i: number) => g.lengthsByStart.get(s.slice(i, i + 2)) ?? [];
  const starts = [...g.lengthsByStart.keys()];
  it('every two-character start, alone, at the end of a string and inside one', () => {
    for (const k of starts) {
      for (const s of [k, `${k}县`, `x${k}`]) for (let i = 0; i <= s.length; i++) expect(lengthsAt(g, s, i), `${s} @${i}`).toEqual(byString(s, i));
    }
  });
  it('random strings of start characters and others', () => {
    const chars = [...new Set(starts.flatMap((k) => [...k]).slice(0, 400)), '县', '局', 'a', '1', '𠀀'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 12 }), fc.nat(14), (cs, i) => {
        const s = cs.join('');
        expect(lengthsAt(g, s, i)).toEqual(byString(s, i));
      }),
      { numRuns: 20000, seed: 8 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmt, runChecks, RULES } from '../src/lib/checks.ts';
import { cellsOf, type TemplateVersion } from '../src/lib/template.ts';

const zeros = (t: TemplateVersion): Record<string, number | null> => Object.fromEntries(cellsOf(t).map((c) => [c.key, 0]));
const failed = (t: TemplateVersion, cells: Record<string, number | null>) => runChecks(t, cells).filter((c) => !c.ok);

describe('arithmetic checks (勾稽关系)', () => {
  it('a consistent report passes every rule', () => {
    const c = zeros('2021');
    for (const col of ['natural_person', 'total']) {
      c[`requests.new_received.${col}`] = 5;
      c[`requests.carried_over.${col}`] = 1;
      c[`requests.granted.${col}`] = 3;
      c[`requests.rejected_duplicate.${col}`] = 2;
      c[`requests.total.${col}`] = 5;
      c[`requests.carried_forward.${col}`] = 1;
    }
    c['appeals.review.upheld'] = 2;
    c['appeals.review.pending'] = 1;
    c['appeals.review.total'] = 3;
    expect(failed('2021', c)).toEqual([]);
    expect(new Set(runChecks('2021', c).map((r) => r.rule))).toEqual(new Set(RULES.map((r) => r.id)));
  });

  it('new + carried over ≠ handled + carried forward fails requests.balance in that column only', () => {
    const c = zeros('2021');
    c['requests.new_received.research'] = 2;
    c['requests.new_received.total'] = 2;
    c['requests.granted.research'] = 2;
    c['requests.granted.total'] = 2;
    c['requests.total.total'] = 2;
    const f = failed('2021', c);
    expect(f.filter((x) => x.rule === 'requests.balance').map((x) => x.scope)).toEqual(['research']);
    expect(f.filter((x) => x.rule === 'requests.row_total').map((x) => x.scope)).toEqual(['total']);
    expect(f.filter((x) => x.rule === 'requests.outcome_total').map((x) => x.scope)).toEqual(['research']);
    expect(f.find((x) => x.rule === 'requests.balance')!.detail).toContain('科研机构');
  });

  it('appeals total must equal upheld + corrected + other + pending', () => {
    const c = zeros('2019');
    c['appeals.litigation_direct.corrected'] = 1;
    const f = failed('2019', c);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'appeals.total', scope: 'litigation_direct', ok: false });
  });

  it('uses the 2019 single “other” row and the three 2021 “other” rows as outcomes', () => {
    const c19 = zeros('2019');
    c19['requests.other.total'] = 1;
    c19['requests.total.total'] = 1;
    expect(failed('2019', c19).some((x) => x.rule === 'requests.outcome_total')).toBe(false);
    const c21 = zeros('2021');
    c21['requests.other_no_fee.total'] = 1;
    c21['requests.total.total'] = 1;
    expect(failed('2021', c21).some((x) => x.rule === 'requests.outcome_total')).toBe(false);
  });

  it('blank and zero are the same for arithmetic; an all-blank rule is not checked', () => {
    const c = zeros('2021');
    c['requests.new_received.commercial'] = null;
    c['appeals.review.total'] = null;
    expect(failed('2021', c)).toEqual([]);
    const blank = Object.fromEntries(cellsOf('2021').map((x) => [x.key, null]));
    expect(runChecks('2021', blank)).toEqual([]);
  });

  it('decimals (万元) are compared without floating-point noise', () => {
    const c = zeros('2021');
    for (const [row, v] of [['new_received', 0.1], ['carried_over', 0.2], ['total', 0.3]] as const) c[`requests.${row}.total`] = v;
    expect(failed('2021', c).filter((x) => x.rule === 'requests.balance')).toEqual([]);
  });
});

describe('numbers in check details', () => {
  it('print as rounded to 6 decimals, integers by the short path included', () => {
    const reference = (n: number) => String(Math.round(n * 1e6) / 1e6);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -2e9, max: 2e9 }), fc.double({ min: -1e10, max: 1e10, noNaN: true }), fc.constantFrom(0, -0, 999_999_999, 1e9, -1e9, 0.1 + 0.2, 25.1)), (n) => {
        expect(fmt(n)).toBe(reference(n));
      }),
      { numRuns: 20000, seed: 4 },
    );
  });
});

/** The digit splitter on its own: the digits' form, the arithmetic, prose facts, and its work limits. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, splitDigits, type Equation, type SplitGroup } from '../src/parser/split-digits.ts';

const counts = (k: number) => Array.from({ length: k }, () => ({}));
/** A requests-like row of seven cells at `at`: its total (last) is the sum of the six before it. */
const row7 = (at: number, material: string): SplitGroup => ({ cells: [0, 1, 2, 3, 4, 5, 6].map((i) => at + i), specs: counts(7), material });
const rowSum = (at: number): Equation => ({ left: [at + 6], right: [0, 1, 2, 3, 4, 5].map((i) => at + i) });
const one = (g: SplitGroup, eqs: Equation[] = []) => splitDigits([g], eqs).groups[0]!;

describe('splitDigits: one group', () => {
  it('splits a requests row by its row total: 640020470 is 64|0|0|2|0|4|70', () => {
    const r = one(row7(0, '640020470'), [rowSum(0)]);
    expect(r.status).toBe('decided');
    expect(r.values).toEqual(['64', '0', '0', '2', '0', '4', '70']);
  });

  it('allows no leading zero: 000 is 0|0|0 and 100 is 10|0', () => {
    expect(one({ cells: [0, 1, 2], specs: counts(3), material: '000' }).values).toEqual(['0', '0', '0']);
    expect(one({ cells: [0, 1], specs: counts(2), material: '100' }).values).toEqual(['10', '0']);
  });

  it('leaves a group without arithmetic open and lists every reading (693665 in three cells: ten)', () => {
    const r = one({ cells: [0, 1, 2], specs: counts(3), material: '693665' });
    expect(r.status).toBe('ambiguous');
    expect(r.values).toEqual([null, null, null]);
    expect(r.readings.map((x) => x.join('|')).sort()).toEqual(
      ['69|3|665', '6|9|3665', '6|93|665', '6|936|65', '6|9366|5', '69|36|65', '69|366|5', '693|6|65', '693|66|5', '6936|6|5'].sort(),
    );
  });

  it('reads a cell every remaining reading agrees on, and only that cell', () => {
    // 27|0|0|2|0|1|30 and 2|7|0|0|20|1|30 both sum: other_org and total agree.
    const r = one(row7(0, '270020130'), [rowSum(0)]);
    expect(r.readings).toHaveLength(2);
    expect(r.values).toEqual([null, null, '0', null, null, '1', '30']);
  });

  it('takes white space as a certain boundary: 500000 5 is 5|0|0|0|0|0|5', () => {
    const r = one(row7(0, '500000 5'), [rowSum(0)]);
    expect(r.values).toEqual(['5', '0', '0', '0', '0', '0', '5']);
    // Without the space the run could not be seven cells at all.
    expect(one(row7(0, '5000005'), [rowSum(0)]).status).toBe('decided');
  });

  it('reads a sign only in a signed column and a decimal point only in a money column', () => {
    const items = { cells: [0, 1, 2], specs: [{}, { signed: true }, {}], material: '12-35' };
    expect(one(items).values).toEqual(['12', '-3', '5']);
    expect(one({ ...items, specs: counts(3) }).status).toBe('unsplittable');
    expect(one({ cells: [0], specs: [{ decimal: true }], material: '24252.311082' }).values).toEqual(['24252.311082']);
    expect(one({ cells: [0, 1], specs: [{}, { decimal: true }], material: '312.5' }).readings.map((x) => x.join('|')).sort()).toEqual(['3|12.5', '31|2.5'].sort());
    expect(one({ cells: [0], specs: [{}], material: '2.5' }).status).toBe('unsplittable');
  });

  it('falls back to the digits alone when the row total fails for every split (a misprint), and says so', () => {
    const r = one(row7(0, '1000002'), [rowSum(0)]);
    expect(r.balanced).toBe(false);
    expect(r.values).toEqual(['1', '0', '0', '0', '0', '0', '2']);
  });

  it('splits the three appeals rows printed as one run of fifteen cells', () => {
    const g: SplitGroup = { cells: Array.from({ length: 15 }, (_, i) => i), specs: counts(15), material: '10203120001200000' };
    const eqs: Equation[] = [0, 5, 10].map((a) => ({ left: [a + 4], right: [a, a + 1, a + 2, a + 3] }));
    expect(one(g, eqs).values).toEqual(['1', '0', '2', '0', '3', '12', '0', '0', '0', '12', '0', '0', '0', '0', '0']);
  });
});

describe('splitDigits: across groups', () => {
  // new received (0), carried over (7), one outcome row granted (14) + not held (21), total (28), carried forward (35).
  const balance: Equation[] = [0, 1, 2, 3, 4, 5, 6].flatMap((c) => [
    { left: [0 + c, 7 + c], right: [28 + c, 35 + c] },
    { left: [28 + c], right: [14 + c, 21 + c] },
  ]);
  const rows = (granted: string, notHeld: string, total: string) => [
    row7(0, total),
    row7(7, '0000000'),
    row7(14, granted),
    row7(21, notHeld),
    row7(28, total),
    row7(35, '0000000'),
  ];
  const eqs = [...balance, ...[0, 7, 14, 21, 28, 35].map(rowSum)];

  it('decides a row its own total leaves open by the column sums', () => {
    // granted 27|0|0|2|0|1|30 or 2|7|0|0|20|1|30, not held 5|0|0|0|0|0|5: 总计 32|0|0|2|0|1|35 takes the first.
    const ok = splitDigits(rows('270020130', '5000005', '320020135'), eqs);
    expect(ok.joint).toBe('applied');
    expect(ok.groups.every((g) => g.status === 'decided')).toBe(true);
    expect(ok.groups[2]!.values).toEqual(['27', '0', '0', '2', '0', '1', '30']);
    // A 总计 no combination sums to: the column sums are not used, and the row stays open.
    const bad = splitDigits(rows('270020130', '5000005', '320000032'), eqs);
    expect(bad.joint).toBe('inconsistent');
    expect(bad.groups[2]!.status).toBe('ambiguous');
  });

  it('counts a cell of no group as blank (0), but drops the equations of unknown cells', () => {
    // Two cells, their total in another group, plus a cell (3) printed nowhere.
    const pair: SplitGroup = { cells: [0, 1], specs: counts(2), material: '1110' };
    const total: SplitGroup = { cells: [2], specs: [{}], material: '21' };
    const eq: Equation = { left: [2], right: [0, 1, 3] };
    expect(splitDigits([pair, total], [eq]).groups[0]!.values).toEqual(['11', '10']);
    expect(splitDigits([pair, total], [eq], [], new Set([3])).groups[0]!.status).toBe('ambiguous');
  });

  it('lets a number the prose states choose among the readings that remain, never against the arithmetic', () => {
    const pair: SplitGroup = { cells: [0, 1], specs: counts(2), material: '123' };
    expect(splitDigits([pair], [], [{ cell: 0, value: 12 }]).groups[0]!.values).toEqual(['12', '3']);
    // A stated number no reading has is ignored.
    expect(splitDigits([pair], [], [{ cell: 0, value: 7 }]).groups[0]!.status).toBe('ambiguous');
    const withSum = splitDigits([pair, { cells: [2], specs: [{}], material: '24' }], [{ left: [2], right: [0, 1] }], [{ cell: 0, value: 12 }]);
    expect(withSum.groups[0]!.values).toEqual(['1', '23']);
  });
});

describe('splitDigits: bounded work', () => {
  it('gives up on a pathological run instead of hanging, and says so', () => {
    const long = row7(0, '1'.repeat(5000));
    expect(one(long, [rowSum(0)]).status).toBe('unsplittable');
    const wide: SplitGroup = { cells: Array.from({ length: 15 }, (_, i) => i), specs: counts(15), material: '123456789'.repeat(9) };
    const r = splitDigits([wide], [], [], new Set(), { ...DEFAULT_LIMITS, nodes: 20_000 }).groups[0]!;
    expect(r.status).toBe('overflow');
    expect(r.values.every((v) => v === null)).toBe(true);
  });

  it('gives up on the cross-group search past its limit, keeping each group’s own readings', () => {
    const groups = Array.from({ length: 12 }, (_, i) => ({ cells: [2 * i, 2 * i + 1], specs: counts(2), material: '1234' }));
    const eq: Equation = { left: [100], right: groups.flatMap((g) => [...g.cells]) };
    const res = splitDigits([...groups, { cells: [100], specs: [{}], material: '300' }], [eq], [], new Set(), { ...DEFAULT_LIMITS, transitions: 10 });
    expect(res.joint).toBe('overflow');
    expect(res.groups[0]!.status).toBe('ambiguous');
  });
});

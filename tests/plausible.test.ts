import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/parser/index.ts';
import { MAX_COUNT, implausible } from '../src/parser/plausible.ts';
import { reportBytes } from './helpers/corpus.ts';

describe('implausible values are reported and left out, never stored as read', () => {
  it('the rule: sign, fraction and size per unit', () => {
    expect(implausible(-5, { unit: 'count' })).toMatch(/负数/);
    expect(implausible(-5, { unit: 'count', signed: true })).toBeNull();
    expect(implausible(1.5, { unit: 'count' })).toMatch(/整数/);
    expect(implausible(MAX_COUNT + 1, { unit: 'count' })).toMatch(/超过/);
    expect(implausible(1_500_000, { unit: 'count' })).toBeNull(); // a city's 行政许可 can exceed a million
    expect(implausible(12.35, { unit: 'wan_yuan' })).toBeNull(); // fees are decimals
    expect(implausible(-1, { unit: 'wan_yuan' })).toMatch(/负数/);
    expect(implausible(1e20, { unit: 'wan_yuan' })).toMatch(/12 位/);
  });

  it('in a report: section 二 (no checks cover it) and section 三 get value_implausible naming the cell and text', () => {
    const lines = reportBytes('000_ec4eb35032c3f175.txt').toString('utf8').split('\n');
    const at = lines.indexOf('规章 |');
    lines[at + 1] = '-5 |';
    lines[at + 2] = '1.5 |';
    lines[at + 3] = '99999999999999999999 |';
    const req = lines.indexOf('一、本年新收政府信息公开申请数量 |');
    lines[req + 1] = '3000000000 |';
    const r = parseDocument('x.txt', new TextEncoder().encode(lines.join('\n'))).report;
    const warnings = r.errors.filter((e) => e.code === 'value_implausible');
    expect(warnings.map((w) => w.message.match(/“([^”]+)”/)![1])).toEqual(['-5', '1.5', '99999999999999999999', '3000000000']);
    expect(warnings[0]!.message).toContain('规章');
    expect(r.status).toBe('warning');
    expect(r.cells['active.rules.issued']).toBeNull();
    for (const [k, v] of Object.entries(r.cells)) if (v !== null) expect(Math.abs(v), k).toBeLessThanOrEqual(MAX_COUNT);
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_STATE, parseState, serializeState, pageOfPath, type ViewState } from '../src/lib/client/url-state.ts';
import { METRICS } from '../src/lib/metrics.ts';

const parse = (q: string) => parseState(new URLSearchParams(q));

describe('URL state', () => {
  test('an empty address is the default view', () => {
    expect(parse('')).toEqual({ state: DEFAULT_STATE, dropped: [] });
    expect(serializeState(DEFAULT_STATE)).toBe('');
  });

  test('a full view survives serialise → parse exactly', () => {
    const s: ViewState = {
      ...DEFAULT_STATE, lang: 'en', y0: 2021, y1: 2023, regions: ['22', '3607'], bodies: ['government', 'township'], template: '2021',
      metric: 'disclosure_rate', group: 'region', chart: 'map', compare: ['r:22', 'r:36', 'b:zone'], compareMetrics: ['applications', 'lawsuits'],
      perBody: true, region: '3607', report: '0123456789abcdef', reportYear: 2023,
    };
    const q = serializeState(s);
    expect(q).toBe('?lang=en&y0=2021&y1=2023&r=22,3607&bt=government,township&tpl=2021&m=disclosure_rate&g=region&c=map&cmp=r:22,r:36,b:zone&cm=applications,lawsuits&per=body&reg=3607&id=0123456789abcdef&ry=2023');
    expect(parse(q.slice(1))).toEqual({ state: s, dropped: [] });
  });

  test('unknown and malicious parameters are dropped and reported, never kept', () => {
    const { state, dropped } = parse("m=applications;DROP TABLE rollup&evil=<script>&r=13'--&bt=government,admin&c=pie&y0=20x1&id=ZZ&cmp=r:13,x:1&lang=fr&__proto__=1");
    expect(state).toEqual(DEFAULT_STATE);
    expect(dropped.map((d) => d.param).sort()).toEqual(['__proto__', 'bt', 'c', 'cmp', 'evil', 'id', 'lang', 'm', 'r', 'y0'].sort());
    expect(dropped.find((d) => d.param === 'evil')!.reason).toBe('unknown parameter');
  });

  test('limits: repeated parameters, too many regions or compare items, over-long values', () => {
    const many = Array.from({ length: 21 }, (_, i) => String(11 + i)).join(',');
    const { state, dropped } = parse(`m=handled&m=fees&r=${many}&cmp=r:11,r:12,r:13,r:14,r:15,r:16,r:17&cm=${'applications,'.repeat(40)}`);
    expect(state.metric).toBe('handled');
    expect(state.regions).toEqual([]);
    expect(state.compare).toEqual([]);
    expect(dropped.map((d) => d.param)).toEqual(['m', 'r', 'cmp', 'cm']);
  });

  test('a reversed year range is put in order', () => {
    expect(parse('y0=2024&y1=2021').state).toMatchObject({ y0: 2021, y1: 2024 });
  });

  test('every metric id is accepted; the page comes from the path', () => {
    for (const m of METRICS) expect(parse(`m=${m.id}`).state.metric).toBe(m.id);
    expect(pageOfPath('/compare')).toBe('compare');
    expect(pageOfPath('/')).toBe('overview');
    expect(pageOfPath('/nope')).toBe('overview');
  });

  test('property: whatever the query string, every surviving value is from an allow-list or of a fixed shape', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('m', 'r', 'bt', 'c', 'g', 'cmp', 'id', 'y0', 'reg', 'x', 'lang'), fc.string({ maxLength: 30 })), { maxLength: 8 }), (pairs) => {
        const params = new URLSearchParams();
        for (const [k, v] of pairs) params.append(k, v);
        const { state } = parseState(params);
        expect(METRICS.some((m) => m.id === state.metric)).toBe(true);
        for (const r of state.regions) expect(r).toMatch(/^\d{2,12}$/);
        for (const c of state.compare) expect(c).toMatch(/^(r:\d{2,12}|b:[a-z_]+)$/);
        if (state.region) expect(state.region).toMatch(/^\d{2,12}$/);
        if (state.report) expect(state.report).toMatch(/^[0-9a-f]{16}$/);
        // Round trip is stable.
        expect(parseState(new URLSearchParams(serializeState(state).slice(1))).state).toEqual(state);
      }),
    );
  });
});

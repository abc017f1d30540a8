import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { Converter } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { cellsOf, collapsedKeys, rowsOf, type TemplateVersion } from '../src/lib/template.ts';
import {
  BROKEN_KINDS, LAYOUTS, LAYOUT_EXT, brokenFile, corpusFile, expectedCells, randomCase, randomReport, renderReport, renderText, seededRng,
} from '../src/synth/index.ts';
import { pipeTables } from '../src/synth/pipe.ts';
import { traditional } from '../src/synth/render.ts';
import { tabTables } from '../src/synth/tab.ts';

const REPORTS = new URL('../data/reports/', import.meta.url);
const golden = (stem: string) => JSON.parse(readFileSync(new URL(`./golden/${stem}.json`, import.meta.url), 'utf8'));
const real = (stem: string) => readFileSync(new URL(`${stem}.txt`, REPORTS), 'utf8');

/** The lines of sections 2, 3 and 4 (between their headings), blank lines at the edges dropped. */
function tableLines(text: string, headings: string[]): string[][] {
  const lines = text.split('\n');
  const at = headings.map((h) => lines.findIndex((l) => l.endsWith(h) && l.length < 30));
  expect(at.every((i) => i >= 0)).toBe(true);
  return [0, 1, 2].map((s) => {
    const part = lines.slice(at[s]! + 1, at[s + 1]);
    while (part[0] === '') part.shift();
    while (part[part.length - 1] === '') part.pop();
    return part;
  });
}
const HEADINGS = ['主动公开政府信息情况', '收到和处理政府信息公开申请情况', '行政复议、行政诉讼情况', '五、存在的主要问题及改进情况'];
const toSimplified = Converter({ from: 't', to: 'cn' });

describe('layouts reproduce the real reports line for line (given the real values)', () => {
  it('pipe: 000 and 002 (article spacing and cut column heads are per-report variants)', () => {
    for (const [stem, variant] of [['000_ec4eb35032c3f175', 1], ['002_2f7acd81927c9392', 0]] as const) {
      const g = golden(stem);
      expect(pipeTables(g.template, g.cells, false, variant)).toEqual(tableLines(real(stem), HEADINGS));
    }
  });

  it('pipe-opener: 001 (compared in Simplified: converters differ on a few characters)', () => {
    const stem = '001_0d1549d3544ebfbf';
    const g = golden(stem);
    const ours = pipeTables(g.template, g.cells, true, 0).map((t) => t.map((l) => toSimplified(traditional(l))));
    const theirs = tableLines(toSimplified(real(stem)), HEADINGS).map((t) => t.map((l) => l.replace('第二十条第', '第二十条 第')));
    expect(ours).toEqual(theirs);
  });

  it('tab: 003', () => {
    const stem = '003_c3aff127999556fc';
    const g = golden(stem);
    const theirs = tableLines(real(stem), HEADINGS).map((t) => t.map((l) => l.replace('部分公开 (', '部分公开(')));
    expect(tabTables(g.template, g.cells, false)).toEqual(theirs);
  });

  it('tab-wrapped: 004 (the 2019 template, page breaks, wrapped and split labels)', () => {
    const stem = '004_1c8957c3163c4d80';
    const g = golden(stem);
    // 004 prints an older wording of one label and a stray quote at a page break; the rest is identical.
    const theirs = tableLines(real(stem), HEADINGS).map((t) =>
      t.map((l) => l.replace('其他法律法规禁止公开', '其他法律行政法规禁止公开').replace('危及“三安”', '危及“三安')),
    );
    expect(tabTables(g.template, g.cells, true)).toEqual(theirs);
  });
});

/** An independent statement of the 勾稽关系, blanks counting as 0. */
function brokenRules(t: TemplateVersion, cells: Record<string, number | null>): string[] {
  const v = (k: string) => cells[k] ?? 0;
  const bad: string[] = [];
  const req = rowsOf(t, 'requests');
  const cols = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total'];
  const outcomes = req.filter((r) => !['new_received', 'carried_over', 'total', 'carried_forward'].includes(r.row));
  for (const c of cols) {
    const k = (row: string) => v(`requests.${row}.${c}`);
    if (k('new_received') + k('carried_over') !== k('total') + k('carried_forward')) bad.push(`balance.${c}`);
    if (outcomes.reduce((s, r) => s + k(r.row), 0) !== k('total')) bad.push(`outcomes.${c}`);
  }
  for (const r of req) if (cols.slice(0, 6).reduce((s, c) => s + v(`requests.${r.row}.${c}`), 0) !== v(`requests.${r.row}.total`)) bad.push(`row.${r.row}`);
  for (const r of rowsOf(t, 'appeals'))
    if (['upheld', 'corrected', 'other', 'pending'].reduce((s, c) => s + v(`appeals.${r.row}.${c}`), 0) !== v(`appeals.${r.row}.total`)) bad.push(`appeal.${r.row}`);
  return bad;
}

describe('randomReport', () => {
  const cases = Array.from({ length: 400 }, (_, i) => randomCase(seededRng(i), { errorRate: 0.3 }));

  it('fills every key of its template and nothing else', () => {
    for (const { report } of cases) expect(Object.keys(report.cells)).toEqual(cellsOf(report.template).map((c) => c.key));
  });

  it('keeps the arithmetic unless an error was injected, and then breaks it', () => {
    for (const c of cases) {
      const bad = brokenRules(c.report.template, c.report.cells);
      if (c.injected.length) expect(bad.length, JSON.stringify(c.injected)).toBeGreaterThan(0);
      else expect(bad).toEqual([]);
    }
    expect(cases.filter((c) => c.injected.length).length).toBeGreaterThan(80);
  });

  it('draws realistic values: mostly zeros, some large licence counts, decimal fees, negative 本年增/减', () => {
    const all = cases.flatMap((c) => Object.entries(c.report.cells));
    const zeros = all.filter(([, v]) => v === 0).length / all.length;
    expect(zeros).toBeGreaterThan(0.6);
    expect(all.some(([k, v]) => k === 'active.license.decisions' && (v ?? 0) >= 1000)).toBe(true);
    expect(all.some(([k, v]) => k === 'active.fees.amount_wan' && v !== null && !Number.isInteger(v))).toBe(true);
    expect(all.some(([k, v]) => k.endsWith('.change') && (v ?? 0) < 0)).toBe(true);
    for (const [k, v] of all) if (!k.endsWith('.change') && v !== null) expect(v, k).toBeGreaterThanOrEqual(0);
  });

  it('covers every layout, both templates, both scripts and every encoding', () => {
    const seen = (f: (c: (typeof cases)[number]) => string) => new Set(cases.map(f));
    expect(seen((c) => c.report.layout)).toEqual(new Set(LAYOUTS));
    expect(seen((c) => c.report.template)).toEqual(new Set(['2019', '2021']));
    expect(seen((c) => c.report.script)).toEqual(new Set(['simplified', 'traditional']));
    expect(seen((c) => c.report.encoding)).toEqual(new Set(['utf8', 'utf8-bom', 'gb18030']));
  });

  it('never leaves a printed cell blank in tab-wrapped, and blanks only zeros elsewhere', () => {
    for (const { report } of cases) {
      const unprinted = collapsedKeys(report.template);
      const blanks = Object.entries(report.cells).filter(([k, v]) => v === null && !unprinted.has(k)).length;
      if (report.layout === 'tab-wrapped') expect(blanks).toBe(0);
    }
    expect(cases.some((c) => Object.values(c.report.cells).includes(null))).toBe(true);
  });

  it('is deterministic per seed', () => {
    expect(randomReport(seededRng(42))).toEqual(randomReport(seededRng(42)));
    expect(randomReport(seededRng(42))).not.toEqual(randomReport(seededRng(43)));
  });
});

describe('renderReport', () => {
  it('encodes as asked: BOM, GB18030, Traditional script', () => {
    const base = randomReport(seededRng(1), { layout: 'pipe', script: 'simplified', encoding: 'utf8' });
    const text = new TextDecoder().decode(renderReport(base).bytes);
    const bom = renderReport({ ...base, encoding: 'utf8-bom' }).bytes;
    expect([...bom.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(iconv.decode(Buffer.from(renderReport({ ...base, encoding: 'gb18030' }).bytes), 'gb18030')).toBe(text);
    const trad = new TextDecoder().decode(renderReport({ ...base, script: 'traditional' }).bytes);
    expect(trad).toContain('政府信息公開');
    expect(trad).not.toBe(text);
  });

  it('prints every value of the report in each layout', () => {
    for (const layout of LAYOUTS) {
      const r = randomReport(seededRng(9), { layout, template: '2021' });
      const text = renderText(r);
      const values = Object.values(expectedCells(r)).filter((v): v is number => v !== null && v !== 0);
      for (const v of values) expect(text, `${layout}: ${v}`).toContain(String(v));
      expect(renderReport(r).ext).toBe(LAYOUT_EXT[layout]);
    }
  });

  it('html escapes and spans as a website does', () => {
    const html = renderText(randomReport(seededRng(3), { layout: 'html' }));
    expect(html.match(/<table/g)).toHaveLength(3);
    expect(html).toMatch(/rowspan="\d+"/);
    expect(html).toMatch(/colspan="\d+"/);
  });

  it('tab-wrapped prints a blank cell as 0 and expectedCells says so', () => {
    const r = randomReport(seededRng(5), { layout: 'tab-wrapped', template: '2019' });
    const key = cellsOf('2019')[30]!.key;
    const withBlank = { ...r, cells: { ...r.cells, [key]: null } };
    expect(expectedCells(withBlank)[key]).toBe(0);
    expect(renderText(withBlank)).toBe(renderText({ ...r, cells: { ...r.cells, [key]: 0 } }));
  });
});

describe('corpusFile', () => {
  it('gives the same bytes and truth for the same seed and index', () => {
    const a = corpusFile(17, { seed: 3, errorRate: 0.5, brokenRate: 0.2 });
    const b = corpusFile(17, { seed: 3, errorRate: 0.5, brokenRate: 0.2 });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.truth).toEqual(b.truth);
    expect(corpusFile(17, { seed: 4 }).name).not.toBe(a.name);
  });

  it('mixes broken files in at the given rate, with status error (warning when only truncated)', () => {
    const files = Array.from({ length: 300 }, (_, i) => corpusFile(i, { seed: 1, brokenRate: 0.2 }));
    const broken = files.filter((f) => f.truth.broken);
    expect(broken.length).toBeGreaterThan(35);
    expect(broken.length).toBeLessThan(90);
    for (const f of broken) expect(f.truth.expected_status).toBe(f.truth.broken === 'truncated' ? 'warning' : 'error');
    expect(new Set(broken.map((f) => f.truth.broken))).toEqual(new Set(BROKEN_KINDS));
  });

  it('makes broken files that are unusable in the way they claim', () => {
    const base = randomReport(seededRng(2), { layout: 'pipe', encoding: 'utf8', script: 'simplified' });
    expect(brokenFile(seededRng(1), 'empty', base).bytes.length).toBe(0);
    expect(brokenFile(seededRng(1), 'binary', base).bytes.length).toBeGreaterThan(1000);
    const cut = new TextDecoder().decode(brokenFile(seededRng(1), 'truncated', base).bytes);
    expect(cut).toContain('收到和处理政府信息公开申请情况');
    expect(cut).not.toContain('行政复议、行政诉讼情况');
    const none = new TextDecoder().decode(brokenFile(seededRng(1), 'no_tables', base).bytes);
    expect(none).not.toMatch(/\d+ \|/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_CELLS, APPLICANT_COLS, ROWS, cellsOf } from '../src/lib/template.ts';

/** Renders the template description in the shape of the data contract, line for line. */
function contractLines(): string[] {
  const lines: string[] = [];
  for (const r of ROWS.filter((r) => r.section === 'active'))
    for (const col of r.cols) lines.push([r.template, r.section, r.row, col.col, r.label, col.label].join('\t'));
  for (const r of ROWS.filter((r) => r.section === 'requests')) lines.push([r.template, 'requests', r.row, '*', r.label, '*'].join('\t'));
  for (const col of APPLICANT_COLS) lines.push(['both', 'requests', '*', col.col, '*', col.label].join('\t'));
  for (const r of ROWS.filter((r) => r.section === 'appeals'))
    for (const col of r.cols) lines.push([r.template, r.section, r.row, col.col, r.label, col.label].join('\t'));
  return lines;
}

describe('template description', () => {
  it('equals the data contract data/spec/cells.tsv exactly', () => {
    const tsv = readFileSync(new URL('../data/spec/cells.tsv', import.meta.url), 'utf8').trim().split('\n');
    expect(tsv[0]).toBe('template\tsection\trow\tcol\trow_label\tcol_label');
    expect(contractLines()).toEqual(tsv.slice(1));
  });

  it('has the cell counts of the golden files (2021: 207, 2019: 198)', () => {
    expect(cellsOf('2021')).toHaveLength(207);
    expect(cellsOf('2019')).toHaveLength(198);
  });

  it('lists every key once across templates', () => {
    const keys = ALL_CELLS.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(ALL_CELLS.find((c) => c.key === 'active.license.decisions')?.template).toBe('both');
    expect(ALL_CELLS.find((c) => c.key === 'active.rules.issued')?.template).toBe('2021');
  });

  it('agrees with the golden files on which keys a template has', () => {
    for (const f of ['001_0d1549d3544ebfbf.json', '004_1c8957c3163c4d80.json']) {
      const g = JSON.parse(readFileSync(new URL(`./golden/${f}`, import.meta.url), 'utf8'));
      expect(cellsOf(g.template).map((c) => c.key).sort()).toEqual(Object.keys(g.cells).sort());
    }
  });
});

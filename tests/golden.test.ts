import { describe, expect, it } from 'vitest';
import { parseFile } from '../src/parser/read.ts';
import { corpus, expectedCells, goldenOf, goldens, reportBytes } from './helpers/corpus.ts';

describe('every bundled real report equals its hand-checked golden file', () => {
  const entries = corpus();
  it('covers every golden file and every report of the bundled corpus', () => {
    const used = new Set(entries.map((e) => goldenOf(e.file).file.replace(/\..*$/, '')));
    expect(goldens().map((g) => g.file.replace(/\..*$/, '')).every((stem) => used.has(stem))).toBe(true);
    expect(entries.length).toBeGreaterThanOrEqual(9);
  });
  for (const entry of entries) {
    it(`${entry.file}: org, year, template, script and every cell`, async () => {
      const g = goldenOf(entry.file);
      const { report } = await parseFile(entry.file, reportBytes(entry.file));
      expect(report.status).not.toBe('error');
      expect({ org: report.org, year: report.year, template: report.template, script: report.script }).toEqual({
        org: g.org,
        year: g.year,
        template: g.template,
        script: g.script,
      });
      expect(report.cells).toEqual(expectedCells(g, report));
    });
  }
});

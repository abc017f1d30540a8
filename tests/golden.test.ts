import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/parser/index.ts';
import { goldens, reportBytes } from './helpers/corpus.ts';

describe('the five real reports equal their hand-checked golden files', () => {
  const all = goldens();
  it('covers every report of the bundled corpus', () => {
    expect(all.map((g) => g.file)).toHaveLength(5);
  });
  for (const g of all) {
    it(`${g.file}: org, year, template, script and every cell`, () => {
      const { report } = parseDocument(g.file, reportBytes(g.file));
      expect(report.status).not.toBe('error');
      expect({ org: report.org, year: report.year, template: report.template, script: report.script }).toEqual({
        org: g.org,
        year: g.year,
        template: g.template,
        script: g.script,
      });
      expect(report.cells).toEqual(g.cells);
    });
  }
});

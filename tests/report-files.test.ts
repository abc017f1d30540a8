import { describe, expect, test } from 'vitest';
import { PART, reportFiles } from '../src/lib/client/report-files.ts';
import type { Manifest } from '../src/lib/manifest.ts';

const file = (path: string, year: number | null) => ({ path, rows: 1, bytes: 100, year });
const manifest: Manifest = {
  format: 2, parser_version: 't', analysis: 't', built_at: '', years: [2022, 2023],
  tables: {
    checks: {
      rows: 5,
      files: [
        file('checks/year=2022/part-w0-0000-0.parquet', 2022),
        file('checks/year=2023/part-w0-0000-0.parquet', 2023),
        file('checks/year=2023/part-w1-0003-0.parquet', 2023),
        file('checks/year=2023/part-reused-0.parquet', 2023),
      ],
    },
    texts: { rows: 1, files: [file('texts/year=2023/data_0.parquet', 2023)] },
  },
};
const paths = (table: 'checks' | 'texts', year: number | null, part: unknown) => reportFiles(manifest, table, year, part).map((f) => f.path);

describe('the files holding one report\'s rows', () => {
  test('a valid part names one file of the year', () => {
    expect(paths('checks', 2023, 'w1-0003')).toEqual(['checks/year=2023/part-w1-0003-0.parquet']);
    expect(paths('checks', 2023, 'reused')).toEqual(['checks/year=2023/part-reused-0.parquet']);
  });
  test('without a part (older datasets) every file of the year is read', () => {
    expect(paths('checks', 2023, null)).toHaveLength(3);
    expect(paths('texts', 2023, undefined)).toEqual(['texts/year=2023/data_0.parquet']);
  });
  test('a part the manifest does not list falls back to the year: the manifest is the allow-list', () => {
    expect(paths('checks', 2023, 'w9-0000')).toHaveLength(3);
    expect(paths('checks', 2022, 'w1-0003')).toEqual(['checks/year=2022/part-w0-0000-0.parquet']);
  });
  test('a part that could leave the folder or inject anything is never used to build a path', () => {
    for (const bad of ['../reports', 'w0-0003/../../x', 'W0-0003', 'w0_0003', 'w0-0003-0', '', 'a'.repeat(40), "w0'; DROP", 3, { toString: () => 'w0-0000' }]) {
      expect(typeof bad === 'string' && PART.test(bad), String(bad)).toBe(false);
      expect(paths('checks', 2023, bad), String(bad)).toHaveLength(3);
    }
  });
});

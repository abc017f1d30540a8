/**
 * The import page's record list (src/lib/client/import/records.ts): merging batches into the sorted
 * list gives what re-sorting every record by file with localeCompare gave (the page's former way,
 * one record at a time), and the batcher hands on every item once, in order.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { batcher, mergeByFile, sortByFile } from '../src/lib/client/import/records.ts';
import type { ImportedReport } from '../src/lib/client/import/types.ts';

const rec = (file: string, n: number): ImportedReport => ({
  id: String(n), file, bytes: n, text: '', imported_at: '', ms: 0,
  report: { file, status: 'ok', errors: [], org: null, year: null, template: null, script: null, cells: {}, checks: [] },
});

/** A small seeded generator (mulberry32), so that a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Paths as users choose them: folders, Chinese names, digits, case, names that differ only in case.
const NAMES = ['a.txt', 'B.txt', 'b.txt', '报告/2023.pdf', '报告/2021.html', '北京市/朝阳区.txt', 'z/10.md', 'z/9.md', 'Z.docx', '上海.txt', 'x-1.txt', 'x_1.txt', 'é.txt', 'e.txt'];

describe('mergeByFile', () => {
  test('batches merged one after another equal every record re-sorted by file with localeCompare, later records replacing earlier ones', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const byFile = new Map<string, ImportedReport>();
      // What the store held before: one record a file.
      for (let i = 0; i < Math.floor(r() * 5); i++) byFile.set(NAMES[Math.floor(r() * NAMES.length)]!, rec('', -i - 1));
      for (const [file, x] of byFile) byFile.set(file, { ...x, file });
      let merged = sortByFile(byFile.values());
      let n = 0;
      for (let b = 0; b < 6; b++) {
        const batch = Array.from({ length: Math.floor(r() * 6) }, () => rec(NAMES[Math.floor(r() * NAMES.length)]!, n++));
        merged = mergeByFile(merged, batch);
        for (const x of batch) byFile.set(x.file, x);
        const naive = [...byFile.values()].sort((p, q) => p.file.localeCompare(q.file));
        expect(merged.map((x) => [x.file, x.id]), `seed ${seed}, batch ${b}`).toEqual(naive.map((x) => [x.file, x.id]));
      }
    }
  });

  test('never changes the list it is given', () => {
    const before = sortByFile([rec('b', 1), rec('a', 2)]);
    const copy = [...before];
    const after = mergeByFile(before, [rec('a', 3), rec('c', 4)]);
    expect(before).toEqual(copy);
    expect(after.map((x) => x.id)).toEqual(['3', '1', '4']);
  });
});

describe('batcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('hands on items together after the interval, every item once and in order; flush hands on the rest at once', () => {
    vi.useFakeTimers();
    const got: number[][] = [];
    const b = batcher<number>((xs) => got.push(xs), 100);
    b.push(1);
    b.push(2);
    expect(got).toEqual([]);
    vi.advanceTimersByTime(99);
    expect(got).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(got).toEqual([[1, 2]]);
    b.push(3);
    b.flush();
    expect(got).toEqual([[1, 2], [3]]);
    vi.advanceTimersByTime(500);
    b.flush();
    expect(got).toEqual([[1, 2], [3]]);
  });
});

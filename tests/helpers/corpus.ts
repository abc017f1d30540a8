import { readFileSync, readdirSync } from 'node:fs';

export const REPORTS_DIR = new URL('../../data/reports/', import.meta.url);
export const GOLDEN_DIR = new URL('../golden/', import.meta.url);

/** A group of cells whose split the report itself cannot decide (glued crawl text): see tests/golden/README.md. */
export interface AmbiguousGroup {
  keys: string[];
  digits: string;
  alternatives: number[][];
  basis: string;
}

export interface Golden {
  file: string;
  org: string;
  year: number;
  template: '2019' | '2021';
  script: 'simplified' | 'traditional';
  cells: Record<string, number | null>;
  ambiguous?: AmbiguousGroup[];
}

export interface CorpusEntry {
  file: string;
  org: string;
  year: number;
  template: '2019' | '2021';
  script: 'simplified' | 'traditional';
  layout: string;
}

export const goldens = (): Golden[] =>
  readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, GOLDEN_DIR), 'utf8')) as Golden);

/** The bundled reports, as data/reports/index.json lists them. */
export const corpus = (): CorpusEntry[] => JSON.parse(readFileSync(new URL('index.json', REPORTS_DIR), 'utf8')) as CorpusEntry[];

/**
 * The golden of a report file: `<stem>.json`, the stem being the name up to its first dot, so that one
 * report published in two forms (`huaian-2024.pdf`, `huaian-2024.layout.txt`) shares one golden.
 */
export function goldenOf(file: string): Golden {
  const stem = file.slice(0, file.indexOf('.'));
  return JSON.parse(readFileSync(new URL(`${stem}.json`, GOLDEN_DIR), 'utf8')) as Golden;
}

export const reportBytes = (file: string): Buffer => readFileSync(new URL(file, REPORTS_DIR));

/** The five seed reports: line-structured text (` |` cells or tab rows), the oldest part of the corpus. */
export const seedGoldens = (): Golden[] => goldens().filter((g) => /^\d{3}_/.test(g.file));

/**
 * The cells a report must have to equal its golden. Where the golden says the report cannot decide a
 * split (an `ambiguous` group), its reading and all-blank are both right, the blank only with a
 * cells_ambiguous warning naming the digits; any other number is wrong.
 */
export function expectedCells(
  g: Golden,
  report: { cells: Record<string, number | null>; errors: readonly { code: string; message: string }[] },
): Record<string, number | null> {
  const expected = { ...g.cells };
  for (const group of g.ambiguous ?? []) {
    if (!group.keys.every((k) => report.cells[k] === null)) continue;
    if (!report.errors.some((e) => e.code === 'cells_ambiguous' && e.message.includes(group.digits))) continue;
    for (const k of group.keys) expected[k] = null;
  }
  return expected;
}

import { readFileSync, readdirSync } from 'node:fs';

export const REPORTS_DIR = new URL('../../data/reports/', import.meta.url);
export const GOLDEN_DIR = new URL('../golden/', import.meta.url);

export interface Golden {
  file: string;
  org: string;
  year: number;
  template: '2019' | '2021';
  script: 'simplified' | 'traditional';
  cells: Record<string, number | null>;
}

export const goldens = (): Golden[] =>
  readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, GOLDEN_DIR), 'utf8')) as Golden);

export const reportBytes = (file: string): Buffer => readFileSync(new URL(file, REPORTS_DIR));

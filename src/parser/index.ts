import type { ParsedReport } from '../lib/types.ts';

/** Bumped whenever parsing could give a different result for the same bytes (invalidates build caches). */
export const PARSER_VERSION = '0';

export interface ParsedDocument {
  report: ParsedReport;
  /** The decoded text as published (HTML reduced to text), for display. */
  source: string;
  /** Normalised text (Simplified, half-width punctuation), for clues such as region names. */
  text: string;
}

/** Parses one report. Pure and synchronous; never throws: problems are reported in `report.errors`. */
export function parseDocument(file: string, bytes: Uint8Array): ParsedDocument {
  void bytes;
  throw new Error(`parser not written yet (${file})`);
}

import { parseDocument, type ParsedDocument } from './parser/index.ts';
import { resolveRegion } from './regions/index.ts';

/** Parses one report and places it on the map: what `gongkai parse` prints and `gongkai build` stores. */
export function analyzeReport(file: string, bytes: Uint8Array): ParsedDocument {
  const doc = parseDocument(file, bytes);
  const { region, body_type } = resolveRegion({ org: doc.report.org, text: doc.text });
  doc.report.region = region;
  doc.report.body_type = body_type;
  return doc;
}

import { parseDocument, type ParsedDocument } from './parser/index.ts';
import { parseFile } from './parser/read.ts';
import { resolveRegion } from './regions/index.ts';

function place(doc: ParsedDocument): ParsedDocument {
  const { region, body_type } = resolveRegion({ org: doc.report.org, text: doc.text });
  doc.report.region = region;
  doc.report.body_type = body_type;
  return doc;
}

/** Parses one text report and places it on the map (synchronous: text forms only). */
export function analyzeReport(file: string, bytes: Uint8Array): ParsedDocument {
  return place(parseDocument(file, bytes));
}

/** Parses one report in any form (text, HTML, PDF, Word) and places it on the map: what `gongkai parse` prints and `gongkai build` stores. */
export async function analyzeFile(file: string, bytes: Uint8Array): Promise<ParsedDocument> {
  return place(await parseFile(file, bytes));
}

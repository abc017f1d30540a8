import { parseDocument, type ParsedDocument } from './parser/index.ts';
import { parseFile } from './parser/read.ts';
import { resolveRegion } from './regions/index.ts';

function place(doc: ParsedDocument): ParsedDocument {
  const { region, body_type, correction } = resolveRegion({ org: doc.report.org, text: doc.text });
  doc.report.region = region;
  doc.report.body_type = body_type;
  if (correction) {
    // The body's name is kept as printed; the warning says which reading placed it.
    doc.report.errors.push({
      level: 'warning',
      code: 'org_name_corrected',
      message: `发布机关名称中的“${correction.from}”疑为“${correction.to}”之误（一字之差，报告中的其他线索与后者相符），地区按“${correction.to}”推定`,
    });
    if (doc.report.status === 'ok') doc.report.status = 'warning';
  }
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

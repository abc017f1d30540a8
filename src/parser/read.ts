/**
 * The one entry point for a report in any form, for the CLI, the build's workers and the browser:
 * binary forms (PDF, Word) are read to text by their readers, text forms go straight to the parser.
 * Asynchronous because pdf.js is; never throws.
 */
import { type ParsedDocument, failed, parseDocument, parseText } from './index.ts';
import { readBinary } from './readers/binary.ts';
import { sniffBinary } from './readers/sniff.ts';

export async function parseFile(file: string, bytes: Uint8Array): Promise<ParsedDocument> {
  const form = sniffBinary(bytes, file);
  if (!form) return parseDocument(file, bytes);
  try {
    const read = await readBinary(form, bytes, file);
    if (!read.ok) return failed(file, read.issue);
    return parseText(file, read.text, { form: read.form, issues: read.issues });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return failed(file, { level: 'error', code: 'internal_error', message: `读取 ${form.toUpperCase()} 文件时出错：${message}` });
  }
}

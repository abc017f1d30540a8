/**
 * Word files. `.docx`: its main part (found through _rels/.rels) is read from the zip with caps on
 * entry counts and sizes (zip.ts), and its body turned into HTML with Word's merged cells as
 * colspan/rowspan (docx.ts), which the HTML reader lays out on a grid like any web page's table.
 * `.doc` (the old binary OLE format): word-extractor reads its text, where each table cell ends in a
 * tab; the cells are written one per line (`cell |`), the row model's form for cells read in order.
 * word-extractor needs Node (fs, stream, Buffer): it is loaded only there, and in the browser a .doc
 * gets an error saying to convert it.
 */
import type { ParseIssue } from '../../lib/types.ts';
import { docxBodyHtml } from './docx.ts';
import type { BinaryRead } from './types.ts';
import { openZip, readEntry, type ZipFailure } from './zip.ts';

const error = (code: string, message: string): BinaryRead => ({ ok: false, issue: { level: 'error', code, message } });

function zipError(f: ZipFailure): BinaryRead {
  return f.why === 'too_large'
    ? error('docx_zip_bomb', `Word（.docx）文件解压后过大，疑似压缩炸弹，未读取：${f.detail}`)
    : error('docx_unreadable', `Word（.docx）文件已损坏或不完整：${f.detail}`);
}

/** The main document part named by the package relationships; word/document.xml when they say nothing. */
function mainPart(rels: string | null): string {
  for (const m of (rels ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const tag = m[0];
    if (!/Type="[^"]*\/officeDocument"/.test(tag)) continue;
    const target = /Target="([^"]+)"/.exec(tag)?.[1];
    if (target) return target.replace(/^\/+/, '');
  }
  return 'word/document.xml';
}

export async function readDocx(bytes: Uint8Array, _file: string): Promise<BinaryRead> {
  const zip = openZip(bytes);
  if (!zip.ok) return zipError(zip);
  const text = (name: string): string | ZipFailure | null => {
    const entry = zip.entries.get(name);
    if (!entry) return null;
    const got = readEntry(zip, entry);
    return got.ok ? new TextDecoder('utf-8').decode(got.data) : got;
  };
  const rels = text('_rels/.rels');
  if (typeof rels === 'object' && rels !== null) return zipError(rels);
  const name = mainPart(rels);
  const xml = text(name);
  if (xml === null) return error('docx_not_word', `压缩包中没有 Word 正文（${name}），不是 .docx 文件`);
  if (typeof xml === 'object') return zipError(xml);
  let body: ReturnType<typeof docxBodyHtml>;
  try {
    body = docxBodyHtml(xml);
  } catch (e) {
    return error('docx_unreadable', `Word（.docx）正文无法解析：${e instanceof Error ? e.message : String(e)}`);
  }
  if (!body.hasText) return error('docx_empty', 'Word（.docx）文件中没有任何文字');
  return { ok: true, text: body.html, form: 'html', issues: [] };
}

const inNode = (): boolean => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * word-extractor ends every table cell with a tab, and every row with one more (Word's row mark,
 * indistinguishable from a blank cell): a line holding tabs is a run of cells, written one per line.
 * (Some rows end in a line end instead.) The row mark after a row's cells only lengthens the run,
 * which the matcher reads from its start — except at the end of a table, where section 4's one row
 * of values is read from the end: that last mark is dropped.
 */
export function docTextLines(text: string): { text: string; cells: number } {
  const out: string[] = [];
  let cells = 0;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('\t')) {
      out.push(line);
      continue;
    }
    const parts = line.split('\t');
    // The text after the last tab is the start of the next paragraph, not a cell.
    const rest = parts.pop()!;
    // A table that runs straight into the next paragraph ended with its row mark as a tab (where
    // the mark became a line end, there is nothing to drop).
    if (rest.trim() !== '' && parts.length > 1 && parts[parts.length - 1]!.trim() === '') parts.pop();
    for (const p of parts) {
      const c = p.trim();
      out.push(c === '' ? '|' : `${c} |`);
      cells++;
    }
    if (rest.trim() !== '') out.push(rest);
  }
  return { text: out.join('\n'), cells };
}

export async function readDoc(bytes: Uint8Array, _file: string): Promise<BinaryRead> {
  if (!inNode())
    return error('doc_unsupported_here', '浏览器中无法读取旧版 Word（.doc）文件，请用 Word 或 WPS 另存为 .docx 后再导入');
  let body: string;
  try {
    // Specifiers in variables: bundlers for the browser leave these Node-only modules out.
    const extractor = 'word-extractor';
    const buffer = 'node:buffer';
    const { default: WordExtractor } = (await import(/* @vite-ignore */ extractor)) as typeof import('word-extractor');
    const { Buffer } = (await import(/* @vite-ignore */ buffer)) as typeof import('node:buffer');
    const doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    body = doc.getBody();
  } catch (e) {
    return error('doc_unreadable', `旧版 Word（.doc）文件已损坏或无法读取：${e instanceof Error ? e.message : String(e)}`);
  }
  if (body.trim() === '') return error('doc_empty', '旧版 Word（.doc）文件中没有任何文字');
  const { text, cells } = docTextLines(body);
  const issues: ParseIssue[] = [];
  if (cells === 0)
    return error('doc_tables_unreadable', '旧版 Word（.doc）文件中读不到表格的单元格（表格可能是图片或文本框），请另存为 .docx 或 PDF 后再试');
  return { ok: true, text, form: 'lines', issues };
}

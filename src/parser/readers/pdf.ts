/** PDF files, read with pdf.js. (Reader to come.) */
import type { BinaryRead } from './types.ts';

export async function readPdf(_bytes: Uint8Array, _file: string): Promise<BinaryRead> {
  return { ok: false, issue: { level: 'error', code: 'form_unsupported', message: '暂不支持读取 PDF 文件' } };
}

/** Word files: .docx (Office Open XML) and the old binary .doc. (Readers to come.) */
import type { BinaryRead } from './types.ts';

export async function readDocx(_bytes: Uint8Array, _file: string): Promise<BinaryRead> {
  return { ok: false, issue: { level: 'error', code: 'form_unsupported', message: '暂不支持读取 Word（.docx）文件' } };
}

export async function readDoc(_bytes: Uint8Array, _file: string): Promise<BinaryRead> {
  return { ok: false, issue: { level: 'error', code: 'form_unsupported', message: '暂不支持读取 Word（.doc）文件' } };
}

/** Which binary form a file is, from its first bytes (names lie: a crawler saves a PDF as `.htm`). */
import type { BinaryForm } from './types.ts';

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((x, i) => b[at + i] === x);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function sniffBinary(bytes: Uint8Array, file: string): BinaryForm | null {
  // A PDF's header may follow up to 1 KB of junk (the spec allows it, and web servers prepend BOMs).
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + PDF.length <= head.length; i++) if (head[i] === 0x25 && startsWith(head, PDF, i)) return 'pdf';
  if (startsWith(bytes, ZIP)) return 'docx';
  if (startsWith(bytes, OLE)) return 'doc';
  if (/\.pdf$/i.test(file) && bytes.length > 0 && bytes.subarray(0, 8192).indexOf(0) >= 0) return 'pdf';
  return null;
}

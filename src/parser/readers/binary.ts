/**
 * Binary forms → the row model, through the reader of each. Readers are loaded when a file of their
 * form first arrives, so text-only runs (and the browser's first page) never load pdf.js or a zip reader.
 */
import type { BinaryForm, BinaryRead } from './types.ts';

export async function readBinary(form: BinaryForm, bytes: Uint8Array, file: string): Promise<BinaryRead> {
  switch (form) {
    case 'pdf':
      return (await import('./pdf.ts')).readPdf(bytes, file);
    case 'docx':
      return (await import('./word.ts')).readDocx(bytes, file);
    case 'doc':
      return (await import('./word.ts')).readDoc(bytes, file);
  }
}

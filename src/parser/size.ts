/**
 * How large an input file may be. A report as text is at most MAX_BYTES; a PDF or Word file carries
 * its fonts and images too (a few MB is normal, a scan tens of MB), so binary forms get more room.
 * Decided from the name because the build checks sizes before it reads a byte.
 */
import { MAX_BYTES } from './decode.ts';

export const MAX_BINARY_BYTES = 64 * 1024 * 1024;

export const maxBytesOf = (file: string): number => (/\.(pdf|docx?)$/i.test(file) ? MAX_BINARY_BYTES : MAX_BYTES);

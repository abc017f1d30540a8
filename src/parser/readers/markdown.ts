/** Markdown written by PDF-to-markdown converters. (Reader to come: declines every text for now.) */
import type { TextRead } from './types.ts';

export function readMarkdown(_text: string, _file: string): TextRead | null {
  return null;
}

/**
 * Text forms → the row model. HTML is laid out as text lines; each other text form (converter
 * markdown, `pdftotext -layout`, …) has a reader that recognises its own form and declines others.
 * Text already in the row model (` |` cells, tab rows) passes through unchanged.
 */
import { htmlToLines, looksLikeHtml } from '../html.ts';
import { readGlued } from './glued.ts';
import { readLayout } from './layout.ts';
import { readMarkdown } from './markdown.ts';
import type { TextRead, TextReader } from './types.ts';

/** Tried in order; the first that recognises the text reads it. */
const READERS: readonly TextReader[] = [readMarkdown, readLayout, readGlued];

/** `form` is what a binary reader says it produced; without it the text's own form is recognised. */
export function readText(text: string, file: string, form?: 'lines' | 'html'): TextRead {
  if (form === 'html' || (form === undefined && looksLikeHtml(file, text))) return { text: htmlToLines(text).join('\n'), issues: [] };
  if (form === undefined)
    for (const read of READERS) {
      const got = read(text, file);
      if (got) return got;
    }
  return { text, issues: [] };
}

/**
 * Text forms → the row model. HTML is laid out as text lines; each other text form (converter
 * markdown, `pdftotext -layout`, …) has a reader that recognises its own form and declines others.
 * Text already in the row model (` |` cells, tab rows) passes through unchanged.
 */
import { htmlToLines, looksLikeHtml } from '../html.ts';
import { readGlued } from './glued.ts';
import { readLayout } from './layout.ts';
import { readMarkdown } from './markdown.ts';
import { readReadingOrder } from './readingorder.ts';
import type { TextRead, TextReader } from './types.ts';

/** Tried in order; the first that recognises the text reads it. */
// Glued crawl text goes last: its reader joins a page's lines and would read a reading-order text's
// number lines as digits run together; the reading-order reader declines glued text (a row's label
// and digits on one line), so it is tried first.
const READERS: readonly TextReader[] = [readMarkdown, readLayout, readReadingOrder, readGlued];

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

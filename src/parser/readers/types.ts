/**
 * What every input form's reader produces: the report as text lines in the one row model the rest of
 * the parser reads (see ../rows.ts) — tab-separated rows, one cell per line ending in ` |`, or prose —
 * plus the warnings the reader has to give. Sections, rows, cells, checks and metadata are read from
 * there the same way whatever the form the report came in.
 */
import type { ParseIssue } from '../../lib/types.ts';

export interface TextRead {
  /** The report as lines of the row model. */
  text: string;
  issues: ParseIssue[];
}

/** A reader of one text form (markdown, pdftotext layout, …): null when the text is not in its form. */
export type TextReader = (text: string, file: string) => TextRead | null;

/** A reader of one binary form (PDF, Word): text in the row model, or HTML for the HTML reader, or why not. */
export type BinaryRead =
  | { ok: true; text: string; form: 'lines' | 'html'; issues: ParseIssue[] }
  | { ok: false; issue: ParseIssue };

export type BinaryForm = 'pdf' | 'docx' | 'doc';

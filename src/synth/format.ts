/** Typography of the different sources: websites print half-width punctuation, PDF text spaced numbering. */

export const halfWidth = (s: string): string =>
  s.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/，/g, ',').replace(/；/g, ';');

/** As PDF extraction prints a label: `(一) 予以公开`, `1. 属于国家秘密`, `(区分处理的, 只计…)`. */
export const pdfLabel = (s: string): string =>
  s
    .replace(/^（(.)）/, '($1) ')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/，/g, ', ')
    .replace(/^(\d+)\./, '$1. ');

/** A cell value as printed; null (blank) prints as nothing. */
export const num = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** Splits a four-character label in two, as narrow table columns wrap it (`商业 企业`). */
export const splitPair = (s: string): string => (s.length === 4 ? `${s.slice(0, 2)} ${s.slice(2)}` : s);

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

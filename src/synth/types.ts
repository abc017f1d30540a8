import type { TemplateVersion } from '../lib/template.ts';

export type Layout = 'pipe' | 'pipe-opener' | 'tab' | 'tab-wrapped' | 'html' | 'layout' | 'reading-order' | BinaryLayout;
/** Layouts written as binary files (drawn, not printed as text); chosen only when asked for by name. */
export type BinaryLayout = 'pdf';
export type Encoding = 'utf8' | 'utf8-bom' | 'gb18030';

/**
 * The layouts random corpora draw from. `layout` (pdftotext -layout text) and `reading-order` (pdftotext
 * without -layout) are rendered by renderReport but not drawn yet: tests/property.test.ts demands exact
 * reads with 1 blank in 6 cells, and those forms read some blanks' rows blank with a warning
 * (`layout_columns_unclear`, `reading_order_short_row`; see docs/parser.md and expectedCells).
 */
export const LAYOUTS: readonly Layout[] = ['pipe', 'pipe-opener', 'tab', 'tab-wrapped', 'html'];
export const BINARY_LAYOUTS: readonly BinaryLayout[] = ['pdf'];
export const ENCODINGS: readonly Encoding[] = ['utf8', 'utf8-bom', 'gb18030'];

/** One synthetic report: what it says (cells) and how it is printed (layout, script, encoding). */
export interface SynthReport {
  org: string;
  year: number;
  template: TemplateVersion;
  script: 'simplified' | 'traditional';
  layout: Layout;
  encoding: Encoding;
  /** Every key of cellsOf(template); null is a blank cell. */
  cells: Record<string, number | null>;
}

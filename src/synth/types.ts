import type { TemplateVersion } from '../lib/template.ts';

export type Layout = 'pipe' | 'pipe-opener' | 'tab' | 'tab-wrapped' | 'html' | 'layout' | BinaryLayout;
/** Layouts written as binary files (drawn, not printed as text); chosen only when asked for by name. */
export type BinaryLayout = 'pdf';
export type Encoding = 'utf8' | 'utf8-bom' | 'gb18030';

/** The text layouts, mixed in every random corpus. */
export const LAYOUTS: readonly Layout[] = ['pipe', 'pipe-opener', 'tab', 'tab-wrapped', 'html', 'layout'];
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

import type { TemplateVersion } from '../lib/template.ts';

export type Layout = 'pipe' | 'pipe-opener' | 'tab' | 'tab-wrapped' | 'html' | 'glued';
export type Encoding = 'utf8' | 'utf8-bom' | 'gb18030';

/** The layouts a synthetic corpus mixes by default: each parses back exactly. */
export const LAYOUTS: readonly Layout[] = ['pipe', 'pipe-opener', 'tab', 'tab-wrapped', 'html'];
/**
 * Layouts a parser cannot always read back in full, written only when asked for (`gongkai synth
 * --layout glued`): in glued crawl text some cells are left blank with `cells_ambiguous`, never misread.
 */
export const LOSSY_LAYOUTS: readonly Layout[] = ['glued'];
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

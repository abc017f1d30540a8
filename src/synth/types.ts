import type { TemplateVersion } from '../lib/template.ts';

export type Layout = 'pipe' | 'pipe-opener' | 'tab' | 'tab-wrapped' | 'html' | 'docx' | 'markdown' | 'glued' | 'layout' | 'reading-order' | 'pdf';
export type Encoding = 'utf8' | 'utf8-bom' | 'gb18030';

/** The layouts a synthetic corpus mixes by default: each parses back exactly. */
export const LAYOUTS: readonly Layout[] = ['pipe', 'pipe-opener', 'tab', 'tab-wrapped', 'html', 'docx', 'markdown'];
/**
 * Layouts a parser cannot always read back in full, written only when asked for (`gongkai synth
 * --layout L`): their readers leave some cells blank with a warning rather than guess — in glued crawl
 * text `cells_ambiguous`; in pdftotext -layout text `layout_columns_unclear` where no row of a page
 * prints some column; in reading-order text `reading_order_short_row` (it cannot place blanks); a PDF is read
 * through the layout reader — never misread. Their own property tests hold them to that (tests/glued.property.test.ts, layout.test.ts,
 * readingorder.test.ts).
 */
export const LOSSY_LAYOUTS: readonly Layout[] = ['glued', 'layout', 'reading-order', 'pdf'];
/** The file extension each layout is written with. */
export const LAYOUT_EXT = {
  pipe: '.txt',
  'pipe-opener': '.txt',
  tab: '.txt',
  'tab-wrapped': '.txt',
  html: '.html',
  docx: '.docx',
  markdown: '.md',
  glued: '.txt',
  layout: '.txt',
  'reading-order': '.txt',
  pdf: '.pdf',
} as const satisfies Record<Layout, string>;
export type LayoutExt = (typeof LAYOUT_EXT)[Layout];
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

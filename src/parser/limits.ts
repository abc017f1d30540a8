/**
 * Bounds on what one file may make the parser do, so that every file is read in bounded time and
 * memory whatever it holds. A report's tables have a few hundred cells and its pages nest a few dozen
 * elements deep; the caps sit far above any real report and far below what hurts.
 */
import type { ParseIssue } from '../lib/types.ts';

/** Grid cells (rows × columns after rowspan/colspan) one HTML table may lay out. */
export const MAX_TABLE_CELLS = 200_000;
/** Open elements an HTML page may nest; htmlparser2's stack costs grow with depth on every tag. */
export const MAX_HTML_DEPTH = 512;

/** Thrown where a cap is hit; parseText/parseDocument turn it into the file's error record. */
export class LimitError extends Error {
  constructor(readonly issue: ParseIssue) {
    super(issue.message);
  }
}

export const tableTooLarge = (cells: number): LimitError =>
  new LimitError({
    level: 'error',
    code: 'table_too_large',
    message: `HTML 表格展开合并单元格后超过 ${MAX_TABLE_CELLS.toLocaleString('en')} 个单元格（至少 ${cells.toLocaleString('en')} 个），不是年度报告的表格`,
  });

export const htmlTooDeep = (): LimitError =>
  new LimitError({ level: 'error', code: 'html_too_deep', message: `HTML 元素嵌套超过 ${MAX_HTML_DEPTH} 层，不是年度报告的页面` });

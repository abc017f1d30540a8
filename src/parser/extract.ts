/** Raw rows of each table → the template's cells. */
import { rowsOf, cellKey, type RowDef, type SectionId, type TemplateVersion } from '../lib/template.ts';
import type { ParseIssue } from '../lib/types.ts';
import type { RawRow } from './rows.ts';
import { isValueLike, parseCellValue } from './values.ts';

export interface Extracted {
  cells: Record<string, number | null>;
  issues: ParseIssue[];
  /** Rows of the template found in the report. */
  found: Set<string>;
}

const warn = (code: string, message: string): ParseIssue => ({ level: 'warning', code, message });

function matchRow(row: RawRow, defs: readonly RowDef[]): RowDef | undefined {
  const tries: string[] = [];
  for (let k = 1; k <= Math.min(3, row.labels.length); k++) tries.push(row.labels.slice(-k).join(''));
  if (row.prefix.length) tries.push([...row.prefix.slice(-2), ...row.labels].join(''));
  for (const s of tries) {
    const hit = defs.find((d) => d.match.some((re) => re.test(s)));
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The k value cells of a row. Pipe rows list their cells in order, so the first k are the values
 * (extra blanks are merged-cell filler). Tab rows carry spacer cells from merged label columns: the
 * values are the k consecutive cells that hold every printed number, and where blanks leave that
 * open, the window starting at `preferred` (a cell position the layout makes likely).
 */
export function pickValues(row: RawRow, k: number, preferred: number, fromEnd = false): { values: string[]; ambiguous: boolean } {
  const cells = row.cells;
  if (cells.length <= k) return { values: [...cells, ...Array<string>(k - cells.length).fill('')], ambiguous: false };
  if (row.kind === 'pipe') return { values: fromEnd ? cells.slice(-k) : cells.slice(0, k), ambiguous: false };
  const filled = cells.flatMap((c, i) => (c !== '' ? [i] : []));
  const lo = filled.length ? filled[filled.length - 1]! - k + 1 : 0;
  const hi = filled.length ? filled[0]! : cells.length - k;
  const candidates: number[] = [];
  for (let o = Math.max(0, lo); o <= Math.min(hi, cells.length - k); o++) candidates.push(o);
  if (candidates.length === 0) return { values: cells.slice(0, k), ambiguous: true };
  const pick = candidates.includes(preferred)
    ? preferred
    : candidates.reduce((best, o) => (Math.abs(o - preferred) < Math.abs(best - preferred) ? o : best));
  const window = cells.slice(pick, pick + k);
  // Only a window that moves a printed number is a real ambiguity; all-blank windows agree.
  const ambiguous = candidates.length > 1 && filled.length > 0;
  return { values: window, ambiguous };
}

function assign(out: Extracted, def: RowDef, values: string[], line: number) {
  def.cols.forEach((col, i) => {
    const key = cellKey(def.section, def.row, col.col);
    const v = parseCellValue(values[i] ?? '', col.unit ?? 'count');
    if (v.ok) out.cells[key] = v.value;
    else {
      out.cells[key] = null;
      out.issues.push(warn('value_unreadable', `第 ${line} 行 ${def.label}／${col.label}：${v.reason}，按空白处理`));
    }
  });
  out.found.add(`${def.section}.${def.row}`);
}

/** Section 2 and 3: rows with labels. */
function extractLabelled(out: Extracted, section: SectionId, template: TemplateVersion, rows: readonly RawRow[]) {
  const defs = rowsOf(template, section);
  for (const row of rows) {
    const def = matchRow(row, defs);
    if (!def) continue;
    const k = def.cols.length;
    const hasData = row.cells.some(isValueLike) || row.cells.length >= k;
    if (!hasData || out.found.has(`${section}.${def.row}`)) continue;
    // Requests rows: label columns end at the third column at the latest, so values start there.
    const preferred = section === 'requests' ? Math.max(0, 2 - row.firstCol) : 0;
    const { values, ambiguous } = pickValues(row, k, preferred);
    if (ambiguous) out.issues.push(warn('blank_cells_ambiguous', `第 ${row.line} 行 ${def.label}：空白单元格的位置不确定，数值按最可能的列读取`));
    if (row.kind === 'pipe' && row.cells.length < k)
      out.issues.push(warn('short_row', `第 ${row.line} 行 ${def.label}：只有 ${row.cells.length} 个数值，应有 ${k} 个，缺少的按空白处理`));
    assign(out, def, values, row.line);
  }
}

/** Section 4: normally one row of 15 values under a two-level header; some sites print 3 rows of 5. */
function extractAppeals(out: Extracted, template: TemplateVersion, rows: readonly RawRow[]) {
  const defs = rowsOf(template, 'appeals');
  const width = defs.reduce((n, d) => n + d.cols.length, 0);
  const wide = rows.find((r) => r.cells.length >= width && (r.kind === 'pipe' || r.cells.filter(isValueLike).length > 0 || r.labels.length === 0));
  if (wide) {
    const { values } = pickValues(wide, width, 0, true);
    let at = 0;
    for (const d of defs) {
      assign(out, d, values.slice(at, at + d.cols.length), wide.line);
      at += d.cols.length;
    }
    return;
  }
  extractLabelled(out, 'appeals', template, rows);
}

export function extractSection(out: Extracted, section: SectionId, template: TemplateVersion, rows: readonly RawRow[]) {
  if (section === 'appeals') extractAppeals(out, template, rows);
  else extractLabelled(out, section, template, rows);
}

/** Raw rows of each table → the template's cells. */
import { rowsOf, type RowDef, type SectionId, type TemplateVersion } from '../lib/template.ts';
import { placeUnlabelled } from './place.ts';
import type { ParseIssue } from '../lib/types.ts';
import type { CellLayout, CellValues } from './cells.ts';
import type { RawRow } from './rows.ts';
import { MAX_COUNT, implausible } from './plausible.ts';
import { isValueLike, parseCellValue, plainDigits } from './values.ts';

export interface Extracted {
  /** The template's cells in print order (see cells.ts). */
  values: CellValues;
  layout: CellLayout;
  issues: ParseIssue[];
  /** Rows of the template found in the report. */
  found: Set<string>;
}

const warn = (code: string, message: string): ParseIssue => ({ level: 'warning', code, message });

function matches(d: RowDef, s: string): boolean {
  for (const re of d.match) if (re.test(s)) return true;
  return false;
}

function firstMatch(defs: readonly RowDef[], s: string): RowDef | undefined {
  for (const d of defs) if (matches(d, s)) return d;
  return undefined;
}

/**
 * The template row a raw row is. Reports print rows in template order, so the row after the last
 * one found is tried first; only when it does not fit are all rows tried, in priority order.
 */
export function matchRow(row: RawRow, defs: readonly RowDef[], expected: RowDef | undefined): RowDef | undefined {
  const last = row.labels[row.labels.length - 1];
  if (expected && last !== undefined && matches(expected, last)) return expected;
  const tries: string[] = [];
  for (let k = 1; k <= Math.min(3, row.labels.length); k++) tries.push(row.labels.slice(-k).join(''));
  if (row.prefix.length) tries.push([...row.prefix.slice(-2), ...row.labels].join(''));
  for (const s of tries) {
    const hit = firstMatch(defs, s);
    if (hit) return hit;
  }
  return undefined;
}

/** The offsets at which k consecutive cells hold every printed number of a row. */
function windows(cells: readonly string[], k: number): number[] {
  let first = -1;
  let last = -1;
  for (let i = 0; i < cells.length; i++)
    if (cells[i] !== '') {
      if (first < 0) first = i;
      last = i;
    }
  const lo = Math.max(0, first >= 0 ? last - k + 1 : 0);
  const hi = Math.min(first >= 0 ? first : cells.length - k, cells.length - k);
  const out: number[] = [];
  for (let o = lo; o <= hi; o++) out.push(o);
  return out;
}

const nearest = (candidates: number[], preferred: number): number =>
  candidates.includes(preferred) ? preferred : candidates.reduce((best, o) => (Math.abs(o - preferred) < Math.abs(best - preferred) ? o : best));

/**
 * The k value cells of a row. Pipe rows list their cells in order, so the first k are the values
 * (extra blanks are merged-cell filler). Tab rows carry spacer cells from merged label columns: the
 * values are the k consecutive cells that hold every printed number. Where blanks leave that open,
 * `learned` (the column where rows of the same shape in this table start their values) decides, and
 * failing that the window starting at `preferred`, flagged as ambiguous.
 */
export function pickValues(
  row: RawRow,
  k: number,
  preferred: number,
  fromEnd = false,
  learned?: number,
): { values: string[]; ambiguous: boolean } {
  // A row that printed exactly as many cells as the template row has columns: those are its columns,
  // whatever its merged cells' spans say about the grid.
  if (row.printed?.length === k) return { values: [...row.printed], ambiguous: false };
  const cells = row.cells;
  if (cells.length <= k) return { values: [...cells, ...Array<string>(k - cells.length).fill('')], ambiguous: false };
  if (row.kind === 'pipe') return { values: fromEnd ? cells.slice(-k) : cells.slice(0, k), ambiguous: false };
  const candidates = windows(cells, k);
  if (candidates.length === 0) return { values: cells.slice(0, k), ambiguous: true };
  if (candidates.length === 1) return { values: cells.slice(candidates[0], candidates[0]! + k), ambiguous: false };
  if (learned !== undefined && candidates.includes(learned)) return { values: cells.slice(learned, learned + k), ambiguous: false };
  const pick = nearest(candidates, preferred);
  // Only a window that moves a printed number is a real ambiguity; all-blank windows agree.
  return { values: cells.slice(pick, pick + k), ambiguous: cells.some((c) => c !== '') };
}

/**
 * Where tab rows of each shape (the column their cells start at) start their values, learned from the
 * rows of this table whose printed numbers leave no choice. A shape with conflicting rows teaches nothing.
 */
function learnAlignment(rows: readonly { row: RawRow; k: number }[]): Map<number, number | null> {
  const starts = new Map<number, number | null>();
  for (const { row, k } of rows) {
    if (row.kind !== 'tab' || row.cells.length <= k) continue;
    const w = windows(row.cells, k);
    if (w.length !== 1) continue;
    const start = row.firstCol + w[0]!;
    const seen = starts.get(row.firstCol);
    starts.set(row.firstCol, seen === undefined || seen === start ? start : null);
  }
  return starts;
}

function assign(out: Extracted, def: RowDef, values: string[], line: number) {
  const at = out.layout.rowAt.get(def)!;
  for (let i = 0; i < def.cols.length; i++) {
    const raw = values[i] ?? '';
    // Most cells are blank or a bare count: no result object for them.
    const digits = raw === '' ? null : plainDigits(raw);
    if (raw === '' || (digits !== null && digits <= MAX_COUNT)) {
      out.values[at + i] = digits;
      continue;
    }
    const col = def.cols[i]!;
    const v = parseCellValue(raw, col.unit ?? 'count');
    const why = v.ok && v.value !== null ? implausible(v.value, col) : null;
    if (why) {
      out.values[at + i] = null;
      out.issues.push(warn('value_implausible', `第 ${line} 行 ${def.label}／${col.label}：“${raw.trim()}”${why}，不计入数据与合计`));
    } else if (v.ok) out.values[at + i] = v.value;
    else {
      out.values[at + i] = null;
      out.issues.push(warn('value_unreadable', `第 ${line} 行 ${def.label}／${col.label}：${v.reason}，按空白处理`));
    }
  }
  out.found.add(def.id);
}

/** Section 2 and 3: rows with labels. */
function extractLabelled(out: Extracted, section: SectionId, template: TemplateVersion, rows: readonly RawRow[]) {
  const defs = rowsOf(template, section);
  const matched: { row: RawRow; def: RowDef; k: number; at: number }[] = [];
  const taken = new Set<string>();
  /** Rows whose labels name no row of the template but that hold numbers. */
  const unknown: number[] = [];
  let next = 0;
  for (let at = 0; at < rows.length; at++) {
    const row = rows[at]!;
    if (row.labels.length === 0) continue;
    const def = matchRow(row, defs, defs[next]);
    if (!def) {
      if (row.cells.some(isValueLike)) unknown.push(at);
      continue;
    }
    const k = def.cols.length;
    const printed = row.cells.some(isValueLike);
    // A valueless row named only by the loose text above it is no row of the template: that text is
    // the label of numbers printed elsewhere (a converter split it off them).
    if (!printed && row.prefix.length > 0 && !matchRow({ ...row, prefix: [] }, defs, defs[next])) continue;
    const hasData = printed || row.cells.length >= k;
    if (!hasData || taken.has(def.id) || out.found.has(def.id)) continue;
    taken.add(def.id);
    matched.push({ row, def, k, at });
    next = defs.indexOf(def) + 1;
  }
  // Rows printed without their label (converters split label cells off): placed by template order.
  const isTaken = (d: RowDef) => taken.has(d.id) || out.found.has(d.id);
  const placed = placeUnlabelled(defs, rows, matched, unknown, isTaken, out.issues, windows);
  for (const p of placed) taken.add(p.def.id);
  matched.push(...placed);
  const alignment = learnAlignment(matched);
  for (const { row, def, k } of matched) {
    // Requests rows: label columns end at the third column at the latest, so values start there.
    const preferred = section === 'requests' ? Math.max(0, 2 - row.firstCol) : 0;
    const start = alignment.get(row.firstCol);
    const learned = start == null ? undefined : start - row.firstCol;
    const { values, ambiguous } = pickValues(row, k, preferred, false, learned);
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

/**
 * One report's text → its template cells, issuing body, year and checks. Pure and synchronous,
 * and it never throws: whatever is wrong with a file is reported in `report.errors`. Text forms are
 * decoded here; binary forms (PDF, Word) are read to text first by `parseFile` (read.ts).
 */
import { checkValues } from '../lib/checks.ts';
import { SECTIONS, rowPrinted, rowsOf, type SectionId, type TemplateVersion } from '../lib/template.ts';
import type { ParseIssue, ParsedReport, Script } from '../lib/types.ts';
import { blankValues, cellLayout } from './cells.ts';
import { decode, invalidBytes } from './decode.ts';
import { extractSection, type Extracted } from './extract.ts';
import { LimitError } from './limits.ts';
import { detectTemplate, readMeta } from './meta.ts';
import { compact, detectScript, normalizeText } from './normalize.ts';
import { SPANNED, readRows } from './rows.ts';
import { readText } from './readers/text.ts';
import { findSections } from './sections.ts';

export { PARSER_VERSION } from './version.ts';

export interface ParsedDocument {
  report: ParsedReport;
  /** The decoded text as published (HTML reduced to text), for display. */
  source: string;
  /** Normalised text (Simplified, half-width punctuation), for clues such as region names. */
  text: string;
}

const SECTION_NAME: Record<SectionId, string> = Object.fromEntries(SECTIONS.map((s) => [s.id, s.label])) as Record<SectionId, string>;

function statusOf(issues: readonly ParseIssue[], checksFailed: boolean): ParsedReport['status'] {
  if (issues.some((i) => i.level === 'error')) return 'error';
  return issues.length > 0 || checksFailed ? 'warning' : 'ok';
}

/** The record of a file that could not be used: no template, no cells, one error saying why. */
export function errorReport(file: string, issue: ParseIssue, script: Script | null = null): ParsedReport {
  return { file, status: 'error', errors: [issue], org: null, year: null, template: null, script, cells: {}, checks: [] };
}

export function failed(file: string, issue: ParseIssue, source = '', script: Script | null = null): ParsedDocument {
  return { report: errorReport(file, issue, script), source, text: '' };
}

function parse(file: string, bytes: Uint8Array): ParsedDocument {
  const decoded = decode(bytes);
  if (!decoded.ok) return failed(file, decoded.issue);
  const issues: ParseIssue[] = [];
  if (decoded.truncatedTail) issues.push({ level: 'warning', code: 'truncated_text', message: '文件末尾有不完整的字符，文件可能被截断' });
  if (decoded.invalidAt) issues.push(invalidBytes(decoded.invalidAt));
  return parseRead(file, decoded.text, issues);
}

export interface TextOptions {
  /** What a binary reader produced: lines of the row model, or HTML. Absent: recognise the text's form. */
  form?: 'lines' | 'html';
  /** Issues found before the text (by the decoder or a binary reader); the report's issues start with them. */
  issues?: ParseIssue[];
}

function parseRead(file: string, decodedText: string, issues: ParseIssue[], form?: 'lines' | 'html'): ParsedDocument {
  const script = detectScript(decodedText);
  // Every form is reduced to the lines of one row model first; from there every layout is read the same way.
  const read = readText(decodedText, file, form);
  issues.push(...read.issues);
  // The mark of merged-cell filler (rows.ts) is for the matcher, not for display.
  const source = read.text.includes(SPANNED) ? read.text.replaceAll(SPANNED, '') : read.text;
  const text = normalizeText(read.text, script);
  const lines = text.split('\n');

  const ranges = findSections(lines);
  const present = SECTIONS.map((s) => s.id).filter((id) => ranges[id]);
  // Section 2's headers tell the templates apart; section 3 (2021's three 其他处理 rows) if it is missing.
  const sectionText = (id: SectionId) => (ranges[id] ? compact(lines.slice(ranges[id].from, ranges[id].to).join('')) : '');
  const template: TemplateVersion | null =
    detectTemplate(sectionText('active')) ?? detectTemplate(sectionText('requests')) ?? detectTemplate(compact(lines.join('')));
  // Refused for want of tables: the reader's warnings (pages not read, pages without text) say why.
  const refuse = (issue: ParseIssue): ParsedDocument => {
    const doc = failed(file, issue, source, script);
    doc.report.errors.push(...issues);
    return doc;
  };
  if (present.length === 0 || template === null) {
    return refuse({ level: 'error', code: 'no_tables', message: '没有找到年度报告的任何统计表（主动公开、依申请公开、行政复议和行政诉讼）' });
  }

  const layout = cellLayout(template);
  const out: Extracted = { values: blankValues(template), layout, issues, found: new Set() };
  for (const id of present) extractSection(out, id, template, readRows(lines, ranges[id]!.from, ranges[id]!.to));

  // Rows of each table not found; a table with none of its rows is missing as a whole.
  const absent = SECTIONS.map((s) => ({ s, rows: rowsOf(template, s.id).filter((r) => !rowPrinted(template, r, out.found)) }));
  const missing = absent.filter((a) => a.rows.length === rowsOf(template, a.s.id).length);
  if (missing.length === SECTIONS.length) {
    return refuse({ level: 'error', code: 'no_tables', message: '找到了表格标题，但没有读到任何表格行' });
  }
  for (const { s, rows } of absent) {
    if (rows.length === 0) continue;
    if (missing.some((m) => m.s === s))
      issues.push({ level: 'warning', code: 'missing_section', message: `缺少表格“${SECTION_NAME[s.id]}”，其单元格为空` });
    else
      issues.push({
        level: 'warning',
        code: 'missing_rows',
        message: `“${SECTION_NAME[s.id]}”缺少 ${rows.length} 行：${rows.map((r) => r.label).join('、')}`,
      });
  }

  const meta = readMeta(lines);
  if (!meta.org) issues.push({ level: 'warning', code: 'org_missing', message: '没有找到发布机关名称（标题和落款都没有）' });
  if (!meta.year) issues.push({ level: 'warning', code: 'year_missing', message: '没有找到报告年度' });

  const checks = checkValues(template, out.values);
  const report: ParsedReport = {
    file,
    status: statusOf(issues, checks.some((c) => !c.ok)),
    errors: issues,
    org: meta.org,
    year: meta.year,
    template,
    script,
    cells: layout.record(out.values),
    checks,
  };
  return { report, source, text };
}

/** Parses a report already decoded to text (or read to text from a binary form). Never throws. */
export function parseText(file: string, text: string, options: TextOptions = {}): ParsedDocument {
  try {
    return parseRead(file, text, [...(options.issues ?? [])], options.form);
  } catch (e) {
    if (e instanceof LimitError) return failed(file, e.issue);
    const message = e instanceof Error ? e.message : String(e);
    return failed(file, { level: 'error', code: 'internal_error', message: `解析器内部错误：${message}` });
  }
}

/** Parses one text report's bytes. Never throws: problems are reported in `report.errors`. */
export function parseDocument(file: string, bytes: Uint8Array): ParsedDocument {
  try {
    return parse(file, bytes);
  } catch (e) {
    if (e instanceof LimitError) return failed(file, e.issue);
    const message = e instanceof Error ? e.message : String(e);
    return failed(file, { level: 'error', code: 'internal_error', message: `解析器内部错误：${message}` });
  }
}

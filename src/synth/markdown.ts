/**
 * The `markdown` layout: a report as a PDF-to-markdown converter writes it. Prose keeps the PDF's line
 * breaks, the title is a `#` heading or wraps over two lines, tables come out as `| a | b |` rows with
 * `|---|` lines, often cut into sub-tables under `###` headings each with its own (real, placeholder,
 * blank, or first data row as) header, and rows whose label cell spanned several lines lose their
 * label: the numbers stay a row of their own, the label turns into loose lines before or after it.
 *
 * Every choice is a field of `MarkdownStyle`; `markdownText` draws one per report from its variant
 * number, tests pass their own. A style here never makes a report the parser cannot read exactly:
 * the deliberately undecidable cases are built by the tests on top of it.
 */
import { SECTIONS, type TemplateVersion } from '../lib/template.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, activeBlocks, appealModel, applicantHeader, headings, requestRows } from './model.ts';
import { proseOf } from './prose.ts';
import { type Rng, chance, int, pick, seededRng } from './random.ts';
import type { SynthReport } from './types.ts';

type Cells = Record<string, number | null>;

export interface MarkdownStyle {
  title: 'h1-org' | 'h1-title' | 'wrapped' | 'bold';
  /** Prose cut at the PDF's line width (characters), or one line a paragraph. */
  wrap: number | null;
  /** Section headings: `##`, plain lines, or bold lines. */
  sectionHeading: 'h2' | 'plain' | 'bold';
  /** Each 第二十条 block and each group of section 3 its own table under a `###` heading. */
  subTables: boolean;
  header: 'real' | 'placeholder' | 'blank' | 'first-row';
  /** `|:---:|` alignment colons. */
  align: boolean;
  /** Cells padded with spaces (or `&nbsp;`). */
  pad: 'none' | 'space' | 'nbsp';
  /** Long labels broken with `<br>`. */
  br: boolean;
  bold: boolean;
  /** Section 3 labels: group and item in two columns, or one. */
  twoColumns: boolean;
  /** Share of rows whose label is split off their numbers. */
  split: number;
  /** A split row keeps its emptied label cells in the table (`|  | 0 | 3 |`), or is a table of its own. */
  keepColumns: boolean;
  /** Section 4 as one row of 15 values, or three labeled rows of 5. */
  appealsWide: boolean;
  /** Thousands separators in large numbers (1,234). */
  commas: boolean;
  /** Page-number lines and page images between table parts. */
  furniture: boolean;
  entities: boolean;
  /** Some rows' numbers run together in one cell (`| 规章 | 0 0 3 |`), where none is blank. */
  runTogether: boolean;
  /** Tables written as HTML `<table>` blocks (some converters do), one line or a line per row. */
  htmlTables: 'no' | 'one-line' | 'lines';
}

/**
 * A style the parser can read exactly. Not every style can be: a row that lost its label but kept its
 * emptied label cells, with blanks at its edges, says where its values start only through the other
 * rows of its table; where those are split too, or as blank at the edges, nothing tells.
 */
export const decidable = (s: MarkdownStyle): boolean => !(s.split > 0 && s.keepColumns);

export function randomStyle(rng: Rng): MarkdownStyle {
  const s = randomChoices(rng);
  return decidable(s) ? s : { ...s, keepColumns: false };
}

function randomChoices(rng: Rng): MarkdownStyle {
  return {
    title: pick(rng, ['h1-org', 'h1-title', 'wrapped', 'bold'] as const),
    wrap: chance(rng, 0.6) ? int(rng, 24, 34) : null,
    sectionHeading: pick(rng, ['h2', 'plain', 'bold'] as const),
    subTables: chance(rng, 0.5),
    header: pick(rng, ['real', 'placeholder', 'blank', 'first-row'] as const),
    align: chance(rng, 0.3),
    pad: pick(rng, ['none', 'space', 'nbsp'] as const),
    br: chance(rng, 0.4),
    bold: chance(rng, 0.3),
    twoColumns: chance(rng, 0.5),
    split: pick(rng, [0, 0.2, 0.5, 1]),
    keepColumns: chance(rng, 0.4),
    appealsWide: chance(rng, 0.7),
    commas: chance(rng, 0.2),
    furniture: chance(rng, 0.4),
    entities: chance(rng, 0.4),
    htmlTables: pick(rng, ['no', 'no', 'no', 'one-line', 'lines'] as const),
    runTogether: chance(rng, 0.2),
  };
}

/** One printed table row: label cells and value cells; `label` is the row's whole label, for splitting. */
interface Row {
  labels: string[];
  values: (number | null)[];
  /** May lose its label (data rows only). */
  splittable: boolean;
}

/** A table: its header row (null where the converter made the first row the header) and its rows. */
interface Table {
  heading: string | null;
  header: string[];
  rows: Row[];
}

function formatNumber(v: number | null, s: MarkdownStyle): string {
  if (v === null) return '';
  if (s.commas && Math.abs(v) >= 1000 && Number.isInteger(v)) return v.toLocaleString('en-US');
  return String(v);
}

function formatLabel(label: string, s: MarkdownStyle, rng: Rng): string {
  let t = label;
  if (s.br && t.length > 12 && chance(rng, 0.6)) {
    const at = int(rng, 4, t.length - 4);
    t = `${t.slice(0, at)}<br>${t.slice(at)}`;
  }
  if (s.entities) t = t.replace(/“/g, '&ldquo;').replace(/”/g, '&rdquo;').replace(/ /g, ' \\| ');
  if (s.bold && chance(rng, 0.3)) t = `**${t}**`;
  return t;
}

const padCell = (c: string, s: MarkdownStyle): string => (s.pad === 'none' ? c : s.pad === 'space' ? ` ${c} ` : c === '' ? '&nbsp;' : ` ${c} `);

function mdRow(cells: readonly string[], s: MarkdownStyle): string {
  return s.pad === 'none' ? `|${cells.join('|')}|` : `|${cells.map((c) => padCell(c, s)).join('|')}|`;
}

const separator = (n: number, s: MarkdownStyle): string => `|${Array.from({ length: n }, (_, i) => (s.align ? (i === 0 ? ':---' : ':---:') : '---')).join('|')}|`;

/** A label as a PDF cell wraps it: pieces of a few characters, one a line. */
function wrapLabel(label: string, rng: Rng): string[] {
  const width = int(rng, 6, 14);
  const out: string[] = [];
  let i = 0;
  while (i < label.length) {
    let end = Math.min(label.length, i + width);
    // A PDF keeps numbering with its item (`2.其他…`), and a space does not end a line.
    while (end < label.length && /[\d.\s]/.test(label[end - 1]!)) end++;
    out.push(label.slice(i, end));
    i = end;
  }
  return out;
}

/** A label in an HTML cell: `<br>` and entities as HTML has them (markdown's escapes mean nothing there). */
function htmlLabel(label: string, s: MarkdownStyle, rng: Rng): string {
  if (label === '') return '';
  const t = formatLabel(label, { ...s, bold: false, entities: false }, rng);
  return s.entities ? t.replace(/“/g, '&ldquo;').replace(/”/g, '&rdquo;') : t;
}

/** A table as an HTML block: labels stay in their cells (these converters keep the grid). */
function htmlTable(tb: Table, width: number, s: MarkdownStyle, rng: Rng): string[] {
  const tr = (cells: string[]) => `<tr>${[...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')].map((c) => `<td>${c}</td>`).join('')}</tr>`;
  const rows = [
    ...(s.header === 'real' ? [tr(tb.header)] : []),
    ...tb.rows.map((r) => tr([...r.labels.map((l) => htmlLabel(l, s, rng)), ...r.values.map((v) => formatNumber(v, s))])),
  ];
  return s.htmlTables === 'one-line' ? [`<table>${rows.join('')}</table>`] : ['<table>', ...rows, '</table>'];
}

function renderTable(tb: Table, width: number, s: MarkdownStyle, rng: Rng, out: string[]): void {
  if (tb.heading) out.push('', `### ${tb.heading}`, '');
  if (s.htmlTables !== 'no') {
    out.push(...htmlTable(tb, width, s, rng), '');
    return;
  }
  const lines: { text: string; row?: Row }[] = [];
  const headerCells =
    s.header === 'real'
      ? tb.header
      : s.header === 'placeholder'
        ? tb.header.map((_, i) => `Col${i + 1}`)
        : s.header === 'blank'
          ? tb.header.map(() => '')
          : null;
  if (headerCells) lines.push({ text: mdRow([...headerCells, ...Array<string>(width - headerCells.length).fill('')], s) }, { text: separator(width, s) });
  tb.rows.forEach((r, i) => {
    const split = r.splittable && r.values.some((v) => v !== null) && chance(rng, s.split);
    const values = r.values.map((v) => (s.bold && chance(rng, 0.05) ? `**${formatNumber(v, s)}**` : formatNumber(v, s)));
    if (!split) {
      const labels = r.labels.map((l) => (l === '' ? '' : formatLabel(l, s, rng)));
      const together = s.runTogether && values.length >= 2 && r.values.every((v) => v !== null) && chance(rng, 0.3);
      const cells = [...labels, ...(together ? [values.join(' ')] : values)];
      lines.push({ text: mdRow([...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')], s), row: r });
    } else {
      // The numbers alone, as a table of their own (the converter read them as one).
      const kept = s.keepColumns ? [...r.labels.map(() => ''), ...values] : values;
      const valueLine = { text: mdRow(s.keepColumns ? [...kept, ...Array<string>(Math.max(0, width - kept.length)).fill('')] : kept, s), row: r };
      lines.push(valueLine);
      if (!s.keepColumns && chance(rng, 0.5)) lines.push({ text: separator(values.length, s) });
      const loose = wrapLabel(r.labels.filter((l) => l !== '').join(''), rng).map((text) => ({ text }));
      if (chance(rng, 0.5)) loose.unshift({ text: '' });
      // Before the numbers, after them, or before the row above (the label cell was taller than the row).
      const where = pick(rng, ['before', 'after', 'earlier'] as const);
      if (where === 'after') lines.push(...loose);
      else {
        const at = lines.indexOf(valueLine);
        const above = lines.slice(0, at).findLastIndex((l) => l.row !== undefined);
        lines.splice(where === 'earlier' && above >= 0 ? above : at, 0, ...loose);
      }
    }
    if (i === 0 && s.header === 'first-row') lines.push({ text: separator(width, s) });
  });
  for (const l of lines) out.push(l.text);
  if (s.furniture && chance(rng, 0.5)) out.push('', pick(rng, ['- 3 -', '— 4 —', '第 5 页', '2 / 6', '![](images/page_3_table_1.png)']), '');
}

function activeTables(t: TemplateVersion, cells: Cells, s: MarkdownStyle): { tables: Table[]; width: number } {
  const blocks = activeBlocks(t);
  const width = 1 + Math.max(...blocks.map((b) => b.colLabels.length));
  const tables: Table[] = [];
  let one: Table | null = null;
  for (const b of blocks) {
    const rows: Row[] = b.rows.map((r) => ({ labels: [r.label], values: r.keys.map((k) => cells[k] ?? null), splittable: true }));
    const heading = `第二十条第（${b.article}）项`;
    if (s.subTables) tables.push({ heading, header: ['信息内容', ...b.colLabels], rows });
    else {
      if (!one) tables.push((one = { heading: null, header: ['信息内容', ...b.colLabels], rows: [] }));
      one.rows.push({ labels: [heading], values: [], splittable: false }, { labels: ['信息内容', ...b.colLabels], values: [], splittable: false }, ...rows);
    }
  }
  return { tables, width };
}

function requestTables(t: TemplateVersion, cells: Cells, s: MarkdownStyle): { tables: Table[]; width: number } {
  const h = applicantHeader();
  const labelCols = s.twoColumns ? 2 : 1;
  const header = [...(s.twoColumns ? [APPLICANT_HEADING, ''] : [APPLICANT_HEADING]), ...h.single, ...h.parts, h.total];
  const tables: Table[] = [];
  let current: Table | null = null;
  let group = '';
  for (const r of requestRows(t)) {
    const key = r.kind === 'sub' ? r.group! : r.kind === 'top' ? r.text.slice(0, 2) : RESULT_GROUP;
    const values = r.keys.map((k) => cells[k] ?? null);
    let labels: string[];
    if (s.twoColumns) labels = r.kind === 'sub' ? [r.index === 0 ? r.group! : '', r.text] : [r.text, ''];
    else labels = [r.kind === 'sub' ? (r.index === 0 || s.subTables ? `${r.group} ${r.text}` : r.text) : r.text];
    if (!current || (s.subTables && key !== group)) {
      tables.push((current = { heading: s.subTables && r.kind === 'sub' ? r.group! : null, header, rows: [] }));
      group = key;
    }
    current.rows.push({ labels, values, splittable: true });
  }
  return { tables, width: labelCols + 7 };
}

function appealTables(t: TemplateVersion, cells: Cells, s: MarkdownStyle): { tables: Table[]; width: number } {
  const m = appealModel(t);
  const values = m.keys.map((k) => cells[k] ?? null);
  if (s.appealsWide) {
    const header = [...m.colLabels, ...m.colLabels, ...m.colLabels];
    const heads: Row[] = [m.heads, m.litigation].map((h) => ({ labels: [h.join(' ')], values: [], splittable: false }));
    return { tables: [{ heading: null, header, rows: [...heads, { labels: [], values, splittable: false }] }], width: 15 };
  }
  const labels = ['行政复议', '行政诉讼 未经复议直接起诉', '行政诉讼 复议后起诉'];
  const rows = labels.map((label, i) => ({ labels: [label], values: values.slice(i * 5, i * 5 + 5), splittable: true }));
  return { tables: [{ heading: null, header: ['', ...m.colLabels], rows }], width: 6 };
}

/** Prose as the PDF set it: one line per `wrap` characters. */
function prose(p: string, s: MarkdownStyle): string[] {
  if (s.wrap === null) return [p];
  const out: string[] = [];
  for (let i = 0; i < p.length; i += s.wrap) out.push(p.slice(i, i + s.wrap));
  return out;
}

function heading(h: string, s: MarkdownStyle): string {
  return s.sectionHeading === 'h2' ? `## ${h}` : s.sectionHeading === 'bold' ? `**${h}**` : h;
}

/** The report as converter markdown, in the given style; `seed` drives the per-row choices. */
export function markdownDocument(r: SynthReport, s: MarkdownStyle, seed: number): string {
  const rng = seededRng(seed);
  const p = proseOf(r, seed >>> 0, r.cells['requests.new_received.total'] ?? 0);
  const heads = headings(SECTIONS);
  const report = `${r.year}年政府信息公开工作年度报告`;
  const out: string[] = [];
  if (s.title === 'h1-org') out.push(`# ${r.org}`, '', `## ${report}`);
  else if (s.title === 'h1-title') out.push(`# ${r.org}${report}`);
  else if (s.title === 'bold') out.push(`**${r.org}${report}**`);
  else out.push(`${r.year}年${r.org}政府信息公开工作`, '年度报告');
  out.push('');
  const link = (text: string) => (s.furniture ? text.replace('门户网站', '[门户网站](https://www.gov.cn/)') : text);
  const para = (text: string) => out.push(...prose(link(text), s), '');
  for (const l of p.intro) para(l);
  out.push(heading(heads[0]!, s), '');
  p.overview.forEach((l, i) => (i % 2 === 0 ? out.push(l) : para(l)));
  const sections = [activeTables(r.template, r.cells, s), requestTables(r.template, r.cells, s), appealTables(r.template, r.cells, s)];
  sections.forEach((sec, i) => {
    out.push('', heading(heads[i + 1]!, s), '');
    if (i === 1) out.push(...prose(BALANCE_NOTE, s));
    for (const tb of sec.tables) renderTable(tb, sec.width, s, rng, out);
  });
  out.push('', heading(heads[4]!, s), '');
  for (const l of p.problems) para(l);
  out.push(heading(heads[5]!, s), '');
  for (const l of p.other) para(l);
  out.push(...p.signature);
  return out.join('\n') + '\n';
}

/** The registered layout: a style drawn from the report's variant number. */
export function markdownText(r: SynthReport, v: number): string {
  return markdownDocument(r, randomStyle(seededRng(v)), v);
}

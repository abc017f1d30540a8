/**
 * The `glued` layout: a web page's text as a crawler saved it, the table cells run together with no
 * separator (pingtan-2021): a crawl header (or none), the whole report on one or a few long lines,
 * labels followed by their digits with or without a space, now and then a space between two cells,
 * full-width digits in some. Blank cells cannot be shown (they would vanish), so every printed row
 * prints a number in each cell; a row whose cells are all null is not printed (2021's collapsed
 * （六）其他处理 or its three sub-rows). The digits do not always decide the cells: a correct parser
 * gives each cell exactly or leaves it blank with `cells_ambiguous` (see tests/glued.property.test.ts).
 */
import { SECTIONS, cellKey, rowsOf, type TemplateVersion } from '../lib/template.ts';
import { halfWidth } from './format.ts';
import { APPLICANT_HEADING, BALANCE_NOTE, RESULT_GROUP, activeBlocks, appealModel, applicantHeader, headings } from './model.ts';
import { proseOf } from './prose.ts';
import type { SynthReport } from './types.ts';

type Cells = Record<string, number | null>;

export interface GluedStyle {
  /** crawl: the full crawler header and a 正文 separator; short: 标题/来源/URL lines; none: the title as the first line. */
  header: 'crawl' | 'short' | 'none';
  /** one: the whole body on one line; sections: one line per section; paragraphs: prose by paragraph, each table on a line. */
  lines: 'one' | 'sections' | 'paragraphs';
  /** Between a label and its digits. */
  labelGap: '' | ' ';
  /** Share of cell boundaries the page kept a space at (0 = none: fully glued). */
  cellSpaces: number;
  /** Full-width digits in the tables. */
  fullWidth: boolean;
  /** Full-width punctuation （）： as most pages print it, or half-width. */
  halfWidth: boolean;
  /** The prose states the requests received, handled and carried forward. */
  proseTotals: boolean;
  /** Appeals as one run of every cell under the header, or three labelled rows. */
  appeals: 'wide' | 'rows';
}

/** A style chosen from a variant number (a hash of the report's identity): rendering stays deterministic. */
export function gluedStyleOf(v: number): GluedStyle {
  return {
    header: (['crawl', 'short', 'none'] as const)[v % 3]!,
    lines: (['one', 'sections', 'paragraphs'] as const)[(v >>> 2) % 3]!,
    labelGap: (v >>> 4) % 3 === 0 ? ' ' : '',
    cellSpaces: (v >>> 6) % 4 === 0 ? 0.15 : 0,
    fullWidth: (v >>> 8) % 5 === 0,
    halfWidth: (v >>> 10) % 3 === 0,
    proseTotals: (v >>> 12) % 2 === 0,
    appeals: (v >>> 13) % 4 === 0 ? 'rows' : 'wide',
  };
}

/**
 * 2021's collapsed form: the one （六）其他处理 row holds the sums of its three sub-rows, which are not
 * printed (null). Cells of a report in the other form are returned as they are.
 */
export function collapseOther(t: TemplateVersion, cells: Cells): Cells {
  const out = { ...cells };
  for (const r of rowsOf(t, 'requests')) {
    if (!r.collapses) continue;
    const subs = rowsOf(t, 'requests').filter((s) => r.collapses!.includes(s.row));
    if (subs.length === 0) continue;
    r.cols.forEach((c, i) => {
      out[r.keys[i]!] = subs.reduce((n, s) => n + (cells[s.keys[i]!] ?? 0), 0);
      for (const s of subs) out[s.keys[i]!] = null;
    });
  }
  return out;
}

const FULL = '０１２３４５６７８９';
/** A small deterministic stream of choices, so one style gives one text. */
function chooser(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function digitsOf(values: (number | null | undefined)[], style: GluedStyle, next: () => number): string {
  const texts = values.map((v) => String(v ?? 0));
  let s = texts[0] ?? '';
  for (let i = 1; i < texts.length; i++) s += (next() < style.cellSpaces ? ' ' : '') + texts[i];
  return style.fullWidth ? s.replace(/\d/g, (d) => FULL[Number(d)]!) : s;
}

const printed = (cells: Cells, keys: readonly string[]): boolean => keys.some((k) => cells[k] !== null && cells[k] !== undefined);

function activeText(t: TemplateVersion, cells: Cells, style: GluedStyle, next: () => number): string {
  return activeBlocks(t)
    .map((b) => {
      const rows = b.rows.map((r) => `${r.label}${style.labelGap}${digitsOf(r.keys.map((k) => cells[k]), style, next)}`).join('');
      return `第二十条第（${b.article}）项信息内容${b.colLabels.join('')}${rows}`;
    })
    .join(next() < 0.5 ? ' ' : '');
}

function requestsText(t: TemplateVersion, cells: Cells, style: GluedStyle, next: () => number): string {
  const h = applicantHeader();
  let s = `${BALANCE_NOTE}${APPLICANT_HEADING}${h.single.join('')}${h.group}${h.total} ${h.parts.join('')}`;
  let outer = false;
  let group = '';
  // Every row of the template a report of this form prints: those with numbers (no blank cells here).
  for (const r of rowsOf(t, 'requests')) {
    if (!printed(cells, r.keys)) continue;
    let label = r.label;
    if (label.startsWith('三、')) {
      label = label.slice(2);
      const space = label.indexOf(' ');
      if (space >= 0) {
        const g = label.slice(0, space);
        label = (g !== group ? g : '') + label.slice(space + 1);
        group = g;
      } else group = '';
      if (!outer) label = RESULT_GROUP + label;
      outer = true;
    }
    s += `${label}${style.labelGap}${digitsOf(r.keys.map((k) => cells[k]), style, next)}`;
  }
  return s;
}

function appealsText(t: TemplateVersion, cells: Cells, style: GluedStyle, next: () => number): string {
  const m = appealModel(t);
  const cols = m.colLabels.join('');
  if (style.appeals === 'wide')
    return `${m.heads.join('')}${cols}${m.litigation.join('')}${cols}${cols}${style.labelGap}${digitsOf(m.keys.map((k) => cells[k]), style, next)}`;
  return (
    cols +
    rowsOf(t, 'appeals')
      .map((r) => `${r.label.replace(' ', '')}${style.labelGap}${digitsOf(r.keys.map((k) => cells[k]), style, next)}`)
      .join('')
  );
}

/** The glued page's text (Simplified; the caller converts the script and encodes). */
export function gluedText(r: SynthReport, style: GluedStyle, v: number): string {
  const next = chooser(v);
  const cells = r.cells;
  const received = cells[cellKey('requests', 'new_received', 'total')] ?? 0;
  const p = proseOf(r, v, received);
  const title = `${r.org}${r.year}年政府信息公开工作年度报告`;
  const heads = headings(SECTIONS);
  // Without totals the prose names no number of requests; with them it gives all three, as pingtan does.
  const overview = style.proseTotals
    ? [
        ...p.overview,
        `本年度共收到政府信息公开申请${received}件，办结${cells[cellKey('requests', 'total', 'total')] ?? 0}件，${cells[cellKey('requests', 'carried_forward', 'total')] ?? 0}件结转下年度继续办理。`,
      ]
    : p.overview.filter((l) => !l.includes('申请'));
  const paragraphs: string[][] = [
    [...(style.header === 'crawl' ? [`当前位置：首页 > 政务公开 > 政府信息公开年报 > ${title} 来源：${r.org} 时间：${r.year + 1}-01-2${v % 9}`] : []), ...p.intro],
    [heads[0]!, ...overview],
    [heads[1]!, activeText(r.template, cells, style, next)],
    [heads[2]!, requestsText(r.template, cells, style, next)],
    [heads[3]!, appealsText(r.template, cells, style, next)],
    [heads[4]!, ...p.problems],
    [heads[5]!, ...p.other],
  ];
  const sep = next() < 0.5 ? '' : ' ';
  let body: string[];
  if (style.lines === 'one') body = [paragraphs.map((ps) => ps.join(sep)).join(sep)];
  else if (style.lines === 'sections') body = paragraphs.map((ps) => ps.join(sep));
  else body = paragraphs.flatMap((ps, i) => (i >= 2 && i <= 4 ? [ps.join(sep)] : ps));
  if (style.halfWidth) body = body.map(halfWidth);
  const url = `https://www.example.gov.cn/zwgk/xxgknb/${r.year + 1}02/t${r.year + 1}0208_${v % 100000}.htm`;
  const header =
    style.header === 'crawl'
      ? [`标题: ${title}`, `发布时间: ${r.year + 1}-02-08 16:34`, '文号: ', '发布机构: ', '栏目: 政府信息公开年报', `原文链接: ${url}`, `本地目录: zwgk/${v % 100000}_${title}`, '页面链接与图片详见 links.tsv(同目录)', '==================== 正文 ====================']
      : style.header === 'short'
        ? [`标题：${title}`, `来源：${r.org}`, url, '']
        : [title];
  return [...header, ...body, ''].join('\n');
}


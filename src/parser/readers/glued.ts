/**
 * Crawled page text whose table cells were run together with no separator
 * (`本年新收政府信息公开申请数量640020470` is 64|0|0|2|0|4|70), often under a crawl header and with
 * the whole report on a few long lines. The template rows are found by their labels (the matcher's
 * own RowDef.match), each row's run of digits is taken, and the runs are split into cells by
 * split-digits.ts with the template's arithmetic (checks.ts) and the totals the prose states.
 * Output: the report as lines of the row model — the title, the prose, each table's heading and
 * one tab row per template row. A cell the digits and the arithmetic do not decide is left blank
 * with a `cells_ambiguous` warning listing the readings that remain: never a guess.
 */
import { ruleEquations } from '../../lib/checks.ts';
import { SECTIONS, cellsOf, rowPrinted, rowsOf, type RowDef, type SectionDef, type SectionId, type TemplateVersion } from '../../lib/template.ts';
import type { ParseIssue } from '../../lib/types.ts';
import { cellLayout } from '../cells.ts';
import { matchRow } from '../extract.ts';
import { detectTemplate } from '../meta.ts';
import { compact, detectScript, normalizeText } from '../normalize.ts';
import type { RawRow } from '../rows.ts';
import { splitDigits, type Fact, type GroupSplit, type SplitGroup } from '../split-digits.ts';
import { crawlHeader } from './crawl.ts';
import type { TextRead } from './types.ts';

/** Readings listed in a warning at most. */
const LISTED = 6;
/** Rows whose digits must share a run before the text counts as glued. */
const MIN_GLUED_ROWS = 2;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isSign = (c: string | undefined): boolean => c === '-' || c === '−';
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
/** What a row label starts with after its numbering (`2.其他法律…`, `3.危及“三安全一稳定”`). */
const isLabelChar = (c: string | undefined): boolean => c !== undefined && (/[\u4e00-\u9fff“"(（《]/.test(c));

/** Cheap test first: lines of tab rows or pipe cells are other forms; a glued requests row has at least seven digits in a run. */
function mayBeGlued(text: string): boolean {
  let tabular = 0;
  for (let at = 0, nl = 0; at < text.length && tabular <= 3; at = nl + 1) {
    nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    const line = text.slice(at, nl);
    if (line.includes('\t') || line.includes('|')) tabular++;
  }
  return tabular <= 3 && /[0-9０-９]{7,}/.test(text);
}

interface Segment {
  /** The text before the run: the row's label, with whatever table text precedes it. */
  label: string;
  /** Digits, signs, decimal points; white space where the page had some between them. */
  material: string;
}

/**
 * A table's text → (label, digits) pairs. A run of digits directly followed by `.`/`、` and a label
 * ends in the next row's numbering (`…00000002.其他法律…`): that digit goes to the next label.
 */
export function segments(r: string): Segment[] {
  const out: Segment[] = [];
  let label = '';
  let i = 0;
  const n = r.length;
  const startsNumber = (at: number) => isDigit(r[at]) || (isSign(r[at]) && isDigit(r[at + 1]));
  while (i < n) {
    if (!startsNumber(i)) {
      label += r[i];
      i++;
      continue;
    }
    let run = '';
    let j = i;
    while (j < n) {
      const ch = r[j]!;
      if (isDigit(ch)) run += ch;
      else if (isSign(ch) && isDigit(r[j + 1])) run += '-';
      else if (ch === '.' && isDigit(run[run.length - 1]) && isDigit(r[j + 1])) run += '.';
      else if (isSpace(ch)) {
        let w = j;
        while (w < n && isSpace(r[w])) w++;
        if (!startsNumber(w)) break;
        run += ' ';
        j = w;
        continue;
      } else break;
      j++;
    }
    let numbering = '';
    if ((r[j] === '.' || r[j] === '．' || r[j] === '、') && isLabelChar(r[j + 1]) && isDigit(run[run.length - 1])) {
      numbering = run[run.length - 1]!;
      run = run.slice(0, -1).trimEnd();
    }
    if (/\d/.test(run)) {
      out.push({ label, material: run });
      label = '';
    }
    label += numbering;
    i = j;
  }
  return out;
}

const NUMERAL = '[一二三四五六七八九十]{1,2}\\s*[、.．]';
const headingPattern = (s: SectionDef): RegExp => new RegExp(`${NUMERAL}[^。；;\\n]{0,16}?(?:${s.heading.source.replace(/\$$/, '')})`, 'g');
const HEADINGS = SECTIONS.map((s) => ({ id: s.id, re: headingPattern(s) }));
/** Where the tables end: the 五、 section (problems and improvements) or the 六、 one. */
const END = /[五六]\s*[、.．]\s*(?:存在|其他需要|其它需要)|存在的主要问题|其他需要报告/g;

interface Region {
  id: SectionId;
  /** Where its heading starts, and its table text after the heading. */
  start: number;
  from: number;
  to: number;
}

/** Each table's text: from after its numbered heading to the next heading (or the 五、 section). */
function findRegions(body: string): Region[] {
  const found: Region[] = [];
  let pos = 0;
  for (const h of HEADINGS) {
    h.re.lastIndex = pos;
    const m = h.re.exec(body);
    if (!m) continue;
    found.push({ id: h.id, start: m.index, from: m.index + m[0].length, to: body.length });
    pos = m.index + m[0].length;
  }
  found.forEach((r, k) => {
    const next = found[k + 1]?.start ?? body.length;
    END.lastIndex = r.from;
    const end = END.exec(body);
    r.to = end && end.index < next ? end.index : next;
  });
  return found;
}

interface FoundRow {
  section: SectionId;
  /** Template rows the digits belong to: one, or all appeals rows printed as one wide row. */
  defs: RowDef[];
  label: string;
  material: string;
}

const asRaw = (label: string): RawRow => ({ labels: [label], prefix: [], cells: [], kind: 'tab', firstCol: 1, line: 0 });

function rowsOfRegion(text: string, id: SectionId, t: TemplateVersion): FoundRow[] {
  const defs = rowsOf(t, id);
  const segs = segments(text).filter((s) => s.material !== '');
  const out: FoundRow[] = [];
  if (id === 'appeals' && segs[0]) {
    // One row of every cell under a two-level header: its label holds the labels of several rows.
    const label = compact(segs[0].label);
    if (defs.filter((d) => d.match.some((re) => re.test(label))).length >= 2)
      return [{ section: id, defs: [...defs], label, material: segs[0].material }];
  }
  const taken = new Set<string>();
  let next = 0;
  for (const s of segs) {
    const label = compact(s.label);
    if (label === '') continue;
    const def = matchRow(asRaw(label), defs, defs[next]);
    if (!def || taken.has(def.id)) continue;
    taken.add(def.id);
    next = defs.indexOf(def) + 1;
    out.push({ section: id, defs: [def], label, material: s.material });
  }
  return out;
}

/** Totals the prose states, with the cell each one is: used only to choose among splits the arithmetic leaves. */
const PROSE_TOTALS: { re: RegExp; key: string }[] = [
  { re: /(?:共|累计|全年|本年度?)[^。；;，,]{0,12}?(?:收到|受理|接收|新收)[^。；;\d]{0,16}?(\d+)\s*(?:件|个|条|宗)/, key: 'requests.new_received.total' },
  { re: /办结[^。；;\d]{0,10}?(\d+)\s*(?:件|个|条|宗)/, key: 'requests.total.total' },
  { re: /(\d+)\s*(?:件|个|条|宗)[^。；;\d]{0,8}?结转下/, key: 'requests.carried_forward.total' },
];

function proseFacts(prose: string, t: TemplateVersion): Fact[] {
  const index = new Map(cellsOf(t).map((c, i) => [c.key, i]));
  const facts: Fact[] = [];
  for (const { re, key } of PROSE_TOTALS) {
    const m = re.exec(prose);
    const cell = index.get(key);
    if (m && cell !== undefined) facts.push({ cell, value: Number(m[1]) });
  }
  return facts;
}

const chunks = (material: string): number => material.trim().split(/\s+/).length;
/** Prose keeps no tab or pipe: the row model would read them as table cells. */
const plain = (s: string): string => s.replace(/[\t|]/g, ' ');

function warning(row: FoundRow, split: GroupSplit): ParseIssue | null {
  const name = row.defs.map((d) => d.label).join('、');
  const cols = row.defs.flatMap((d) => d.cols.map((c) => (row.defs.length > 1 ? `${d.label}／${c.label}` : c.label)));
  const digits = row.material.trim();
  if (split.status === 'decided') return null;
  if (split.status === 'unsplittable')
    return { level: 'warning', code: 'cells_unsplittable', message: `${name}：数字“${digits}”拆不成 ${cols.length} 个单元格（可能有空白单元格），整行留空` };
  if (split.status === 'overflow')
    return { level: 'warning', code: 'cells_ambiguous', message: `${name}：数字“${digits}”的可能拆分过多，无法确定，整行留空` };
  const open = cols.filter((_, i) => split.values[i] === null);
  const n = split.readings.length;
  const listed = split.readings.slice(0, LISTED).map((r) => r.join('|')).join('；');
  return {
    level: 'warning',
    code: 'cells_ambiguous',
    message: `${name}：数字“${digits}”有 ${n} 种拆分都说得通（${listed}${n > LISTED ? ' 等' : ''}），无法确定，${open.join('、')}留空`,
  };
}

/** Reads glued crawl text; null when the text is not in that form. */
export function readGlued(text: string, _file: string): TextRead | null {
  if (!mayBeGlued(text)) return null;
  // Simplified, half-width: the header's field names, the labels and the digits as the matcher knows them.
  const lines = normalizeText(text, detectScript(text)).split('\n');
  const header = crawlHeader(lines);
  const body = lines.slice(header.bodyStart).join('\n');
  const template = detectTemplate(compact(body));
  if (!template) return null;
  const regions = findRegions(body);
  if (regions.length === 0) return null;
  const rows = regions.flatMap((r) => rowsOfRegion(body.slice(r.from, r.to), r.id, template));
  const glued = rows.filter((r) => chunks(r.material) < r.defs.reduce((n, d) => n + d.cols.length, 0)).length;
  if (glued < MIN_GLUED_ROWS) return null;

  const layout = cellLayout(template);
  const groups: SplitGroup[] = rows.map((r) => ({
    cells: r.defs.flatMap((d) => d.cols.map((_, i) => layout.rowAt.get(d)! + i)),
    specs: r.defs.flatMap((d) => d.cols.map((c) => ({ signed: c.signed, decimal: c.unit === 'wan_yuan' }))),
    material: r.material,
  }));
  // A row not found is unknown, not blank, unless the report prints it in another form (collapsed 其他处理).
  const found = new Set(rows.flatMap((r) => r.defs.map((d) => d.id)));
  const unknown = new Set(rowsOf(template).flatMap((d) => (found.has(d.id) || rowPrinted(template, d, found) ? [] : d.cols.map((_, i) => layout.rowAt.get(d)! + i))));
  const first = regions[0]!.start;
  const last = regions[regions.length - 1]!.to;
  const prose = body.slice(0, first) + '\n' + body.slice(last);
  const result = splitDigits(groups, ruleEquations(template), proseFacts(prose, template), unknown);

  const issues: ParseIssue[] = [];
  const out: string[] = [];
  if (header.title) out.push(plain(header.title));
  out.push(...plain(body.slice(0, first)).split('\n'));
  for (const region of regions) {
    out.push(SECTIONS.find((s) => s.id === region.id)!.label);
    rows.forEach((row, gi) => {
      if (row.section !== region.id) return;
      const split = result.groups[gi]!;
      const w = warning(row, split);
      if (w) issues.push(w);
      const cells = split.values.map((v) => v ?? '');
      if (row.defs.length === 1) out.push([row.label, ...cells].join('\t'));
      else {
        // The wide appeals row as one labelled row each: the matcher then needs no window over blanks.
        let at = 0;
        for (const d of row.defs) {
          out.push([d.label, ...cells.slice(at, at + d.cols.length)].join('\t'));
          at += d.cols.length;
        }
      }
    });
  }
  out.push(...plain(body.slice(last)).split('\n'));
  return { text: out.join('\n'), issues };
}

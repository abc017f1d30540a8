/** The issuing body, the year reported on and the template version, from a report's text. */
import type { TemplateVersion } from '../lib/template.ts';
import { compact, isRegexSpace } from './normalize.ts';

const TITLE = /((?:19|20)\d{2})年度?(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:工作)?报告/;
/** A region's name stands for its government in many titles (海淀区2023年…, 平潭综合实验区2021年度…). */
const ORG_SUFFIX =
  /(人民政府|政府|办公室|办公厅|办事处|街道|管理委员会|管委会|委员会|局|厅|委|办|中心|院|所|队|站|部|署|处|镇|乡|社区|村|集团|公司|分局|支队|大队|会|园区|新区|开发区|实验区|区|县|市|旗|盟|州)$/;
const DATE_LINE = /^((?:19|20)\d{2})年\d{1,2}月\d{1,2}日$/;
/** Signatures are often dated in Chinese numerals: 二〇二四年一月十九日. */
const HAN_DATE_LINE = /^([〇零○Ｏ一二三四五六七八九]{4})年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日$/;
const HAN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, '○': 0, Ｏ: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** Page numbers and footers at the end of PDF text: -6-, — 6 —, 第6页, 6/6. */
const PAGE_NUMBER = /^(?:[-—–－]*\d{1,3}[-—–－]*|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}\/\d{1,3})$/;
/** A signature with the body and the date on one line (compacted). */
const SIGNED_LINE = /^(.{2,40}?)((?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇零○Ｏ一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$/;
/** A crawler's header field naming the publisher. */
const CRAWL_PUBLISHER = /^(?:发布机构|发文机关|发布单位|发布机关)[:：](.+)$/;
/** Year first, body after: 2023年度宁波市江北区人民政府政府信息公开工作年度报告. */
const YEAR_FIRST_TITLE = /^((?:19|20)\d{2})年度?(.{2,40}?)(?:政府|政务)?信息公开(?:工作)?(?:年度)?报告$/;

function dateYear(line: string): number | null {
  const m = DATE_LINE.exec(line);
  if (m) return Number(m[1]);
  const h = HAN_DATE_LINE.exec(line);
  if (!h) return null;
  return Number([...h[1]!].map((c) => HAN_DIGIT[c]).join(''));
}
/** Words that open a title line but are not part of the body's name. */
const LEADING_NOISE = /^.*?(?:《|编制了|发布|关于|印发)/;
/**
 * Marks around a title line that are not its words: a markdown heading's #, bold **, a quote's >,
 * a crawler's `标题:` field, read on the compacted line.
 */
const TITLE_MARKS = /^(?:[#*>]+|(?:标题|题目|文章标题|名称)[:：])+|\*+$/g;
/** Title lines are short; a longer line is prose, never the first half of a title. */
const TITLE_LINE_MAX = 40;
/** A title split over lines is read as one: this line and up to two non-blank lines above it. */
const TITLE_LINES = 3;

const titleText = (line: string): string => compact(line).replace(TITLE_MARKS, '');

/** The title as this line alone, then joined with the one and two title-length lines above it. */
function titleCandidates(head: readonly string[], i: number): string[] {
  const out = [titleText(head[i]!)];
  let joined = out[0]!;
  for (let j = i - 1; j >= 0 && out.length < TITLE_LINES; j--) {
    const prev = titleText(head[j]!);
    if (prev === '') continue;
    if (prev.length > TITLE_LINE_MAX || out[0]!.length > TITLE_LINE_MAX) break;
    joined = prev + joined;
    out.push(joined);
  }
  return out;
}

interface TitleRead {
  year: number;
  org: string | null;
  orgFrom: 'title' | 'book_title' | null;
}

/** The year and body a title string names, if it is a title. */
function readTitle(line: string): TitleRead | null {
  const book = /《([^《》]{0,80}?)((?:19|20)\d{2})年度?(?:政府|政务)?信息公开(?:工作)?(?:年度)?报告》/.exec(line);
  const m = book ?? TITLE.exec(line) ?? YEAR_FIRST_TITLE.exec(line);
  if (!m) return null;
  const isBook = book !== null;
  const year = Number(isBook ? m[2] : m[1]);
  const before = cleanOrg(isBook ? m[1]! : line.slice(0, m.index));
  const yearFirst = !isBook && before === '' ? YEAR_FIRST_TITLE.exec(line) : null;
  if (yearFirst && plausibleOrg(cleanOrg(yearFirst[2]!))) return { year, org: cleanOrg(yearFirst[2]!), orgFrom: 'title' };
  if (plausibleOrg(before)) return { year, org: before, orgFrom: isBook ? 'book_title' : 'title' };
  return { year, org: null, orgFrom: null };
}

/** Words that end like a body's name but name no body. */
const GENERIC = new Set([
  '政府', '人民政府', '政务', '本机关', '本单位', '我单位', '我局', '我办', '中心',
  // Bare organ words: the tail of a name wrapped onto the title's line (横峰县人民政府 / 办公室2021年…).
  '办公室', '办公厅', '人民政府办公室', '政府办公室', '办事处', '街道办事处', '委员会', '管委会', '管理委员会',
]);
/** A line ending in a place unit, directly above the title, is the start of the body's name (淮安市 / 人民政府2024年…). */
const PLACE_END = /(?:省|市|县|区|旗|州|盟|镇|乡|街道)$/;
const plausibleOrg = (s: string): boolean =>
  s.length >= 3 && s.length <= 40 && !GENERIC.has(s) && /[\u4e00-\u9fff]/.test(s) && ORG_SUFFIX.test(s);

function cleanOrg(s: string): string {
  return s
    .replace(LEADING_NOISE, '')
    .replace(/^[\s"“”'《〈「【\[(（]+|[\s"“”'》〉」】\])）,，:：]+$/g, '')
    .trim();
}

/** 统计时间为2021年1月1日至…, read on the compacted head. */
const PERIOD = /(?:统计|时限|期限|时间)[^。]{0,20}?((?:19|20)\d{2})年1月1日/;
/** What PERIOD needs of the text before compaction: "年1月1日", possibly with white space between. */
const MAY_HOLD_PERIOD = /年\s*1\s*月\s*1\s*日/;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * How often each year is written as "<year>年" in lines [0, to), read as if the lines were joined
 * and compacted (so "2 023 年" counts as 2023), without building that string: from each 年, the four
 * characters before it that are not white space, across line ends. tests/meta.test.ts holds it to
 * the compacted text's /((?:19|20)\d{2})年/g.
 */
export function yearMentions(lines: readonly string[], to: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let li = 0; li < to; li++) {
    const line = lines[li]!;
    for (let at = line.indexOf('年'); at >= 0; at = line.indexOf('年', at + 1)) {
      let year = 0;
      let scale = 1;
      let got = 0;
      let l = li;
      let s = line;
      let k = at - 1;
      while (got < 4) {
        if (k < 0) {
          if (--l < 0) break;
          s = lines[l]!;
          k = s.length - 1;
          continue;
        }
        const c = s.charCodeAt(k--);
        if (isRegexSpace(c)) continue;
        if (!isDigit(c)) break;
        year += (c - 48) * scale;
        scale *= 10;
        got++;
      }
      if (got === 4 && year >= 1900 && year <= 2099) counts.set(year, (counts.get(year) ?? 0) + 1);
    }
  }
  return counts;
}

export interface Meta {
  org: string | null;
  year: number | null;
  /** Where each came from, for messages. */
  orgFrom: 'title' | 'line_before_title' | 'book_title' | 'signature' | 'crawl_header' | null;
  yearFrom: 'title' | 'period' | 'signature' | 'mentions' | null;
}

export function readMeta(lines: readonly string[]): Meta {
  const meta: Meta = { org: null, year: null, orgFrom: null, yearFrom: null };
  const head = lines.slice(0, 60);
  // 1. The title: "<org><year>年政府信息公开工作年度报告", possibly inside 《》 in the first paragraph,
  // possibly split over two or three lines (the body on the line above, or the title wrapped).
  for (let i = 0; i < head.length && meta.year === null; i++) {
    // 报 告 spaced out is a title too.
    if (!head[i]!.includes('报') || head[i]!.length > 600 || !compact(head[i]!).includes('报告')) continue;
    const reads = titleCandidates(head, i).map((c, k) => ({ read: readTitle(c), joined: k > 0 }));
    const dated = reads.find((r) => r.read !== null);
    if (!dated) continue;
    meta.year = dated.read!.year;
    meta.yearFrom = 'title';
    let named = reads.find((r) => r.read?.org);
    // The name read on the title's line is only its tail where the line above ends in a place.
    const k = named ? reads.indexOf(named) : -1;
    const longer = k >= 0 ? reads[k + 1] : undefined;
    if (longer?.read?.org && PLACE_END.test(titleCandidates(head, i)[k + 1]!.slice(0, -titleCandidates(head, i)[k]!.length))) named = longer;
    if (named) {
      meta.org = named.read!.org;
      meta.orgFrom = named.joined && named.read!.orgFrom === 'title' ? 'line_before_title' : named.read!.orgFrom;
    }
  }
  // 2. The reporting period: 统计时间为2021年1月1日至2021年12月31日.
  if (meta.year === null) {
    const head80 = lines.slice(0, 80).join('');
    // Compacting the head costs more than the rest of this function: only when a period can be in it.
    const period = MAY_HOLD_PERIOD.test(head80) ? PERIOD.exec(compact(head80)) : null;
    if (period) {
      meta.year = Number(period[1]);
      meta.yearFrom = 'period';
    }
  }
  // 3. The signature: the body's name above the date at the end.
  const tail: string[] = [];
  for (let i = lines.length - 1; i >= 0 && tail.length < 6; i--) {
    const s = compact(lines[i]!);
    if (!s || PAGE_NUMBER.test(s)) continue;
    // Body and date on one line: 淮安市人民政府 2025年1月20日.
    const signed = dateYear(s) === null ? SIGNED_LINE.exec(s) : null;
    if (signed && dateYear(signed[2]!) !== null) tail.unshift(signed[1]!, signed[2]!);
    else tail.unshift(s);
  }
  const dateAt = tail.findIndex((s) => dateYear(s) !== null);
  if (meta.org === null && dateAt > 0 && plausibleOrg(cleanOrg(tail[dateAt - 1]!))) {
    meta.org = cleanOrg(tail[dateAt - 1]!);
    meta.orgFrom = 'signature';
  }
  // 3b. A crawler's header field naming the publisher (发布机构: …), when neither title nor signature did.
  if (meta.org === null)
    for (const line of head) {
      const field = CRAWL_PUBLISHER.exec(compact(line));
      if (field && plausibleOrg(cleanOrg(field[1]!))) {
        meta.org = cleanOrg(field[1]!);
        meta.orgFrom = 'crawl_header';
        break;
      }
    }
  if (meta.year === null) {
    // 4. The year the text speaks of most, outside the signature date; else the year before it.
    const counts = yearMentions(lines, Math.max(0, lines.length - 6));
    const best = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    if (best && best[0] >= 2008) {
      meta.year = best[0];
      meta.yearFrom = 'mentions';
    } else if (dateAt >= 0) {
      meta.year = dateYear(tail[dateAt]!)! - 1;
      meta.yearFrom = 'signature';
    }
  }
  return meta;
}

const MARKS_2021 = ['本年制发件数', '本年废止件数', '现行有效件数', '本年处理决定数量', '本年收费金额', '逾期不补正', '缴纳费用'];
const MARKS_2019 = ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '政府集中采购', '采购总金额', '其他对外管理服务事项'];

/** The template version, from the words only one of the two templates prints. */
export function detectTemplate(compactTables: string): TemplateVersion | null {
  const score = (marks: string[]) => marks.filter((m) => compactTables.includes(m)).length;
  const a = score(MARKS_2021);
  const b = score(MARKS_2019);
  if (a === 0 && b === 0) return null;
  return a >= b ? '2021' : '2019';
}

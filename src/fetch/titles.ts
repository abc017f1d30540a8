/**
 * Which links of a 年报 column are annual reports, and of which year. Titles vary a great deal
 * (…政府信息公开工作年度报告, …年报, 关于…年度报告的公告, spaced out, full-width digits), and the same
 * columns also carry notices *about* the reports (编制工作的通知, 模板, 报送…), which are not reports.
 */

const FULL_WIDTH_DIGIT = /[０-９]/g;
const CHINESE_DIGIT: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** A title as compared: white space removed, full-width digits half-width, 二〇二三 as 2023. */
export function normalizeTitle(title: string): string {
  return title
    .replace(/\s+/g, '')
    .replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[〇零一二三四五六七八九]{4}(?=年)/g, (s) => [...s].map((c) => CHINESE_DIGIT[c]).join(''));
}

const REPORT = /政府信息公开(?:工作)?(?:年度)?(?:报告|年报)|信息公开(?:工作)?年度报告|政务公开(?:工作)?年度报告|信息公开年报/;
/** Notices about compiling, sending or publishing the reports, and templates: not reports themselves. */
const NOT_REPORT = /通知|编制|报送|模板|样本|格式|培训|检查|评估|考核|统计表(?!.*报告)|征求意见|的函|工作方案|解读/;

/** The year a report title is about: the first plausible 19xx/20xx before 年, or null. */
export function titleYear(title: string): number | null {
  const t = normalizeTitle(title);
  const m = /((?:19|20)\d{2})年/.exec(t) ?? /((?:19|20)\d{2})(?:年度|政府信息公开)/.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  return y >= 2008 && y <= 2100 ? y : null;
}

export function isReportTitle(title: string): boolean {
  const t = normalizeTitle(title);
  return REPORT.test(t) && !NOT_REPORT.test(t);
}

export interface YearRange {
  from: number;
  to: number;
}

/** `2019-2025`, `2023`, or `2019-` (to this year). */
export function parseYears(s: string, thisYear = new Date().getFullYear()): YearRange {
  const m = /^(\d{4})(?:\s*[-–]\s*(\d{4})?)?$/.exec(s.trim());
  if (!m) throw new Error(`--years must look like 2019-2025 or 2023, got '${s}'`);
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : s.includes('-') || s.includes('–') ? thisYear : from;
  if (to < from) throw new Error(`--years: ${to} is before ${from}`);
  return { from, to };
}

export const inYears = (y: number | null, r: YearRange | null): boolean => r === null || (y !== null && y >= r.from && y <= r.to);

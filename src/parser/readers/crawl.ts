/**
 * The header a crawler writes above a page's text (`标题: …`, `发布时间: …`, `原文链接: https://…`,
 * a `==== 正文 ====` line): not part of the report. Its title is the report's title, so it is kept
 * as a plain first line, where the metadata reader looks for the body and the year.
 */

/** Field names crawlers write; the value of a title field is the page's title. */
const FIELD =
  /^\s*(标题|题目|名称|文章标题|title|发布时间|发布日期|成文日期|更新时间|时间|日期|date|来源|信息来源|发布机构|发文机关|发布单位|文号|索引号|栏目|所属栏目|分类|主题分类|原文链接|原文地址|链接|网址|url|source|本地目录|保存路径|关键词|keywords|抓取时间|采集时间)\s*[:：]\s*(.*)$/i;
const TITLE_FIELD = /^(标题|题目|名称|文章标题|title)$/i;
const URL_LINE = /^\s*(?:https?:\/\/|www\.)\S*\s*$/i;
/** `==== 正文 ====`, `-----`, `*** 正文 ***`: the line that ends the header. */
const SEPARATOR = /^\s*[=\-*#~_—]{3,}(?:\s*\S{0,8}\s*[=\-*#~_—]{3,})?\s*$/;
/** How far into the text a header may reach. */
const MAX_HEADER_LINES = 30;

export interface CrawlHeader {
  title: string | null;
  /** Index of the first line of the page's own text. */
  bodyStart: number;
}

/** The crawl header at the top of the lines, if there is one (bodyStart 0 when there is none). */
export function crawlHeader(lines: readonly string[]): CrawlHeader {
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (i >= lines.length || !FIELD.test(lines[i]!)) return { title: null, bodyStart: 0 };
  let title: string | null = null;
  let end = i;
  const limit = Math.min(lines.length, i + MAX_HEADER_LINES);
  // Fields, URLs and blank lines; a separator ends the header, and notes before it belong to the header too.
  let separator = -1;
  for (let j = i; j < limit; j++)
    if (SEPARATOR.test(lines[j]!)) {
      separator = j;
      break;
    }
  for (let j = i; j < (separator >= 0 ? separator : limit); j++) {
    const line = lines[j]!;
    const m = FIELD.exec(line);
    if (m) {
      if (title === null && TITLE_FIELD.test(m[1]!) && m[2]!.trim() !== '') title = m[2]!.trim();
      end = j + 1;
      continue;
    }
    if (line.trim() === '' || URL_LINE.test(line) || separator >= 0) {
      end = j + 1;
      continue;
    }
    break;
  }
  return { title, bodyStart: separator >= 0 ? separator + 1 : end };
}

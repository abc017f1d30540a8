/**
 * What a fetched HTML page holds for the collector: its title and publication date, the report links
 * of a list page, the links to further list pages, and the attachments of a report page. Common
 * government CMS shapes are recognised without configuration; a per-host rule (rules.ts) names the
 * elements where a site does something else.
 */
import { selectAll, selectOne } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { HostRule } from './rules.ts';
import { isReportTitle, normalizeTitle } from './titles.ts';

export interface Link {
  url: string;
  /** The link's text, or its title attribute when the text is cut short (…). */
  text: string;
}

export interface PageInfo {
  title: string;
  /** The publication date the page shows (YYYY-MM-DD), or null. */
  published: string | null;
  /** Links whose text is a report title. */
  reports: Link[];
  /** Further pages of the same list. */
  pages: string[];
  /** Files linked from the page (.pdf, .doc, .docx, .wps, .xls, .xlsx). */
  attachments: Link[];
}

export const ATTACHMENT = /\.(pdf|docx?|wps|xlsx?|et)$/i;
const NEXT_TEXT = /^(?:下一页|下页|后一页|>|›|»|＞|next)$/i;
const PAGE_NUMBER = /^\[?\d{1,4}\]?$/;

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function resolve(href: string | undefined, base: string): string | null {
  if (!href) return null;
  const h = href.trim();
  if (h === '' || h.startsWith('#') || /^(?:javascript|mailto|tel|data):/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

function linkOf(a: Element, base: string): Link | null {
  const url = resolve(getAttributeValue(a, 'href'), base);
  if (!url) return null;
  const text = squash(textContent(a));
  const title = squash(getAttributeValue(a, 'title') ?? '');
  // Lists cut long titles (…年度报告…); the title attribute keeps them whole.
  return { url, text: title.length > text.length ? title : text || title };
}

const DATE = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;
const DATE_LABEL = /(?:发布(?:时间|日期)|成文日期|公开日期|日期|时间)\s*[:：]?\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})/;

function isoDate(s: string): string | null {
  const m = DATE.exec(s);
  if (!m) return null;
  const [, y, mo, d] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  return `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
}

function metaContent(dom: AnyNode[], names: string[]): string | null {
  for (const m of selectAll<AnyNode, Element>('meta', dom)) {
    const name = (getAttributeValue(m, 'name') ?? getAttributeValue(m, 'property') ?? '').toLowerCase();
    if (names.includes(name)) {
      const c = getAttributeValue(m, 'content');
      if (c?.trim()) return c.trim();
    }
  }
  return null;
}

/**
 * TRS/WCM sites write their pager in script: createPageHTML(total, current, "index", "html")
 * gives index.html, index_1.html … index_{total-1}.html.
 */
function scriptedPages(html: string, base: string): string[] {
  const out: string[] = [];
  const re = /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]/g;
  for (const m of html.matchAll(re)) {
    const total = Math.min(Number(m[1]), 500);
    for (let i = 0; i < total; i++) {
      const url = resolve(i === 0 ? `${m[3]}.${m[4]}` : `${m[3]}_${i}.${m[4]}`, base);
      if (url) out.push(url);
    }
  }
  return out;
}

/** A link to another page of the same list: 下一页, a page number, or the list's own URL pattern. */
function isPageLink(link: Link, base: URL): boolean {
  const text = link.text.replace(/\s+/g, '');
  if (NEXT_TEXT.test(text) || PAGE_NUMBER.test(text) || text === '尾页' || text === '末页') {
    const u = new URL(link.url);
    return u.host === base.host;
  }
  return false;
}

export function readPage(html: string, url: string, rule?: HostRule): PageInfo {
  const dom = parseDocument(html, { decodeEntities: true }).children;
  const base = new URL(url);
  const scope = (sel: string | undefined): AnyNode[] => (sel ? selectAll<AnyNode, Element>(sel, dom) : dom);
  const anchors = (sel: string | undefined): Link[] => {
    const out: Link[] = [];
    for (const root of scope(sel)) {
      const as = root.type === 'tag' && (root as Element).name === 'a' ? [root as Element] : selectAll<AnyNode, Element>('a[href]', root);
      for (const a of as) {
        const l = linkOf(a, url);
        if (l) out.push(l);
      }
    }
    return out;
  };

  const titleEl = rule?.title ? selectOne(rule.title, dom) : null;
  const title = squash(
    (titleEl && textContent(titleEl)) ||
      metaContent(dom, ['articletitle', 'og:title', 'title']) ||
      textContent(selectOne('h1', dom) ?? selectOne('title', dom) ?? []) ||
      '',
  );

  const dateEl = rule?.date ? selectOne(rule.date, dom) : null;
  const shown = dateEl ? textContent(dateEl) : null;
  const metaDate = metaContent(dom, ['pubdate', 'publishdate', 'firstpublishedtime', 'article:published_time']);
  const bodyText = textContent(dom);
  const published = (shown && isoDate(shown)) ?? (metaDate && isoDate(metaDate)) ?? isoDate(DATE_LABEL.exec(bodyText)?.[1] ?? '');

  const all = anchors(undefined);
  // A rule's items are report links by the site's own markup, whatever their text (查看, 详情…); the year is read from the page.
  const reports = dedupe(anchors(rule?.item).filter((l) => rule?.item ? true : isReportTitle(l.text) && !ATTACHMENT.test(new URL(l.url).pathname)));
  const pageLinks = rule?.next ? anchors(rule.next).map((l) => l.url) : all.filter((l) => isPageLink(l, base)).map((l) => l.url);
  const pages = [...new Set([...pageLinks, ...scriptedPages(html, url)])].filter((p) => p !== url);
  const attachments = dedupe(
    anchors(rule?.attachment).filter((l) => Boolean(rule?.attachment) || ATTACHMENT.test(new URL(l.url).pathname) || /\.(pdf|docx?|wps|xlsx?)$/i.test(l.text)),
  );
  return { title, published, reports, pages, attachments };
}

function dedupe(links: Link[]): Link[] {
  const seen = new Map<string, Link>();
  for (const l of links) {
    const had = seen.get(l.url);
    if (!had || l.text.length > had.text.length) seen.set(l.url, l);
  }
  return [...seen.values()];
}

/** The report title a link or page gives, compared without spaces. */
export const titleKey = (s: string) => normalizeTitle(s);

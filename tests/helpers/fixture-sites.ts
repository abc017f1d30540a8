/**
 * Three government websites on 127.0.0.1, modelled on the CMS shapes 年报 columns come in, for
 * `gongkai fetch` tests (never a real site):
 * - A: static `index.html`, `index_1.html`… pagination written by a TRS-style createPageHTML script,
 *   relative links, titles cut short in the list (whole in the title attribute), robots.txt
 *   disallowing a folder, a notice *about* the reports and unrelated news in the same list;
 * - B: query-string pagination (`list.jsp?page=2`), GBK list and report pages (charset in the
 *   header for one, only in a <meta> for the other);
 * - C: list items open a detail page that links its report as PDF and DOCX attachments; one report
 *   published twice under two URLs with the same bytes.
 * Every request is logged with its time, so tests can check politeness and count fetches.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { renderReport, seededRng, randomReport } from '../../src/synth/index.ts';

export interface Served {
  path: string;
  at: number;
}

export interface FixtureSite {
  origin: string;
  seed: string;
  log: Served[];
  /** URLs `gongkai fetch --years 2021-2023` must save, with the kind and year of each. */
  expected: { url: string; kind: 'page' | 'attachment'; year: number }[];
  /** URLs it must never request. */
  forbidden: string[];
  close(): Promise<void>;
}

type Route = { type: string; body: Uint8Array | string };

async function serve(routes: Map<string, Route>, seedPath: string): Promise<Omit<FixtureSite, 'expected' | 'forbidden'>> {
  const log: Served[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    log.push({ path, at: Date.now() });
    const r = routes.get(path);
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return void res.end('<h1>404</h1>');
    }
    res.writeHead(200, { 'content-type': r.type });
    res.end(typeof r.body === 'string' ? r.body : Buffer.from(r.body));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, seed: origin + seedPath, log, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

const report = (seed: number, year: number, org: string, encoding: 'utf8' | 'gb18030' = 'utf8') => {
  const r = randomReport(seededRng(seed), { year, layout: 'html', encoding, script: 'simplified' });
  return renderReport({ ...r, org }).bytes;
};

const list = (items: string, extra = '') =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><div class="nav"><a href="/">首页</a></div>
<ul class="list">${items}</ul>${extra}</body></html>`;

const li = (href: string, title: string, date: string, cut = false) =>
  `<li><a href="${href}" title="${title}" target="_blank">${cut && title.length > 16 ? title.slice(0, 16) + '…' : title}</a><span>${date}</span></li>`;

/** Report page: the CMS wraps the report's HTML in its own page and gives title and date in <meta>. */
function wrap(reportHtml: string, title: string, date: string): string {
  const head = `<meta name="ArticleTitle" content="${title}"><meta name="PubDate" content="${date} 09:30">`;
  return reportHtml.includes('<head>') ? reportHtml.replace('<head>', `<head>${head}`) : `<html><head>${head}</head><body>${reportHtml}</body></html>`;
}

export async function siteA(): Promise<FixtureSite> {
  const routes = new Map<string, Route>();
  const org = '甲市人民政府';
  const years = [2024, 2023, 2022, 2021, 2020];
  const items = years.map((y, i) => ({ y, href: `./${y + 1}01/t${y + 1}0115_${i}.html`, title: `${org}${y}年政府信息公开工作年度报告`, date: `${y + 1}-01-15` }));
  const pages = [
    [items[0]!, { notice: true }, items[1]!],
    [items[2]!, { news: true }, items[3]!],
    [items[4]!, { priv: true }],
  ] as const;
  pages.forEach((page, p) => {
    const body = page
      .map((it) =>
        'notice' in it
          ? li('./202312/t20231201_9.html', '关于做好2023年政府信息公开工作年度报告编制和发布工作的通知', '2023-12-01')
          : 'news' in it
            ? li('./202311/t20231101_8.html', '甲市召开2023年政务公开工作推进会', '2023-11-01')
            : 'priv' in it
              ? li('/gkml/private/t1.html', `${org}2022年政府信息公开工作年度报告（内部）`, '2023-01-02')
              : li(it.href, it.title, it.date, true),
      )
      .join('');
    const pager = `<div class="page"><script>createPageHTML(3, ${p}, "index", "html");</script>${p === 0 ? '<a href="index_1.html">下一页</a>' : ''}</div>`;
    routes.set(`/gkml/nb/${p === 0 ? 'index' : `index_${p}`}.html`, { type: 'text/html; charset=utf-8', body: list(body, pager) });
  });
  items.forEach((it, i) => {
    const html = new TextDecoder().decode(report(100 + i, it.y, org));
    routes.set(`/gkml/nb/${it.href.slice(2)}`, { type: 'text/html; charset=utf-8', body: wrap(html, it.title, it.date) });
  });
  routes.set('/gkml/nb/202312/t20231201_9.html', { type: 'text/html', body: '<html><body>通知全文</body></html>' });
  routes.set('/gkml/private/t1.html', { type: 'text/html', body: '<html><body>内部</body></html>' });
  routes.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /gkml/private/\n' });
  const s = await serve(routes, '/gkml/nb/index.html');
  return {
    ...s,
    expected: items.filter((it) => it.y >= 2021 && it.y <= 2023).map((it) => ({ url: `${s.origin}/gkml/nb/${it.href.slice(2)}`, kind: 'page' as const, year: it.y })),
    forbidden: [`${s.origin}/gkml/private/t1.html`, `${s.origin}/gkml/nb/202312/t20231201_9.html`, `${s.origin}/gkml/nb/202311/t20231101_8.html`],
  };
}

export async function siteB(): Promise<FixtureSite> {
  const routes = new Map<string, Route>();
  const org = '乙县人民政府';
  const gbk = (s: string) => iconv.encode(s, 'gbk');
  const years = [2023, 2022, 2021, 2019];
  years.forEach((y, i) => {
    const bytes = report(200 + i, y, org, 'gb18030');
    const html = iconv.decode(Buffer.from(bytes), 'gb18030').replace('<head>', '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
    routes.set(`/art.jsp?id=${i + 1}`, { type: 'text/html', body: wrap(html, `${org}${y}年政府信息公开工作年度报告`, `${y + 1}-01-20`).replace(/<meta charset="utf-8">/i, '') });
  });
  // wrap() is Unicode: encode each report page in GBK now that its text is final.
  for (const [k, r] of routes) routes.set(k, { ...r, body: gbk(String(r.body)) });
  const pageOf = (n: number, ids: number[]) =>
    gbk(
      `<html><head><title>年报</title></head><body><table>${ids
        .map((id) => `<tr><td><a href="art.jsp?id=${id}">${org}${years[id - 1]}年政府信息公开工作年度报告</a></td><td>${years[id - 1]! + 1}-01-20</td></tr>`)
        .join('')}<tr><td><a href="art.jsp?id=99">乙县${n === 1 ? '2023年第一季度' : '2022年'}重点工作通报</a></td></tr></table>
      <div>${[1, 2].map((k) => `<a href="list.jsp?page=${k}">${k}</a>`).join(' ')} ${n < 2 ? `<a href="list.jsp?page=${n + 1}">下一页</a>` : ''}</div></body></html>`,
    );
  routes.set('/list.jsp?page=1', { type: 'text/html; charset=GBK', body: pageOf(1, [1, 2]) });
  routes.set('/list.jsp?page=2', { type: 'text/html; charset=GBK', body: pageOf(2, [3, 4]) });
  const s = await serve(routes, '/list.jsp?page=1');
  return {
    ...s,
    expected: [0, 1, 2].map((i) => ({ url: `${s.origin}/art.jsp?id=${i + 1}`, kind: 'page' as const, year: years[i]! })),
    forbidden: [`${s.origin}/art.jsp?id=4`, `${s.origin}/art.jsp?id=99`],
  };
}

export async function siteC(): Promise<FixtureSite> {
  const routes = new Map<string, Route>();
  const org = '丙区人民政府';
  const years = [2023, 2022, 2021];
  const expected: { path: string; kind: 'page' | 'attachment'; year: number }[] = [];
  years.forEach((y, i) => {
    const title = `${org}${y}年度政府信息公开工作年度报告`;
    const pdf = `/files/${y}-${i}.pdf`;
    const docx = `/files/${y}-${i}.docx`;
    // One report is published again under a second URL with the same bytes.
    const links = [pdf, docx, ...(i === 0 ? [`/files/${y}-${i}-copy.pdf`] : [])];
    routes.set(`/content/${i}.html`, {
      type: 'text/html; charset=utf-8',
      body: `<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>发布时间：${y + 1}年1月${10 + i}日</p>
        <p>详见附件。</p><div class="attach">${links.map((l) => `<a href="${l}">附件：${title}${l.slice(l.lastIndexOf('.'))}</a>`).join('<br>')}</div></body></html>`,
    });
    const pdfBytes = new TextEncoder().encode(`%PDF-1.4\n% fixture ${y} ${i}\n` + 'x'.repeat(200 + i));
    routes.set(pdf, { type: 'application/pdf', body: pdfBytes });
    if (i === 0) routes.set(`/files/${y}-${i}-copy.pdf`, { type: 'application/pdf', body: pdfBytes });
    routes.set(docx, { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', body: new Uint8Array([0x50, 0x4b, 3, 4, y & 255, i]) });
    expected.push({ path: `/content/${i}.html`, kind: 'page', year: y }, ...links.map((l) => ({ path: l, kind: 'attachment' as const, year: y })));
  });
  routes.set('/nianbao/', {
    type: 'text/html; charset=utf-8',
    body: list(years.map((y, i) => li(`/content/${i}.html`, `${org}${y}年度政府信息公开工作年度报告`, `${y + 1}-01-1${i}`)).join('') + li('/content/x.html', '丙区2023年政府信息公开工作年度报告模板', '2023-12-01')),
  });
  const s = await serve(routes, '/nianbao/');
  return { ...s, expected: expected.map((e) => ({ url: s.origin + e.path, kind: e.kind, year: e.year })), forbidden: [`${s.origin}/content/x.html`] };
}

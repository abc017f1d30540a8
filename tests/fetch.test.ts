/**
 * `gongkai fetch` against fixture sites on 127.0.0.1 (tests/helpers/fixture-sites.ts), never a real
 * site: what it saves, its manifest, politeness, refusals, resuming after a SIGKILL, and the build
 * carrying the source URLs into the dataset.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoliteClient } from '../src/fetch/http.ts';
import { readJournal, type Manifest } from '../src/fetch/manifest.ts';
import { readPage } from '../src/fetch/page.ts';
import { loadRules } from '../src/fetch/rules.ts';
import { isReportTitle, parseYears, titleYear } from '../src/fetch/titles.ts';
import { type FixtureSite, siteA, siteB, siteC } from './helpers/fixture-sites.ts';

const BIN = join(import.meta.dirname, '../bin/gongkai.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'gongkai-fetch-'));

/** The CLI in a child process; asynchronous, because the fixture servers run in this one. */
function gongkai(args: string[], timeout = 60_000): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
  return new Promise((ok) => child.on('close', (status) => (clearTimeout(timer), ok({ status, stderr }))));
}

/** Every file under dir (dot-folders included) with its bytes' hash. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const p = join(dir, f);
    if (!statSync(p).isFile() || f.startsWith('.gongkai-fetch') || f === 'fetch-report.json' || f === 'manifest.json') continue;
    out[f] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
/** The manifest without the fetch times, which differ between runs. */
const stable = (m: Manifest) => m.files.map(({ fetched_at: _, ...rest }) => rest);

describe('report titles', () => {
  it('tells reports from notices about them, and reads the year in every spelling', () => {
    for (const t of ['南昌市人民政府2023年政府信息公开工作年度报告', '市教育局2022年度政府信息公开工作年度报告', '关于公布某县2021年政府信息公开年报的公告', '某镇 2 0 2 4 年政府信息公开工作年度报告', '某区２０２３年政府信息公开工作年度报告', '二〇二二年政务公开工作年度报告'])
      expect(isReportTitle(t), t).toBe(true);
    for (const t of ['关于做好2023年政府信息公开工作年度报告编制和发布工作的通知', '2023年政府信息公开工作年度报告模板', '某市召开2023年政务公开工作推进会', '2022年政府信息公开工作年度报告解读'])
      expect(isReportTitle(t), t).toBe(false);
    expect(titleYear('某镇 2 0 2 4 年政府信息公开工作年度报告')).toBe(2024);
    expect(titleYear('某区２０２３年政府信息公开工作年度报告')).toBe(2023);
    expect(titleYear('二〇二二年政务公开工作年度报告')).toBe(2022);
    expect(titleYear('政府信息公开工作年度报告')).toBeNull();
    expect(parseYears('2019-2025')).toEqual({ from: 2019, to: 2025 });
    expect(parseYears('2023')).toEqual({ from: 2023, to: 2023 });
    expect(() => parseYears('2025-2019')).toThrow(/before/);
  });

  it('reads a list page: whole titles from the title attribute, pages from links and from the pager script', () => {
    const info = readPage(
      `<ul><li><a href="./a.html" title="甲市2023年政府信息公开工作年度报告">甲市2023年政府信息…</a></li>
       <li><a href="javascript:void(0)">甲市2022年政府信息公开工作年度报告</a></li></ul>
       <script>createPageHTML(3, 0, "index", "html");</script><a href="list?page=2">下一页</a>`,
      'http://x.gov.cn/nb/index.html',
    );
    expect(info.reports).toEqual([{ url: 'http://x.gov.cn/nb/a.html', text: '甲市2023年政府信息公开工作年度报告' }]);
    expect(info.pages.sort()).toEqual(['http://x.gov.cn/nb/index_1.html', 'http://x.gov.cn/nb/index_2.html', 'http://x.gov.cn/nb/list?page=2']);
  });
});

describe('per-host rules', () => {
  it('read a list whose report links say only 查看, and validate the rule file', () => {
    const html = `<div class="news"><a href="/x/1.html">某县2023年政府信息公开工作年度报告</a></div>
      <div class="row"><span>某县2022年政府信息公开工作年度报告</span><a class="more" href="/nb/2.html">查看</a></div>
      <div class="fy"><a class="go" href="/nb/list_2.html">&gt;&gt;</a></div><div class="fj"><a href="/down?id=7">附件下载</a></div>`;
    const rule = { item: '.row a.more', next: '.fy a.go', attachment: '.fj a' };
    const info = readPage(html, 'http://x.gov.cn/nb/', rule);
    expect(info.reports.map((r) => r.url)).toEqual(['http://x.gov.cn/nb/2.html']);
    expect(info.pages).toEqual(['http://x.gov.cn/nb/list_2.html']);
    expect(info.attachments.map((a) => a.url)).toEqual(['http://x.gov.cn/down?id=7']);
    // Without the rule the same page gives the titled link and no pages.
    const plain = readPage(html, 'http://x.gov.cn/nb/');
    expect(plain.reports.map((r) => r.url)).toEqual(['http://x.gov.cn/x/1.html']);
    expect(plain.pages).toEqual([]);
    const dir = tmp();
    try {
      const f = join(dir, 'rules.json');
      writeFileSync(f, JSON.stringify({ 'x.gov.cn': rule }));
      expect(loadRules(f).get('x.gov.cn')).toEqual(rule);
      writeFileSync(f, JSON.stringify({ 'x.gov.cn': { item: 'ul >> li' } }));
      expect(() => loadRules(f)).toThrow(/x\.gov\.cn\.item: invalid selector/);
      writeFileSync(f, JSON.stringify({ 'x.gov.cn': { items: 'li a' } }));
      expect(() => loadRules(f)).toThrow(/unknown key 'items'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('gongkai fetch on three fixture sites', () => {
  let sites: FixtureSite[];
  let dir: string;
  let out: string;
  let run: Awaited<ReturnType<typeof gongkai>>;
  beforeAll(async () => {
    sites = [await siteA(), await siteB(), await siteC()];
    dir = tmp();
    writeFileSync(join(dir, 'seeds.txt'), sites.map((s, i) => (i === 1 ? `${s.seed}\t乙县人民政府\t360101` : s.seed)).join('\n') + '\n');
    out = join(dir, 'out');
    run = await gongkai(['fetch', join(dir, 'seeds.txt'), out, '--years', '2021-2023', '--delay', '0.01']);
  }, 90_000);
  afterAll(async () => {
    for (const s of sites) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves exactly the reports and attachments of the years asked, with their provenance', () => {
    expect(run.status, run.stderr).toBe(0);
    const m = manifestOf(out);
    const want = sites.flatMap((s) => s.expected);
    expect(m.files.map((f) => f.url).sort()).toEqual(want.map((w) => w.url).sort());
    for (const w of want) {
      const e = m.files.find((f) => f.url === w.url)!;
      expect(e.kind, w.url).toBe(w.kind);
      expect(e.year, w.url).toBe(w.year);
      expect(e.status).toBe(200);
      expect(e.content_type).toBeTruthy();
      expect(e.title).toMatch(new RegExp(`${w.year}年`));
      expect(e.published, w.url).toMatch(new RegExp(`^${w.year + 1}-01-\\d\\d$`));
      expect(new Date(e.fetched_at).getTime()).toBeGreaterThan(Date.now() - 120_000);
      const bytes = readFileSync(join(out, e.file));
      expect(bytes.length).toBe(e.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(e.sha256);
      expect(e.file).toMatch(new RegExp(`^(?:\\.pages/)?127\\.0\\.0\\.1_\\d+/${w.year}/[^/]+\\.(html|pdf|docx)$`));
    }
    // The seed's body and region code travel with its files.
    expect(m.files.filter((f) => f.seed === sites[1]!.seed).every((f) => f.org === '乙县人民政府' && f.region_code === '360101')).toBe(true);
    // GBK pages: titles read right.
    expect(m.files.find((f) => f.seed === sites[1]!.seed)!.title).toContain('乙县人民政府');
  });

  it('stores a report published twice once, and never requests what it must not', () => {
    const m = manifestOf(out);
    const copies = m.files.filter((f) => f.duplicate_of);
    expect(copies).toHaveLength(1);
    expect(copies[0]!.file).toBe(m.files.find((f) => f.url === copies[0]!.duplicate_of)!.file);
    const requested = new Set(sites.flatMap((s) => s.log.map((l) => s.origin + l.path)));
    for (const s of sites) for (const f of s.forbidden) expect(requested.has(f), f).toBe(false);
    // Every file URL was fetched once.
    for (const s of sites) {
      const files = s.log.filter((l) => s.expected.some((e) => e.url === s.origin + l.path));
      expect(files.length).toBe(new Set(files.map((f) => f.path)).size);
    }
  });

  it('reports what it did per host, robots.txt refusals as skipped', () => {
    const report = JSON.parse(readFileSync(join(out, 'fetch-report.json'), 'utf8')) as { hosts: { host: string; skipped: { reason: string }[]; failed: unknown[] }[] };
    expect(report.hosts).toHaveLength(3);
    const a = report.hosts.find((h) => sites[0]!.origin.endsWith(h.host))!;
    expect(a.skipped.some((s) => /robots\.txt/.test(s.reason))).toBe(true);
    expect(report.hosts.every((h) => h.failed.length === 0)).toBe(true);
    expect(run.stderr).toMatch(/reports found/);
  });

  it('fetches nothing again on a rerun, and --update stops at the first page with nothing new', async () => {
    const before = sites.map((s) => s.log.length);
    const again = await gongkai(['fetch', join(dir, 'seeds.txt'), out, '--years', '2021-2023', '--delay', '0.01', '--update']);
    expect(again.status, again.stderr).toBe(0);
    const newRequests = sites.flatMap((s, i) => s.log.slice(before[i]).map((l) => l.path));
    // Only robots.txt and the first list page of each column.
    expect(newRequests.sort()).toEqual(['/gkml/nb/index.html', '/list.jsp?page=1', '/nianbao/', '/robots.txt', '/robots.txt', '/robots.txt']);
    expect(stable(manifestOf(out))).toHaveLength(manifestOf(out).files.length);
  });

  it('lets gongkai build publish the reports with their source URLs', async () => {
    const ds = join(dir, 'dataset');
    const b = await gongkai(['build', out, ds], 120_000);
    expect([0, 1]).toContain(b.status);
    const db = await (await DuckDBInstance.create()).connect();
    const rows = (
      await db.runAndReadAll(
        `SELECT s.url FROM read_parquet('${ds}/reports/**/*.parquet', hive_partitioning = false) r JOIN read_parquet('${ds}/sources.parquet') s USING (file) ORDER BY 1`,
      )
    ).getRows().map((r) => String(r[0]));
    const pages = sites.flatMap((s) => s.expected).filter((e) => e.kind === 'page' && !e.url.includes('/content/')).map((e) => e.url).sort();
    expect(rows).toEqual(pages);
    // Every saved file is an input of the build and has its source.
    const sources = (await db.runAndReadAll(`SELECT count(DISTINCT file) FROM read_parquet('${ds}/sources.parquet')`)).getRows()[0]![0];
    const inputs = (await db.runAndReadAll(`SELECT count(*) FROM read_parquet('${ds}/inputs.parquet')`)).getRows()[0]![0];
    expect(Number(sources)).toBe(Number(inputs));
  }, 150_000);
});

/** A server whose behaviour each test sets, logging request times. */
async function misbehaving(handler: (path: string, res: import('node:http').ServerResponse, n: number) => void) {
  const log: { path: string; at: number; ua: string }[] = [];
  const server = createServer((req, res) => {
    log.push({ path: req.url ?? '', at: Date.now(), ua: req.headers['user-agent'] ?? '' });
    if (req.url === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('User-agent: *\nDisallow: /private\n');
    }
    handler(req.url ?? '', res, log.filter((l) => l.path === req.url).length);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, log, close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }) };
}

describe('the polite client', () => {
  it('obeys robots.txt, keeps the delay per host and names itself', async () => {
    const s = await misbehaving((_p, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('ok');
    });
    const server = s;
    const c = new PoliteClient({ delayMs: 150 });
    const got = await Promise.all(['/a', '/b', '/c', '/private/x'].map((p) => c.get(server.origin + p)));
    expect(got.map((g) => g.ok)).toEqual([true, true, true, false]);
    expect(!got[3]!.ok && got[3]!.code).toBe('robots');
    const times = server.log.map((l) => l.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, `gap ${i}`).toBeGreaterThanOrEqual(145);
    expect(server.log.some((l) => l.path === '/private/x')).toBe(false);
    expect(server.log.every((l) => /^Gongkai\/[\d.]+ \(\+https?:\/\/.+\)/.test(l.ua))).toBe(true);
    await s.close();
  });

  it('retries 429 with back-off, gives up on a hanging server, refuses redirect loops and 50 MB', async () => {
    const s = await misbehaving((p, res, n) => {
      if (p === '/busy') {
        if (n === 1) {
          res.writeHead(429, { 'retry-after': '0' });
          return void res.end();
        }
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('finally');
      }
      if (p === '/hang') return; // never answers
      if (p === '/loop-a') return void res.writeHead(302, { location: '/loop-b' }).end();
      if (p === '/loop-b') return void res.writeHead(302, { location: '/loop-a' }).end();
      if (p === '/huge') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        const chunk = Buffer.alloc(1024 * 1024, 120);
        let sent = 0;
        const more = () => {
          while (sent < 50 && res.write(chunk)) sent++;
          if (sent >= 50) res.end();
          else res.once('drain', () => { sent++; more(); });
        };
        return void more();
      }
      res.writeHead(404).end();
    });
    const c = new PoliteClient({ delayMs: 0, backoffMs: 100, timeoutMs: 500, retries: 2 });
    const busy = await c.get(s.origin + '/busy');
    expect(busy.ok && new TextDecoder().decode(busy.body)).toBe('finally');
    const busyTimes = s.log.filter((l) => l.path === '/busy').map((l) => l.at);
    expect(busyTimes[1]! - busyTimes[0]!).toBeGreaterThanOrEqual(95);
    const hang = await new PoliteClient({ delayMs: 0, timeoutMs: 300, retries: 0 }).get(s.origin + '/hang');
    expect(!hang.ok && hang.code).toBe('timeout');
    const loop = await c.get(s.origin + '/loop-a');
    expect(!loop.ok && loop.code).toBe('redirect_loop');
    // A generous time-out: this must stop on size, however slow the machine streams.
    const huge = await new PoliteClient({ delayMs: 0, timeoutMs: 20_000, retries: 0 }).get(s.origin + '/huge');
    expect(!huge.ok && huge.code).toBe('too_large');
    expect(!huge.ok && huge.reason).toMatch(/40 MB/);
    const missing = await c.get(s.origin + '/nothing');
    expect(!missing.ok && missing.status).toBe(404);
    await s.close();
  }, 30_000);
});

describe('an interrupted gongkai fetch', () => {
  it('finishes after a SIGKILL with the same folder and manifest as an uninterrupted run, fetching no saved file twice', async () => {
    const sites = [await siteA(), await siteB(), await siteC()];
    const dir = tmp();
    try {
      const seeds = join(dir, 'seeds.txt');
      writeFileSync(seeds, sites.map((s) => s.seed).join('\n') + '\n');
      const whole = join(dir, 'whole');
      expect((await gongkai(['fetch', seeds, whole, '--years', '2021-2023', '--delay', '0.01'])).status).toBe(0);

      const cut = join(dir, 'cut');
      const child = spawn(process.execPath, [BIN, 'fetch', seeds, cut, '--years', '2021-2023', '--delay', '0.05'], { stdio: 'ignore' });
      // Kill once a few files have landed.
      await new Promise<void>((ok) => {
        const t = setInterval(() => {
          if (readJournal(cut).length >= 5) {
            clearInterval(t);
            child.kill('SIGKILL');
            ok();
          }
        }, 5);
      });
      await new Promise((ok) => child.on('exit', ok));
      const savedBeforeKill = new Set(readJournal(cut).map((e) => e.url));
      expect(savedBeforeKill.size).toBeGreaterThanOrEqual(5);
      expect(existsSync(join(cut, 'manifest.json'))).toBe(false);
      const resumeMarks = sites.map((s) => s.log.length);
      const resumed = await gongkai(['fetch', seeds, cut, '--years', '2021-2023', '--delay', '0.01']);
      expect(resumed.status, resumed.stderr).toBe(0);

      expect(tree(cut)).toEqual(tree(whole));
      expect(stable(manifestOf(cut))).toEqual(stable(manifestOf(whole)));
      // The resumed run asked for no file the killed one had saved.
      const askedAgain = sites.flatMap((s, i) => s.log.slice(resumeMarks[i]).map((l) => s.origin + l.path)).filter((u) => savedBeforeKill.has(u));
      expect(askedAgain).toEqual([]);
    } finally {
      for (const s of sites) await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * A polite HTTP client for government sites: robots.txt obeyed, one request at a time per host with a
 * delay between them, a User-Agent naming Gongkai, back-off and retries on 429/5xx and network errors,
 * time-outs on slow servers, a cap on redirects and on response size. Every refusal is a result with a
 * reason, never an exception, so one bad URL never stops a collection.
 */
import robotsParser from 'robots-parser';

export const USER_AGENT = 'Gongkai/0.1 (+https://github.com/gongkai/gongkai; collects government information disclosure annual reports)';

export interface ClientOptions {
  /** Minimum time between two requests to the same host. */
  delayMs: number;
  /** Whole-request time-out, headers and body. */
  timeoutMs: number;
  retries: number;
  /** First back-off; doubled each retry (a Retry-After header, capped, wins). */
  backoffMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent?: string;
  /** Called for every request sent, for the report and progress. */
  onRequest?: (url: string) => void;
}

export const DEFAULT_CLIENT: ClientOptions = {
  delayMs: 1000,
  timeoutMs: 30_000,
  retries: 3,
  backoffMs: 2000,
  maxBytes: 40 * 1024 * 1024,
  maxRedirects: 5,
};

export type Fetched =
  | { ok: true; url: string; finalUrl: string; status: number; contentType: string | null; body: Uint8Array }
  | { ok: false; url: string; status: number | null; reason: string; code: FetchFailure };

export type FetchFailure = 'robots' | 'http_status' | 'timeout' | 'too_large' | 'redirect_loop' | 'too_many_redirects' | 'network' | 'bad_url';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

interface HostState {
  /** Requests to this host run one after another: each waits for the previous one. */
  tail: Promise<unknown>;
  last: number;
  robots?: Promise<{ isAllowed(url: string, ua?: string): boolean | undefined } | null>;
}

export class PoliteClient {
  private hosts = new Map<string, HostState>();
  readonly opts: ClientOptions;
  constructor(opts: Partial<ClientOptions> = {}) {
    this.opts = { ...DEFAULT_CLIENT, ...opts };
  }

  private host(url: URL): HostState {
    let h = this.hosts.get(url.host);
    if (!h) this.hosts.set(url.host, (h = { tail: Promise.resolve(), last: 0 }));
    return h;
  }

  /** Runs `task` in the host's queue, no sooner than delayMs after the host's previous request. */
  private queued<T>(url: URL, task: () => Promise<T>): Promise<T> {
    const h = this.host(url);
    const run = h.tail.then(async () => {
      const wait = h.last + this.opts.delayMs - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await task();
      } finally {
        h.last = Date.now();
      }
    });
    h.tail = run.catch(() => undefined);
    return run;
  }

  private robots(url: URL) {
    const h = this.host(url);
    h.robots ??= (async () => {
      const robotsUrl = `${url.protocol}//${url.host}/robots.txt`;
      const got = await this.queued(url, () => this.once(robotsUrl, 512 * 1024));
      // No robots.txt (or an unreadable one) allows everything; a server error is taken the same way.
      if (!got.ok) return null;
      return robotsParser(robotsUrl, new TextDecoder().decode(got.body));
    })();
    return h.robots;
  }

  async allowed(url: string): Promise<boolean> {
    const robots = await this.robots(new URL(url));
    return robots?.isAllowed(url, this.ua) !== false;
  }

  private get ua() {
    return this.opts.userAgent ?? USER_AGENT;
  }

  async get(url: string): Promise<Fetched> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return { ok: false, url, status: null, code: 'bad_url', reason: `不是有效的网址：${url}` };
    }
    if (!(await this.allowed(url))) return { ok: false, url, status: null, code: 'robots', reason: `robots.txt 不允许抓取 ${u.pathname}` };
    let backoff = this.opts.backoffMs;
    for (let attempt = 0; ; attempt++) {
      const got = await this.queued(u, () => this.follow(url));
      const retriable = got.ok ? false : got.code === 'timeout' || got.code === 'network' || (got.status !== null && RETRY_STATUS.has(got.status));
      if (!retriable || attempt >= this.opts.retries) return got;
      const after = !got.ok && 'retryAfter' in got ? (got as { retryAfter?: number }).retryAfter : undefined;
      await sleep(Math.min(after ?? backoff, 60_000));
      backoff *= 2;
    }
  }

  /** One request and its redirects (each redirect target checked against robots.txt too). */
  private async follow(url: string): Promise<Fetched & { retryAfter?: number }> {
    const seen = new Set<string>([url]);
    let current = url;
    for (let hop = 0; ; hop++) {
      const got = await this.once(current, this.opts.maxBytes);
      if (got.ok || got.location === undefined) return { ...got, url };
      if (hop >= this.opts.maxRedirects)
        return { ok: false, url, status: got.status, code: 'too_many_redirects', reason: `重定向超过 ${this.opts.maxRedirects} 次` };
      const next = new URL(got.location, current).href;
      if (seen.has(next)) return { ok: false, url, status: got.status, code: 'redirect_loop', reason: `重定向循环：${next}` };
      seen.add(next);
      if (!(await this.allowed(next))) return { ok: false, url, status: null, code: 'robots', reason: `robots.txt 不允许抓取重定向目标 ${next}` };
      current = next;
    }
  }

  private async once(url: string, maxBytes: number): Promise<(Fetched & { retryAfter?: number; location?: string })> {
    this.opts.onRequest?.(url);
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.opts.timeoutMs);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: ctl.signal, headers: { 'user-agent': this.ua, accept: '*/*' } });
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        return { ok: false, url, status: res.status, code: 'http_status', reason: `重定向 ${res.status}`, location: res.headers.get('location')! };
      }
      if (!res.ok) {
        await res.body?.cancel();
        const ra = Number(res.headers.get('retry-after'));
        return { ok: false, url, status: res.status, code: 'http_status', reason: `服务器返回 HTTP ${res.status}`, retryAfter: Number.isFinite(ra) && ra > 0 ? ra * 1000 : undefined };
      }
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body?.cancel();
        return { ok: false, url, status: res.status, code: 'too_large', reason: tooLarge(maxBytes) };
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      const reader = res.body?.getReader();
      if (reader)
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > maxBytes) {
            await reader.cancel();
            return { ok: false, url, status: res.status, code: 'too_large', reason: tooLarge(maxBytes) };
          }
          chunks.push(value);
        }
      const body = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        body.set(c, at);
        at += c.byteLength;
      }
      return { ok: true, url, finalUrl: url, status: res.status, contentType: res.headers.get('content-type'), body };
    } catch (e) {
      if (ctl.signal.aborted) return { ok: false, url, status: null, code: 'timeout', reason: `${Math.round(this.opts.timeoutMs / 1000)} 秒内没有完成，已放弃` };
      return { ok: false, url, status: null, code: 'network', reason: `网络错误：${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }
}

const tooLarge = (max: number) => `响应超过 ${(max / 1024 / 1024).toFixed(0)} MB 上限，已放弃`;

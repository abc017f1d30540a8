/**
 * PDF files, read with pdf.js (the legacy build, which runs in Node 20 and in browsers): each page's
 * positioned text items are laid out as `pdftotext -layout` lines (pdf-text.ts), and those lines are
 * read by the layout reader like any pdftotext file. Never throws; a file pdf.js cannot use, one
 * without a text layer, an encrypted one and one with no pages each get their own error code.
 *
 * Runs without Node modules on its path: in Node the font data pdf.js may need (CJK cMaps, the 14
 * standard fonts) is found in node_modules/pdfjs-dist; a browser passes URLs of bundled copies with
 * `configurePdf`. pdf.js runs its "worker" in this thread unless a real worker is configured.
 */
import type { ParseIssue } from '../../lib/types.ts';
import { readLayout } from './layout.ts';
import { docGrid, type LinePositions, pageLayout, type PdfTextItem } from './pdf-text.ts';
import type { BinaryRead } from './types.ts';

export interface PdfOptions {
  /** Directory (ending in `/`) of pdf.js's packed cMaps (`pdfjs-dist/cmaps/`). */
  cMapUrl?: string;
  /** Directory (ending in `/`) of pdf.js's standard font data (`pdfjs-dist/standard_fonts/`). */
  standardFontDataUrl?: string;
}

/**
 * Pages read at most: an annual report has 5–30; a 500-page file is not one report's tables. The cap,
 * not a clock, bounds a long file's time (about 10–30 ms a page), so that a busy machine never cuts
 * a good report short.
 */
export const MAX_PAGES = 50;
/**
 * Wall-clock milliseconds a file may take in all: a guard against a page pdf.js never finishes, far
 * above what any report needs even on a loaded machine (the first file of a process also compiles
 * pdf.js's font code). Past it the pages not read are given up with a warning.
 */
export const HANG_LIMIT_MS = 10_000;

let options: PdfOptions | null = null;

/** Where pdf.js finds its cMaps and standard fonts (the browser passes URLs of bundled copies). */
export function configurePdf(o: PdfOptions): void {
  options = { ...o };
}

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

/** In Node: the package's own data directories, found without importing a Node module statically. */
function nodeDefaults(): PdfOptions {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node || typeof proc.getBuiltinModule !== 'function') return {};
  try {
    const { createRequire } = proc.getBuiltinModule('module') as { createRequire: (u: string) => { resolve: (id: string) => string } };
    const { dirname, join, sep } = proc.getBuiltinModule('path') as { dirname: (p: string) => string; join: (...p: string[]) => string; sep: string };
    const dir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return { cMapUrl: join(dir, 'cmaps') + sep, standardFontDataUrl: join(dir, 'standard_fonts') + sep };
  } catch {
    return {};
  }
}

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loading: Promise<Pdfjs> | null = null;

function pdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // No worker configured: run pdf.js's worker code in this thread (its "fake worker"), loaded once
    // here rather than by pdf.js from a path relative to wherever it was bundled.
    const g = globalThis as { pdfjsWorker?: unknown };
    if (!lib.GlobalWorkerOptions.workerPort && !lib.GlobalWorkerOptions.workerSrc && !g.pdfjsWorker)
      g.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    options ??= nodeDefaults();
    return lib;
  })();
  return loading;
}

/** Loads pdf.js now (module and worker code), for a process that will read PDFs under a time budget. */
export const preloadPdf = (): Promise<void> => pdfjs().then(() => undefined);

const issue = (code: string, message: string, level: ParseIssue['level'] = 'error'): ParseIssue => ({ level, code, message });

/** "第 1–3、5 页" for a list of page numbers. */
export function pageList(pages: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    parts.push(j > i ? `${pages[i]}–${pages[j]}` : `${pages[i]}`);
    i = j + 1;
  }
  return `第 ${parts.join('、')} 页`;
}

class Timeout extends Error {}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout()), Math.max(ms, 1));
    }),
  ]).finally(() => clearTimeout(timer));
}

interface PageLike {
  getViewport(o: { scale: number }): { transform: number[] };
  getTextContent(): Promise<{ items: unknown[] }>;
  cleanup(): unknown;
}

interface RawItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  dir?: string;
}

/** pdf.js text items → positioned items in page space, y downwards. */
function itemsOf(lib: Pdfjs, page: PageLike, raw: unknown[]): PdfTextItem[] {
  const vt = page.getViewport({ scale: 1 }).transform;
  const out: PdfTextItem[] = [];
  for (const r of raw as RawItem[]) {
    if (typeof r.str !== 'string' || r.str.trim() === '') continue;
    const m = lib.Util.transform(vt, r.transform) as number[];
    const [a, b, c, d, x, y] = m as [number, number, number, number, number, number];
    const fontSize = Math.hypot(c, d) || Math.hypot(a, b);
    if (r.dir === 'ttb') out.push({ str: r.str, x, y, width: r.height, fontSize, vertical: true });
    else if (Math.abs(b) > Math.abs(a)) {
      // Rotated a quarter turn: down the page when b > 0, up it (last character on top) otherwise.
      out.push({ str: r.str, x, y, width: Math.sign(b) * r.width, fontSize, vertical: true });
    } else out.push({ str: r.str, x, y, width: r.width, fontSize });
  }
  return out;
}

function describe(e: unknown): { name: string; message: string } {
  if (e && typeof e === 'object') {
    const o = e as { name?: unknown; message?: unknown };
    return { name: String(o.name ?? ''), message: String(o.message ?? '') };
  }
  return { name: '', message: String(e) };
}

/** Where a file's time went (for the bench), in milliseconds, added to by each call given it. */
export interface PdfTimings {
  /** Opening the document: parsing its trailer, cross-reference table and page tree. */
  open: number;
  /** pdf.js reading each page's content and text: this is where fonts (and cMaps) are parsed. */
  text: number;
  /** Laying the items out as lines (pdf-text.ts). */
  layout: number;
  pages: number;
}

/**
 * The PDF's pages as `pdftotext -layout` text (a form feed after each page), with where each line's
 * characters print (one entry per line of the text, on one x scale for the document), or why not.
 */
export async function pdfToLayoutText(
  bytes: Uint8Array,
  timings?: PdfTimings,
): Promise<{ ok: true; text: string; positions: LinePositions[]; issues: ParseIssue[]; pages: number } | { ok: false; issue: ParseIssue }> {
  // The limit is the file's own: loading pdf.js itself (once a process) is not counted.
  const lib = await pdfjs();
  const started = Date.now();
  const left = () => HANG_LIMIT_MS - (Date.now() - started);
  // pdf.js takes ownership of (detaches) the buffer it is given: give it a copy.
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    verbosity: lib.VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    cMapUrl: options?.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: options?.standardFontDataUrl,
  });
  try {
    let doc;
    const t0 = performance.now();
    try {
      doc = await within(task.promise, left());
      if (timings) timings.open += performance.now() - t0;
    } catch (e) {
      if (e instanceof Timeout) return { ok: false, issue: issue('pdf_unreadable', `PDF 文件在 ${HANG_LIMIT_MS / 1000} 秒内未能打开，可能已损坏`) };
      const { name, message } = describe(e);
      if (name === 'PasswordException') return { ok: false, issue: issue('pdf_encrypted', 'PDF 文件已加密（需要密码才能打开），无法读取其文字') };
      return { ok: false, issue: issue('pdf_unreadable', `PDF 文件已损坏或不是有效的 PDF，无法读取${message ? `（${message}）` : ''}`) };
    }
    const total = doc.numPages;
    if (total === 0) return { ok: false, issue: issue('pdf_no_pages', 'PDF 文件没有任何页面') };
    const issues: ParseIssue[] = [];
    const wanted = Math.min(total, MAX_PAGES);
    const empty: number[] = [];
    const broken: number[] = [];
    // Each page's items (null: a page pdf.js could not read), laid out once the document's x scale is known.
    const pages: (PdfTextItem[] | null)[] = [];
    let read = 0;
    for (let n = 1; n <= wanted; n++) {
      if (left() <= 0) break;
      try {
        const t1 = performance.now();
        const page = (await within(doc.getPage(n), left())) as unknown as PageLike;
        const content = await within(page.getTextContent(), left());
        const items = itemsOf(lib, page, content.items);
        page.cleanup();
        if (items.length === 0) empty.push(n);
        pages.push(items);
        if (timings) {
          timings.text += performance.now() - t1;
          timings.pages++;
        }
      } catch (e) {
        if (e instanceof Timeout) break;
        broken.push(n);
        pages.push(null);
      }
      read = n;
    }
    const t3 = performance.now();
    const grid = docGrid(pages.filter((p) => p !== null));
    let text = '';
    const positions: LinePositions[] = [];
    for (const items of pages) {
      if (items) {
        const page = pageLayout(items, grid);
        text += page.text;
        positions.push(...page.positions);
      }
      text += '\f';
    }
    if (timings) timings.layout += performance.now() - t3;
    if (read < total)
      issues.push(
        issue(
          'pdf_pages_skipped',
          read < wanted
            ? `PDF 共 ${total} 页，${HANG_LIMIT_MS / 1000} 秒内只读了前 ${read} 页（页面可能已损坏），其余页面未读`
            : `PDF 共 ${total} 页，只读了前 ${MAX_PAGES} 页（年度报告不会这么长），其余页面未读`,
          'warning',
        ),
      );
    const withText = read - empty.length - broken.length;
    if (read > 0 && broken.length === read) return { ok: false, issue: issue('pdf_unreadable', `PDF 文件已损坏：${pageList(broken)}都无法读取`) };
    if (withText === 0 && read > 0)
      return { ok: false, issue: issue('pdf_scanned', `PDF 没有文字层（可能是扫描件），${pageList(empty)}只有图像或图形，需先做文字识别（OCR）`) };
    if (read === 0) return { ok: false, issue: issue('pdf_unreadable', `PDF 文件在 ${HANG_LIMIT_MS / 1000} 秒内未能读出任何一页，可能已损坏`) };
    if (broken.length > 0) issues.push(issue('pdf_pages_unreadable', `PDF 的${pageList(broken)}已损坏，无法读取`, 'warning'));
    if (empty.length > 0) issues.push(issue('pdf_pages_scanned', `PDF 的${pageList(empty)}没有文字层（可能是扫描的图像），其内容未读`, 'warning'));
    return { ok: true, text, positions, issues, pages: total };
  } catch (e) {
    return { ok: false, issue: issue('pdf_unreadable', `读取 PDF 时出错：${describe(e).message}`) };
  } finally {
    // Frees the document and its fonts; errors on destroying a half-open document do not matter.
    void task.destroy().catch(() => undefined);
  }
}

export async function readPdf(bytes: Uint8Array, file: string): Promise<BinaryRead> {
  const got = await pdfToLayoutText(bytes);
  if (!got.ok) return got;
  const read = readLayout(got.text, file, got.positions);
  if (!read) return { ok: true, text: got.text, form: 'lines', issues: got.issues };
  return { ok: true, text: read.text, form: 'lines', issues: [...got.issues, ...read.issues] };
}

/**
 * A Web Worker that reads reports exactly as `gongkai parse` does — the same readers, parser, checks
 * and region placing (analyzeFile), bundled for the browser — so nothing leaves the machine. The
 * gazetteer is part of this worker's bundle: pages load it only when someone imports.
 */
import { analyzeFile } from '../../../analyze.ts';
import { configurePdf } from '../../../parser/readers/pdf.ts';
import type { WorkerRequest, WorkerResponse } from './types.ts';

/** SHA-256 of the bytes (hex), as the build's inputs.hash; its first 16 characters are the report id. */
async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

let configured: string | undefined;

/**
 * Loads every reader's code once, so that the page can parse any form after the network is gone: the
 * chunks land in the browser's cache (they are immutable, hashed files).
 */
async function warm(): Promise<void> {
  await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs'), import('../../../parser/readers/word.ts')]);
}

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  if ('warm' in e.data) {
    const seq = e.data.seq;
    await warm().catch(() => undefined);
    (self as unknown as Worker).postMessage({ seq, warmed: true } satisfies WorkerResponse);
    return;
  }
  const { seq, file, bytes, assets } = e.data;
  const started = performance.now();
  configured ??= (configurePdf({ cMapUrl: `${assets}/pdfjs/cmaps/`, standardFontDataUrl: `${assets}/pdfjs/standard_fonts/` }), assets);
  let msg: WorkerResponse;
  try {
    const u8 = new Uint8Array(bytes);
    const hash = await sha256(u8);
    const doc = await analyzeFile(file, u8);
    msg = { seq, ok: true, result: { id: hash.slice(0, 16), hash, file, bytes: u8.byteLength, mtime_ms: e.data.mtime_ms, report: doc.report, text: doc.source, ms: performance.now() - started } };
  } catch (err) {
    // analyzeFile never throws for a bad file; this is the worker itself failing.
    msg = { seq, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  (self as unknown as Worker).postMessage(msg);
};

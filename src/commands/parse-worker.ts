/** A worker of `gongkai parse` on a folder: files in, their JSON lines out, one file at a time. */
import { parentPort } from 'node:worker_threads';
import { analyzeFile } from '../analyze.ts';
import { resolveRegion } from '../regions/index.ts';

export type ParseRequest = { seq: number; file: string; bytes: Uint8Array; pretty: boolean };
/** `start` before each file (what a death is blamed on), then its line. */
export type ParseReply = { ready: true } | { start: number } | { seq: number; line: string; error: boolean };

resolveRegion({ org: '北京市人民政府', text: '' });
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (m: ParseRequest) => {
  queue = queue.then(async () => {
    parentPort!.postMessage({ start: m.seq } satisfies ParseReply);
    const { report } = await analyzeFile(m.file, m.bytes);
    parentPort!.postMessage({ seq: m.seq, line: JSON.stringify(report, null, m.pretty ? 2 : undefined), error: report.status === 'error' } satisfies ParseReply);
  });
});
parentPort!.postMessage({ ready: true } satisfies ParseReply);

/** A parse worker: analyses the files it is sent and posts back their records. */
import { parentPort } from 'node:worker_threads';
import { analyzeReport } from '../analyze.ts';
import { type FileRecord, hashBytes, toRecord } from './record.ts';

export interface ParseJob {
  file: string;
  bytes: Uint8Array;
  mtime_ms: number;
}

export function parseJob(job: ParseJob): FileRecord {
  try {
    return toRecord(job.file, job.bytes, job.mtime_ms, analyzeReport(job.file, job.bytes));
  } catch (e) {
    // The parser promises never to throw; if it does, this one file is an error, the build goes on.
    const { hash, id } = hashBytes(job.bytes);
    return {
      input: { file: job.file, id, hash, bytes: job.bytes.length, status: 'error', code: 'internal_error', message: `parser failed on ${job.file}: ${(e as Error).message}`, mtime_ms: job.mtime_ms },
      report: null,
    };
  }
}

parentPort?.on('message', (msg: { seq: number; jobs: ParseJob[] }) => {
  parentPort!.postMessage({ seq: msg.seq, records: msg.jobs.map(parseJob) });
});

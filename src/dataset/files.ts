/**
 * Finding the input files: every regular file under IN_DIR except JSON (index, ground truth) and
 * dot-files. Entries that are not files to read — symbolic links leaving IN_DIR, dangling links,
 * links to directories, FIFOs, sockets, devices — are listed as skipped with the reason, never
 * followed and never silently dropped.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface InputFile {
  /** Relative to IN_DIR, with forward slashes. */
  file: string;
  path: string;
  bytes: number;
  mtime_ms: number;
  /** Set when the entry is not read: why (English code, Chinese message). */
  skip?: { code: string; message: string };
}

/** Files beside reports that are not reports: indexes and synthetic ground truth. */
const SKIP = /\.json$/i;

const inside = (root: string, target: string): boolean => {
  const r = relative(root, target);
  return r !== '' && !r.startsWith('..') && !r.startsWith(sep) && !/^[A-Za-z]:/.test(r);
};

/** Why a symbolic link is not read, or null when it points at a regular file inside IN_DIR. */
function linkSkip(root: string, path: string): { code: string; message: string } | null {
  let target: string;
  try {
    target = realpathSync(path);
  } catch {
    return { code: 'symlink_dangling', message: '符号链接指向的文件不存在' };
  }
  if (!inside(root, target)) return { code: 'symlink_outside', message: '符号链接指向输入目录以外的文件，不予读取' };
  const s = statSync(target, { throwIfNoEntry: false });
  if (s?.isDirectory()) return { code: 'symlink_directory', message: '符号链接指向目录，不跟随' };
  if (!s?.isFile()) return { code: 'not_regular_file', message: '符号链接指向的不是普通文件（管道、套接字或设备）' };
  return null;
}

const special = (d: { isFIFO(): boolean; isSocket(): boolean }): string => (d.isFIFO() ? '命名管道（FIFO）' : d.isSocket() ? '套接字' : '设备文件');

/** Walks IN_DIR depth-first, streaming: memory does not grow with the number of files. */
export async function* walkInputs(inDir: string, exclude: readonly string[] = []): AsyncGenerator<InputFile> {
  const root = realpathSync(inDir);
  const stack = [inDir];
  while (stack.length) {
    const dir = stack.pop()!;
    // Yield while reading the directory: a folder of a million reports is never held in memory.
    for await (const d of await opendir(dir)) {
      if (d.name.startsWith('.')) continue;
      const path = join(dir, d.name);
      if (exclude.includes(path)) continue;
      if (d.isDirectory()) {
        stack.push(path);
        continue;
      }
      if (SKIP.test(d.name)) continue;
      const file = relative(inDir, path).split(sep).join('/');
      const skipped = (skip: { code: string; message: string }): InputFile => {
        const l = lstatSync(path, { throwIfNoEntry: false });
        return { file, path, bytes: 0, mtime_ms: l?.mtimeMs ?? 0, skip };
      };
      if (d.isSymbolicLink()) {
        const why = linkSkip(root, path);
        if (why) {
          yield skipped(why);
          continue;
        }
      } else if (!d.isFile()) {
        yield skipped({ code: 'not_regular_file', message: `不是普通文件（${special(d)}），不予读取` });
        continue;
      }
      // Synchronous stat: nothing else runs while listing, and it is an order of magnitude cheaper per call.
      const s = statSync(path, { throwIfNoEntry: false });
      if (!s?.isFile()) {
        yield skipped({ code: 'file_vanished', message: '列出目录后文件已不存在' });
        continue;
      }
      yield { file, path, bytes: s.size, mtime_ms: s.mtimeMs };
    }
  }
}

/** Finding the input files: every regular file under IN_DIR except JSON (index, ground truth) and dot-files. */
import { statSync } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface InputFile {
  /** Relative to IN_DIR, with forward slashes. */
  file: string;
  path: string;
  bytes: number;
  mtime_ms: number;
}

/** Files beside reports that are not reports: indexes and synthetic ground truth. */
const SKIP = /\.json$/i;

/** Walks IN_DIR depth-first, streaming: memory does not grow with the number of files. */
export async function* walkInputs(inDir: string, exclude: readonly string[] = []): AsyncGenerator<InputFile> {
  const stack = [inDir];
  while (stack.length) {
    const dir = stack.pop()!;
    // Yield while reading the directory: a folder of a million reports is never held in memory.
    for await (const d of await opendir(dir)) {
      if (d.name.startsWith('.')) continue;
      const path = join(dir, d.name);
      if (exclude.includes(path)) continue;
      if (d.isDirectory()) stack.push(path);
      else if ((d.isFile() || d.isSymbolicLink()) && !SKIP.test(d.name)) {
        // Synchronous stat: nothing else runs while listing, and it is an order of magnitude cheaper per call.
        const s = statSync(path, { throwIfNoEntry: false });
        if (!s?.isFile()) continue;
        yield { file: relative(inDir, path).split(sep).join('/'), path, bytes: s.size, mtime_ms: s.mtimeMs };
      }
    }
  }
}

/**
 * Publishing a build atomically: everything is written to a temporary directory beside OUT_DIR and
 * renamed into place at the end, so an interrupted build never leaves a half-written dataset.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const siblings = (out: string, kind: 'tmp' | 'old') => {
  const dir = dirname(out);
  const prefix = `.${basename(out)}.${kind}-`;
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(prefix)).map((n) => ({ path: join(dir, n), pid: Number(n.slice(prefix.length).split('-')[0]) })) : [];
};

/**
 * Cleans up after builds that were killed: their temporary directories go; and if one was killed
 * between the two renames of `publish`, the previous dataset is put back.
 */
export function recover(out: string): void {
  for (const t of siblings(out, 'tmp')) if (!alive(t.pid)) rmSync(t.path, { recursive: true, force: true });
  const old = siblings(out, 'old').filter((o) => !alive(o.pid));
  if (!existsSync(out) && old[0]) renameSync(old[0].path, out);
  for (const o of siblings(out, 'old')) if (!alive(o.pid)) rmSync(o.path, { recursive: true, force: true });
}

export function makeTempDir(out: string): string {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(tmp);
  return tmp;
}

/** Replaces `out` by `tmp`: two renames on one file system, never a partly written `out`. */
export function publish(tmp: string, out: string): void {
  const old = join(dirname(out), `.${basename(out)}.old-${process.pid}-${Date.now().toString(36)}`);
  const hadOld = existsSync(out);
  if (hadOld) renameSync(out, old);
  renameSync(tmp, out);
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

/**
 * `gongkai build --clean`: removes every leftover of earlier builds beside `out`, whatever process
 * id it is named after (a killed build's id may since belong to another process). Returns what went.
 */
export function clean(out: string): string[] {
  const found = [...siblings(out, 'tmp'), ...siblings(out, 'old')].map((t) => t.path);
  recover(out);
  for (const kind of ['tmp', 'old'] as const)
    for (const t of siblings(out, kind)) {
      if (kind === 'old' && !existsSync(out)) continue; // the previous dataset, put back by recover() unless a live build holds it
      rmSync(t.path, { recursive: true, force: true });
    }
  return found.filter((p) => !existsSync(p));
}

/**
 * The import page's list of records: sorted by file path, one record a path (importing a file again
 * replaces its record), and replaced rather than changed in place, so that the page can hold it as raw
 * state. New records arrive in batches (`batcher`) and are merged into the sorted list in one pass:
 * drawing and sorting the whole table once per file made importing 1,000 text reports take minutes,
 * while the workers spent 3 s parsing them (bench/import.ts).
 */
import type { ImportedReport } from './types.ts';

/** The order of String.prototype.localeCompare in the browser's locale, without building a collator per call. */
export const compareFiles = new Intl.Collator().compare;

export function sortByFile(records: Iterable<ImportedReport>): ImportedReport[] {
  return [...records].sort((a, b) => compareFiles(a.file, b.file));
}

/**
 * `sorted` (by file, as sortByFile gives it) with `batch` merged in: a file already there is replaced,
 * the later of two records of one file in `batch` wins. O(n + m log m) for n rows and m new ones.
 */
export function mergeByFile(sorted: readonly ImportedReport[], batch: readonly ImportedReport[]): ImportedReport[] {
  if (!batch.length) return sorted.slice();
  const fresh = sortByFile(new Map(batch.map((r) => [r.file, r])).values());
  const replaced = new Set(fresh.map((r) => r.file));
  const out: ImportedReport[] = [];
  let j = 0;
  for (const r of sorted) {
    if (replaced.has(r.file)) continue;
    while (j < fresh.length && compareFiles(fresh[j]!.file, r.file) < 0) out.push(fresh[j++]!);
    out.push(r);
  }
  while (j < fresh.length) out.push(fresh[j++]!);
  return out;
}

/**
 * Collects items and hands them to `flush` together, `ms` after the first of a batch arrived; `flush()`
 * hands on what is left at once (call it when the run ends, so the last rows are not late).
 */
export function batcher<T>(deliver: (batch: T[]) => void, ms = 100): { push(item: T): void; flush(): void } {
  let pending: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    deliver(batch);
  };
  return {
    push(item) {
      pending.push(item);
      timer ??= setTimeout(flush, ms);
    },
    flush,
  };
}

/**
 * Imported reports kept in the browser (IndexedDB) across reloads until the user clears them. Keyed by
 * file path: importing a file again replaces its record.
 */
import { sortByFile } from './records.ts';
import type { ImportedReport } from './types.ts';

const DB = 'gongkai-import';
const STORE = 'reports';

function open(): Promise<IDBDatabase> {
  return new Promise((ok, fail) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'file' });
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error ?? new Error('IndexedDB unavailable'));
  });
}

function tx<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return open().then(
    (db) =>
      new Promise<T | undefined>((ok, fail) => {
        const t = db.transaction(STORE, mode);
        const req = run(t.objectStore(STORE));
        t.oncomplete = () => {
          db.close();
          ok(req ? req.result : undefined);
        };
        t.onerror = () => fail(t.error ?? new Error('IndexedDB transaction failed'));
      }),
  );
}

export async function saveReports(records: readonly ImportedReport[]): Promise<void> {
  if (!records.length) return;
  await tx('readwrite', (s) => {
    for (const r of records) s.put(r);
  });
}

export async function loadReports(): Promise<ImportedReport[]> {
  const all = await tx<ImportedReport[]>('readonly', (s) => s.getAll());
  return sortByFile(all ?? []);
}

export async function clearReports(): Promise<void> {
  await tx('readwrite', (s) => s.clear());
}

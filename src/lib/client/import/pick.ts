/** Files chosen in an <input>, or dropped (folders walked), as the importer's ImportFile list. */
import type { ImportFile } from './importer.ts';

const fromFile = (f: File, path = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name): ImportFile => ({ name: path, mtime_ms: f.lastModified, read: () => f.arrayBuffer() });

export const fromInput = (list: FileList | null): ImportFile[] => (list ? Array.from(list, (f) => fromFile(f)) : []);

type Entry = FileSystemEntry & Partial<FileSystemFileEntry & FileSystemDirectoryEntry>;

async function walk(entry: Entry, prefix: string, out: ImportFile[]): Promise<void> {
  if (entry.isFile && entry.file) {
    const f = await new Promise<File>((ok, fail) => entry.file!(ok, fail));
    out.push(fromFile(f, prefix + entry.name));
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries gives a batch at a time (100 in Chromium) until it gives none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (!batch.length) break;
      for (const e of batch) if (!e.name.startsWith('.')) await walk(e as Entry, `${prefix}${entry.name}/`, out);
    }
  }
}

export async function fromDrop(dt: DataTransfer): Promise<ImportFile[]> {
  const entries = Array.from(dt.items, (i) => i.webkitGetAsEntry?.() as Entry | null).filter((e): e is Entry => !!e);
  if (!entries.length) return fromInput(dt.files);
  const out: ImportFile[] = [];
  for (const e of entries) await walk(e, '', out);
  return out;
}

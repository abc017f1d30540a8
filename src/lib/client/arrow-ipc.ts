/**
 * Columns read from Parquet → one Arrow IPC stream for `insertArrowFromIPCStream`. IPC bytes, not an
 * Arrow Table object, cross into DuckDB-WASM because a Table from a different apache-arrow copy is
 * silently ignored by `insertArrowTable`; the bytes are version-independent.
 */
import { Bool, Float64, Int32, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';

export type ColumnKind = 'string' | 'int' | 'double' | 'bool';

export interface ColumnInput {
  name: string;
  kind: ColumnKind;
  values: ArrayLike<unknown>;
}

const hasNull = (values: ArrayLike<unknown>): boolean => {
  for (let i = 0; i < values.length; i++) if (values[i] === null || values[i] === undefined) return true;
  return false;
};

function toVector(c: ColumnInput): Vector {
  const v = c.values;
  if (c.kind === 'double' && v instanceof Float64Array) return makeVector(v);
  if (c.kind === 'int' && v instanceof Int32Array) return makeVector(v);
  if (c.kind === 'double' || c.kind === 'int') {
    const plain = Array.from(v, (x) => (x === null || x === undefined ? null : Number(x)));
    if (!hasNull(plain)) return makeVector(c.kind === 'int' ? Int32Array.from(plain as number[]) : Float64Array.from(plain as number[]));
    const data = c.kind === 'int' ? new Int32Array(plain.length) : new Float64Array(plain.length);
    for (let i = 0; i < plain.length; i++) data[i] = plain[i] ?? 0;
    const { nullBitmap, nulls } = validity(plain);
    return makeVector(makeData({ type: (c.kind === 'int' ? new Int32() : new Float64()) as Int32, length: plain.length, nullCount: nulls, nullBitmap, data: data as Int32Array }));
  }
  if (c.kind === 'bool') {
    const plain = Array.from(v, (x) => (x === null || x === undefined ? null : Boolean(x)));
    const data = new Uint8Array((plain.length + 7) >> 3);
    for (let i = 0; i < plain.length; i++) if (plain[i]) data[i >> 3]! |= 1 << (i & 7);
    const { nullBitmap, nulls } = validity(plain);
    return makeVector(makeData({ type: new Bool(), length: plain.length, nullCount: nulls, nullBitmap, data }));
  }
  return utf8Vector(v);
}

/**
 * Arrow's validity bitmap, laid out here: apache-arrow's builders (vectorFromArray) compile their
 * null test with `new Function`, which the site's Content-Security-Policy (no 'unsafe-eval') blocks.
 */
function validity(values: readonly unknown[]): { nullBitmap: Uint8Array | undefined; nulls: number } {
  let nulls = 0;
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null) nulls++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { nullBitmap: nulls ? nullBitmap : undefined, nulls };
}

/**
 * Strings laid out directly as Arrow's offsets and bytes: apache-arrow's builder takes over a second
 * per million values, and most of our string columns repeat a few values (status, codes), which are
 * encoded once each.
 */
export function utf8Vector(values: ArrayLike<unknown>): Vector {
  const n = values.length;
  const encoder = new TextEncoder();
  const cache = new Map<string, Uint8Array>();
  const encoded = new Array<Uint8Array | null>(n);
  const offsets = new Int32Array(n + 1);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x === null || x === undefined) {
      encoded[i] = null;
      nulls++;
    } else {
      const str = String(x);
      let bytes = cache.get(str);
      if (!bytes) {
        bytes = encoder.encode(str);
        // Only short strings repeat; caching every file path would double the memory for nothing.
        if (str.length <= 32 && cache.size < 4096) cache.set(str, bytes);
      }
      encoded[i] = bytes;
    }
    offsets[i + 1] = offsets[i]! + (encoded[i]?.length ?? 0);
  }
  const data = new Uint8Array(offsets[n]!);
  for (let i = 0; i < n; i++) if (encoded[i]) data.set(encoded[i]!, offsets[i]!);
  let nullBitmap: Uint8Array | undefined;
  if (nulls) {
    nullBitmap = new Uint8Array((n + 7) >> 3);
    for (let i = 0; i < n; i++) if (encoded[i]) nullBitmap[i >> 3]! |= 1 << (i & 7);
  }
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap, valueOffsets: offsets, data }));
}

export function columnsToIPC(columns: ColumnInput[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) vectors[c.name] = toVector(c);
  return tableToIPC(new Table(vectors), 'stream');
}

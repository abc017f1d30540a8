/**
 * Columns read from Parquet → one Arrow IPC stream for `insertArrowFromIPCStream`. IPC bytes, not an
 * Arrow Table object, cross into DuckDB-WASM because a Table from a different apache-arrow copy is
 * silently ignored by `insertArrowTable`; the bytes are version-independent.
 */
import { Bool, Float64, Int32, Table, Utf8, makeVector, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';

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
    return vectorFromArray(plain, (c.kind === 'int' ? new Int32() : new Float64()) as DataType);
  }
  if (c.kind === 'bool') return vectorFromArray(Array.from(v, (x) => (x === null || x === undefined ? null : Boolean(x))), new Bool());
  return vectorFromArray(Array.from(v, (x) => (x === null || x === undefined ? null : String(x))), new Utf8());
}

export function columnsToIPC(columns: ColumnInput[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) vectors[c.name] = toVector(c);
  return tableToIPC(new Table(vectors), 'stream');
}

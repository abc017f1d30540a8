/**
 * Rows of one of the dataset's tables → a Parquet file, typed from the table's own description
 * (src/dataset/schema.ts), so a file written here reads back in DuckDB, pandas and `gongkai` with the
 * column types a build gives it. hyparquet-writer does the writing: DuckDB-WASM cannot write Parquet
 * without downloading its extension, and nothing is downloaded.
 */
import { parquetWriteBuffer, type SchemaElement } from 'hyparquet-writer';
import type { Column, SqlType } from '../../../dataset/schema.ts';
import type { Row } from '../arrow-rows.ts';

const ELEMENT: Record<SqlType, Omit<SchemaElement, 'name'>> = {
  VARCHAR: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  SMALLINT: { type: 'INT32', converted_type: 'INT_16' },
  INTEGER: { type: 'INT32' },
  BIGINT: { type: 'INT64' },
  DOUBLE: { type: 'DOUBLE' },
  BOOLEAN: { type: 'BOOLEAN' },
};

/** A column's values as the writer takes them for its type (INT64 as BigInt); blank stays null. */
function valuesOf(rows: readonly Row[], c: Column): unknown[] {
  return rows.map((r) => {
    const v = r[c.name];
    if (v === null || v === undefined) return null;
    switch (c.type) {
      case 'VARCHAR':
        return String(v);
      case 'BIGINT':
        return BigInt(Math.trunc(Number(v)));
      case 'SMALLINT':
      case 'INTEGER':
        return Math.trunc(Number(v));
      case 'DOUBLE':
        return Number(v);
      case 'BOOLEAN':
        return Boolean(v);
    }
  });
}

export function parquetOf(columns: readonly Column[], rows: readonly Row[], rowGroupSize?: number): Uint8Array {
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map((c) => ({ name: c.name, repetition_type: 'OPTIONAL' as const, ...ELEMENT[c.type] })),
  ];
  const buf = parquetWriteBuffer({
    columnData: columns.map((c) => ({ name: c.name, data: valuesOf(rows, c) as never })),
    schema,
    // Whole strings in the statistics: the Region page skips row groups by the region codes' min/max.
    statisticsTruncateLength: Infinity,
    ...(rowGroupSize ? { rowGroupSize } : {}),
    createdBy: 'gongkai import (hyparquet-writer)',
  });
  return new Uint8Array(buf);
}

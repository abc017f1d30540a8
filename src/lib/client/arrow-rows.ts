import type { Table } from 'apache-arrow';

export type Row = Record<string, string | number | boolean | null>;

/** Arrow result → plain rows (results are small aggregates; BigInt and Decimal become numbers). */
export function arrowToRows(table: Table): Row[] {
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((n) => table.getChild(n));
  const rows: Row[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    names.forEach((n, j) => {
      const v: unknown = cols[j]?.get(i);
      row[n] = v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : typeof v === 'object' ? Number(v) : (v as string | number | boolean);
    });
    rows[i] = row;
  }
  return rows;
}

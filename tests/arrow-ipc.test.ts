import { tableFromIPC } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { columnsToIPC } from '../src/lib/client/arrow-ipc.ts';

describe('columns to Arrow IPC', () => {
  test('strings (repeated, unique, non-ASCII, empty, null) survive the round trip', () => {
    const values = ['ok', 'warning', null, 'ok', '', '政府信息公开', undefined, 'a/very/long/path/to/some/report/file/that/is/not/cached.html', 'ok'];
    const table = tableFromIPC(columnsToIPC([{ name: 's', kind: 'string', values }, { name: 'n', kind: 'int', values: values.map((_, i) => i) }]));
    expect(table.numRows).toBe(values.length);
    expect(table.getChild('s')!.toArray()).toEqual(values.map((v) => v ?? null));
    expect(Array.from(table.getChild('n')!.toArray() as Int32Array)).toEqual(values.map((_, i) => i));
  });
  test('an empty column', () => {
    const table = tableFromIPC(columnsToIPC([{ name: 's', kind: 'string', values: [] }]));
    expect(table.numRows).toBe(0);
  });
});

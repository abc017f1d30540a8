/**
 * DuckDB-WASM (the same .wasm the site runs) in Node, behind the site's Connector interface, so a
 * test can run browser code that talks to DuckDB without a browser.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Table } from 'apache-arrow';
import { arrowToRows } from '../../src/lib/client/arrow-rows.ts';
import type { Connector } from '../../src/lib/client/connectors/wasm.ts';

const require = createRequire(import.meta.url);

export async function wasmConnector(): Promise<Connector> {
  const duckdb = require('@duckdb/duckdb-wasm/blocking') as typeof import('@duckdb/duckdb-wasm/blocking');
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const db = await duckdb.createDuckDB(
    { mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' }, eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' } },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => {});
  db.open({ query: { castBigIntToDouble: true } });
  const conn = db.connect();
  conn.query(`SET autoinstall_known_extensions = false`);
  conn.query(`SET autoload_known_extensions = false`);
  return {
    async query(sql, params = []) {
      // The .cjs bundle has an apache-arrow of its own: its Table is read by the same accessors.
      if (!params.length) return arrowToRows(conn.query(sql) as unknown as Table);
      const stmt = conn.prepare(sql);
      try {
        return arrowToRows(stmt.query(...params) as unknown as Table);
      } finally {
        stmt.close();
      }
    },
    async insertIPC(table, ipc) {
      conn.query(`DROP TABLE IF EXISTS ${table}`);
      conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    async close() {
      conn.close();
      db.reset();
    },
  };
}

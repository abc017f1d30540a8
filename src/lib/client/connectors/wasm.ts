/**
 * The only door to DuckDB-WASM. The worker and .wasm come from the npm package through Vite `?url`
 * imports, so the browser fetches them from our own origin; nothing is loaded from a CDN. DuckDB's
 * Parquet reader is an extension it would download at run time, so tables arrive as Arrow IPC
 * (see ../parquet-source.ts) and only SQL runs here.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { arrowToRows, type Row } from '../arrow-rows.ts';
import { engineBytes, reportEngine } from '../load-progress.ts';

/** The .wasm files' own sizes, set by vite.config.ts at build time (for the loading state's progress). */
const WASM_BYTES: { eh: number; mvp: number } = typeof __GONGKAI_WASM_BYTES__ === 'object' ? __GONGKAI_WASM_BYTES__ : { eh: 0, mvp: 0 };

export type { Row };
export type Param = string | number | boolean | null;

export interface Connector {
  /** Runs a statement; values go in as prepared-statement parameters, never into the text. */
  query(sql: string, params?: readonly Param[]): Promise<Row[]>;
  /** Creates (or replaces) a table from an Arrow IPC stream. */
  insertIPC(table: string, ipc: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

const MAX_STATEMENTS = 64;

const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
};

export async function createWasmConnector(): Promise<Connector> {
  const bundle = await duckdb.selectBundle(BUNDLES);
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  const raw = bundle.mainModule === ehWasm ? WASM_BYTES.eh : WASM_BYTES.mvp;
  let total = 0;
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker, (p) => {
    total = p.bytesTotal;
    reportEngine(engineBytes(p.bytesLoaded, p.bytesTotal, raw));
  });
  // DuckDB does not always report the last chunk: once compiled, the whole file has arrived.
  if (total > 0) reportEngine(engineBytes(raw || total, total, raw));
  performance.mark?.('gongkai:wasm-instantiated');
  // Never reach for extensions or remote files: everything is inserted from our own origin.
  await db.open({ query: { castBigIntToDouble: true } });
  const conn = await db.connect();
  await conn.query(`SET autoinstall_known_extensions = false`).catch(() => undefined);
  await conn.query(`SET autoload_known_extensions = false`).catch(() => undefined);
  // Prepared statements are kept per SQL text (a filter change usually changes only the values), so
  // a repeated query costs one round trip to the worker instead of three.
  const statements = new Map<string, Promise<duckdb.AsyncPreparedStatement>>();
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = conn.prepare(sql);
      stmt.catch(() => statements.delete(sql));
      statements.set(sql, stmt);
      if (statements.size > MAX_STATEMENTS) {
        const [oldest, old] = statements.entries().next().value!;
        statements.delete(oldest);
        void old.then((s) => s.close()).catch(() => undefined);
      }
    }
    return stmt;
  };
  // Statements bound to a replaced table are prepared again.
  const dropStatements = () => {
    for (const stmt of statements.values()) void stmt.then((st) => st.close()).catch(() => undefined);
    statements.clear();
  };
  return {
    async query(sql, params = []) {
      if (/^\s*(CREATE|DROP|ALTER)\b/i.test(sql)) dropStatements();
      if (params.length === 0) return arrowToRows(await conn.query(sql));
      return arrowToRows(await (await prepared(sql)).query(...params));
    },
    async insertIPC(table, ipc) {
      if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`bad table name ${table}`);
      dropStatements();
      await conn.query(`DROP TABLE IF EXISTS ${table}`);
      await conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    async close() {
      await conn.close();
      await db.terminate();
      worker.terminate();
    },
  };
}

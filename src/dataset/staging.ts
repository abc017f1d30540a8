/**
 * The staging database: a DuckDB file in the build's temporary directory for the narrow, per-file
 * tables of the main thread — the listing of inputs, their inputs rows and the files reused from the
 * previous dataset. Report rows never come here: the workers write them as Parquet parts (parts.ts).
 */
import { type DuckDBAppender, type DuckDBConnection, DuckDBDataChunkWriter, DuckDBInstance, type JS, JSToDuckDBValueConverter } from '@duckdb/node-api';
import { ddl } from './parts.ts';
import { table } from './schema.ts';
import type { InputRow } from './record.ts';

/**
 * DuckDB's memory in the main thread. The end of the build (sorting a year of wide report rows,
 * aggregating the rollups) needs far more than the parse phase, and by then the workers, which held
 * most of the memory, are gone. 768 MB rather than more: at a million reports the sort then spills
 * (≈ 25 s more) but the build's peak RSS stays clear of 2 GB (1.94 GB with 1 GB here).
 */
const STAGING_MEMORY = { parsing: '192MB', writing: '768MB' };

export class Staging {
  private constructor(
    readonly instance: DuckDBInstance,
    /** For queries; the appender uses a connection of its own so queries may run while rows arrive. */
    readonly conn: DuckDBConnection,
    private appendConn: DuckDBConnection,
    private appender: DuckDBAppender,
    /** Rows are buffered into DuckDB data chunks (column-wise) and appended a chunk at a time. */
    private writer: DuckDBDataChunkWriter<JS>,
  ) {}

  static async open(dbPath: string, spillDir: string, threads: number): Promise<Staging> {
    const instance = await DuckDBInstance.create(dbPath, {
      threads: String(threads),
      // While the workers parse, this database only appends narrow rows: its buffer pool need not grow.
      memory_limit: STAGING_MEMORY.parsing,
      temp_directory: spillDir,
      preserve_insertion_order: 'false',
    });
    const conn = await instance.connect();
    await conn.run(ddl('inputs', table('inputs').columns));
    await conn.run('CREATE TABLE listing (file VARCHAR, path VARCHAR, bytes BIGINT, mtime_ms DOUBLE)');
    await conn.run('CREATE TABLE reused (file VARCHAR, hash VARCHAR, bytes BIGINT, mtime_ms DOUBLE)');
    const appendConn = await instance.connect();
    const appender = await appendConn.createAppender('inputs');
    const writer = DuckDBDataChunkWriter.forAppender<JS>(appender, { converter: JSToDuckDBValueConverter });
    return new Staging(instance, conn, appendConn, appender, writer);
  }

  appendInput(row: InputRow): void {
    this.writer.appendRow([row.file, row.id, BigInt(row.bytes), row.hash, row.status, row.code, row.message, row.mtime_ms]);
  }

  /** Commits what was appended, so that it does not sit in transaction-local memory until the end. */
  flush(): void {
    this.writer.flush();
    this.appender.flushSync();
  }

  /** Ends the parse phase: commits the last rows and gives DuckDB the memory the workers held. */
  async closeAppenders(): Promise<void> {
    this.writer.flush();
    this.appender.closeSync();
    await this.conn.run(`SET memory_limit = '${STAGING_MEMORY.writing}'`);
  }

  close(): void {
    this.appendConn.closeSync();
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

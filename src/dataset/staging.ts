/**
 * The staging database: a DuckDB file in the build's temporary directory that collects the rows as
 * workers produce them (through appenders, in batches) and spills to disk, so memory stays flat.
 */
import { type DuckDBAppender, type DuckDBConnection, DuckDBDataChunkWriter, DuckDBInstance, type JS, JSToDuckDBValueConverter } from '@duckdb/node-api';
import { type Column, type SqlType, ident, table } from './schema.ts';
import type { FileRecord, InputRow } from './record.ts';

const ddl = (name: string, columns: readonly Column[]): string => `CREATE TABLE ${ident(name)} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`;

/** Staging adds the source file to checks so duplicates (same id, other file) can be dropped at the end. */
const STAGING_CHECKS: Column[] = [...table('checks').columns, { name: 'file', type: 'VARCHAR', description: '' }];
/**
 * Fresh checks arrive as one JSON array per report (serialised in the worker) and are unnested in SQL
 * when written: a report has dozens of checks, and one value per report is far cheaper to append.
 */
const STAGING_CHECKS_JSON: Column[] = [
  { name: 'report_id', type: 'VARCHAR', description: '' },
  { name: 'year', type: 'SMALLINT', description: '' },
  { name: 'file', type: 'VARCHAR', description: '' },
  { name: 'checks', type: 'VARCHAR', description: '' },
];
type Tables = 'inputs' | 'reports' | 'checks_json' | 'texts';

export class Staging {
  private constructor(
    readonly instance: DuckDBInstance,
    /** For queries; appenders use a connection of their own so queries may run while rows arrive. */
    readonly conn: DuckDBConnection,
    private appendConn: DuckDBConnection,
    private appenders: Record<Tables, DuckDBAppender>,
    /** Rows are buffered into DuckDB data chunks (column-wise, typed arrays) and appended a chunk at a time. */
    private writers: Record<Tables, DuckDBDataChunkWriter<JS>>,
  ) {}

  static async open(dbPath: string, spillDir: string, threads: number): Promise<Staging> {
    const instance = await DuckDBInstance.create(dbPath, {
      threads: String(threads),
      memory_limit: '512MB',
      temp_directory: spillDir,
      preserve_insertion_order: 'false',
    });
    const conn = await instance.connect();
    await conn.run(ddl('inputs', table('inputs').columns));
    await conn.run(ddl('reports', table('reports').columns));
    await conn.run(ddl('checks', STAGING_CHECKS));
    await conn.run(ddl('checks_json', STAGING_CHECKS_JSON));
    await conn.run(ddl('texts', table('texts').columns));
    await conn.run(ddl('listing', [
      { name: 'file', type: 'VARCHAR', description: '' },
      { name: 'path', type: 'VARCHAR', description: '' },
      { name: 'bytes', type: 'BIGINT', description: '' },
      { name: 'mtime_ms', type: 'DOUBLE', description: '' },
    ]));
    await conn.run('CREATE TABLE reused (file VARCHAR, hash VARCHAR, bytes BIGINT, mtime_ms DOUBLE)');
    const appendConn = await instance.connect();
    const appenders: Record<Tables, DuckDBAppender> = {
      inputs: await appendConn.createAppender('inputs'),
      reports: await appendConn.createAppender('reports'),
      checks_json: await appendConn.createAppender('checks_json'),
      texts: await appendConn.createAppender('texts'),
    };
    const writer = (a: DuckDBAppender) => DuckDBDataChunkWriter.forAppender<JS>(a, { converter: JSToDuckDBValueConverter });
    const writers = {
      inputs: writer(appenders.inputs),
      reports: writer(appenders.reports),
      checks_json: writer(appenders.checks_json),
      texts: writer(appenders.texts),
    };
    return new Staging(instance, conn, appendConn, appenders, writers);
  }

  appendInput(row: InputRow): void {
    this.writers.inputs.appendRow([row.file, row.id, BigInt(row.bytes), row.hash, row.status, row.code, row.message, row.mtime_ms]);
  }

  /** One file's rows. The report's year goes into checks and texts so they partition alike. */
  append(rec: FileRecord): void {
    this.appendInput(rec.input);
    const r = rec.report;
    if (!r) return;
    this.writers.reports.appendRow([...r.meta, ...r.values]);
    const id = r.meta[0] as string;
    const year = r.meta[4] as number | null;
    this.writers.checks_json.appendRow([id, year, rec.input.file, r.checks]);
    this.writers.texts.appendRow([id, year, rec.input.file, r.text]);
  }

  /**
   * Commits what was appended. An appender keeps its rows in transaction-local memory until it is
   * flushed, so without this the whole build would sit in memory until the end.
   */
  flush(): void {
    for (const w of Object.values(this.writers)) w.flush();
    for (const a of Object.values(this.appenders)) a.flushSync();
  }

  closeAppenders(): void {
    for (const w of Object.values(this.writers)) w.flush();
    for (const a of Object.values(this.appenders)) a.closeSync();
  }

  close(): void {
    this.appendConn.closeSync();
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

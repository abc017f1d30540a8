/**
 * The staging database: a DuckDB file in the build's temporary directory that collects the rows as
 * workers produce them (through appenders, in batches) and spills to disk, so memory stays flat.
 */
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type Column, type SqlType, ident, table } from './schema.ts';
import type { FileRecord, InputRow } from './record.ts';

const ddl = (name: string, columns: readonly Column[]): string => `CREATE TABLE ${ident(name)} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`;

/** Staging adds the source file to checks so duplicates (same id, other file) can be dropped at the end. */
const STAGING_CHECKS: Column[] = [...table('checks').columns, { name: 'file', type: 'VARCHAR', description: '' }];

function append(a: DuckDBAppender, type: SqlType, v: string | number | boolean | null | undefined): void {
  if (v === null || v === undefined) return a.appendNull();
  switch (type) {
    case 'VARCHAR':
      return a.appendVarchar(String(v));
    case 'SMALLINT':
      return a.appendSmallInt(Number(v));
    case 'INTEGER':
      return a.appendInteger(Number(v));
    case 'BIGINT':
      return a.appendBigInt(BigInt(Math.trunc(Number(v))));
    case 'DOUBLE':
      return a.appendDouble(Number(v));
    case 'BOOLEAN':
      return a.appendBoolean(Boolean(v));
  }
}

export class Staging {
  private constructor(
    readonly instance: DuckDBInstance,
    /** For queries; appenders use a connection of their own so queries may run while rows arrive. */
    readonly conn: DuckDBConnection,
    private appendConn: DuckDBConnection,
    private appenders: Record<'inputs' | 'reports' | 'checks' | 'texts', DuckDBAppender>,
  ) {}

  static async open(dbPath: string, spillDir: string, threads: number): Promise<Staging> {
    const instance = await DuckDBInstance.create(dbPath, {
      threads: String(threads),
      memory_limit: '1GB',
      temp_directory: spillDir,
      preserve_insertion_order: 'false',
    });
    const conn = await instance.connect();
    await conn.run(ddl('inputs', table('inputs').columns));
    await conn.run(ddl('reports', table('reports').columns));
    await conn.run(ddl('checks', STAGING_CHECKS));
    await conn.run(ddl('texts', table('texts').columns));
    await conn.run(ddl('listing', [
      { name: 'file', type: 'VARCHAR', description: '' },
      { name: 'path', type: 'VARCHAR', description: '' },
      { name: 'bytes', type: 'BIGINT', description: '' },
      { name: 'mtime_ms', type: 'DOUBLE', description: '' },
    ]));
    await conn.run('CREATE TABLE reused (file VARCHAR, hash VARCHAR, bytes BIGINT, mtime_ms DOUBLE)');
    const appendConn = await instance.connect();
    const appenders = {
      inputs: await appendConn.createAppender('inputs'),
      reports: await appendConn.createAppender('reports'),
      checks: await appendConn.createAppender('checks'),
      texts: await appendConn.createAppender('texts'),
    };
    return new Staging(instance, conn, appendConn, appenders);
  }

  appendInput(row: InputRow): void {
    const a = this.appenders.inputs;
    for (const c of table('inputs').columns) append(a, c.type, row[c.name as keyof InputRow]);
    a.endRow();
  }

  /** One file's rows. The report's year goes into checks and texts so they partition alike. */
  append(rec: FileRecord): void {
    this.appendInput(rec.input);
    const r = rec.report;
    if (!r) return;
    const cols = table('reports').columns;
    const ra = this.appenders.reports;
    const row = [...r.meta, ...r.values];
    for (let i = 0; i < cols.length; i++) append(ra, cols[i]!.type, row[i]);
    ra.endRow();
    const id = r.meta[0] as string;
    const year = r.meta[4] as number | null;
    const file = rec.input.file;
    const ca = this.appenders.checks;
    for (const [rule, scope, ok, detail] of r.checks) {
      append(ca, 'VARCHAR', id);
      append(ca, 'SMALLINT', year);
      append(ca, 'VARCHAR', rule);
      append(ca, 'VARCHAR', scope);
      append(ca, 'BOOLEAN', ok);
      append(ca, 'VARCHAR', detail);
      append(ca, 'VARCHAR', file);
      ca.endRow();
    }
    const ta = this.appenders.texts;
    append(ta, 'VARCHAR', id);
    append(ta, 'SMALLINT', year);
    append(ta, 'VARCHAR', file);
    append(ta, 'VARCHAR', r.text);
    ta.endRow();
  }

  /** Makes appended rows visible to queries (appenders buffer). */
  flush(): void {
    for (const a of Object.values(this.appenders)) a.flushSync();
  }

  closeAppenders(): void {
    for (const a of Object.values(this.appenders)) a.closeSync();
  }

  close(): void {
    this.appendConn.closeSync();
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

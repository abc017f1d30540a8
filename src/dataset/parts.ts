/**
 * Where a parse worker puts its reports: an in-memory DuckDB of its own that collects a batch of rows
 * and writes them out as Parquet parts, partitioned by year, before starting the next batch.
 *
 * Writing from the workers keeps the build's biggest data (source texts, long-form cells, checks)
 * off the main thread and out of any database that outlives a batch: memory stays flat and nothing
 * spills, whatever the number of reports.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBDataChunkWriter, DuckDBInstance, type JS, JSToDuckDBValueConverter } from '@duckdb/node-api';
import { ALL_CELLS } from '../lib/template.ts';
import { CELL_MAP_ROWS, cellsSelect } from './derive.ts';
import { type FileRecord, textRow } from './rows.ts';
import { CELL_COLUMNS, type Column, REPORT_META_COLUMNS, ident, table } from './schema.ts';

/** A SQL string literal; used only for paths and names made here, which COPY cannot take as parameters. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

export const ddl = (name: string, columns: readonly Column[]): string => `CREATE TABLE ${ident(name)} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`;

/** Reports are compacted by the main thread at the end (one sorted file per year), so their parts live apart. */
export const REPORT_PARTS = '.parts/reports';
/** The tables written as parts straight into their place in the dataset. */
export const PART_TABLES = ['cells', 'checks', 'texts'] as const;

const PARQUET = 'FORMAT parquet, COMPRESSION zstd';

/**
 * Checks arrive as one JSON array per report (serialised in the worker) and are unnested in SQL when
 * written: a report has dozens of checks, and one value per report is far cheaper to append.
 */
const CHECKS_JSON: Column[] = [
  { name: 'report_id', type: 'VARCHAR', description: '' },
  { name: 'year', type: 'SMALLINT', description: '' },
  { name: 'checks', type: 'VARCHAR', description: '' },
];
const CHECK_STRUCT = `'[{"rule":"VARCHAR","scope":"VARCHAR","ok":"BOOLEAN","detail":"VARCHAR"}]'`;

const columnsOf = (name: string, alias = '') => table(name).columns.map((c) => `${alias}${ident(c.name)}`).join(', ');

/**
 * The table mapping each cell column to its key and template, for `cellsSelect`. Section, row and
 * col are ENUMs: the Parquet writer then takes their dictionary as it is instead of hashing a string
 * per cell, which makes writing the long form about a third cheaper (they still read back as text).
 */
export async function createCellMap(conn: DuckDBConnection, name = 'cell_map'): Promise<void> {
  const values = (pick: (c: (typeof ALL_CELLS)[number]) => string) => [...new Set(ALL_CELLS.map(pick))].map(sqlString).join(', ');
  await conn.run(`CREATE TYPE cell_section AS ENUM (${values((c) => c.section)})`);
  await conn.run(`CREATE TYPE cell_row AS ENUM (${values((c) => c.row)})`);
  await conn.run(`CREATE TYPE cell_col AS ENUM (${values((c) => c.col)})`);
  await conn.run(`CREATE TABLE ${ident(name)} (name VARCHAR, template VARCHAR, section cell_section, "row" cell_row, col cell_col)`);
  const map = await conn.createAppender(name);
  for (const row of CELL_MAP_ROWS) {
    for (const v of row) map.appendVarchar(v);
    map.endRow();
  }
  map.closeSync();
}

type Buffer = 'reports' | 'checks_json' | 'texts';

/**
 * A report's cell values arrive as one JSON array rather than a column each: converting two hundred
 * JavaScript numbers one by one into DuckDB vectors costs twice what serialising them and letting
 * DuckDB's JSON reader take them apart does.
 */
const REPORTS_BUFFER: Column[] = [...REPORT_META_COLUMNS, { name: 'cell_values', type: 'VARCHAR', description: '' }];
/** The buffered reports with one column per cell, as the `reports` table has them. */
const expandReports = (src: string): string =>
  `SELECT ${REPORT_META_COLUMNS.map((c) => ident(c.name)).join(', ')}, ${CELL_COLUMNS.map((c, i) => `CAST(v[${i + 1}] AS ${c.type}) AS ${ident(c.name)}`).join(', ')}
    FROM (SELECT *, from_json(cell_values, '["DOUBLE"]') AS v FROM ${src})`;

const BUFFERS: Record<Buffer, readonly Column[]> = { reports: REPORTS_BUFFER, checks_json: CHECKS_JSON, texts: table('texts').columns };

/**
 * Double-buffered: while one batch is written (DuckDB's COPY runs on a thread of its own), the worker
 * goes on parsing into the next batch's tables, so writing never leaves the parser idle.
 */
export class PartWriter {
  private rows = 0;
  private generation = 0;
  private appenders = {} as Record<Buffer, DuckDBAppender>;
  private writers = {} as Record<Buffer, DuckDBDataChunkWriter<JS>>;
  /** The batch being written, if any: at most one at a time. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    /** Appends (and creates the buffer tables) on one connection while COPY runs on the other. */
    private readonly appendConn: DuckDBConnection,
    private readonly copyConn: DuckDBConnection,
    /** The dataset being built (the build's temporary directory). */
    private readonly out: string,
    /** Unique among the build's workers: part files are named after it. */
    private readonly tag: string,
  ) {}

  static async open(out: string, tag: string): Promise<PartWriter> {
    const instance = await DuckDBInstance.create(':memory:', {
      // One thread: the build already runs one worker per core, each with its own database.
      threads: '1',
      memory_limit: '1GB',
      // Somewhere to spill rather than fail should a batch outgrow the limit.
      temp_directory: join(out, '.spill', tag),
      preserve_insertion_order: 'true',
      // Hand freed batches back to the system promptly: a worker's memory should be two batches, not its high-water mark.
      allocator_flush_threshold: '32MB',
      allocator_bulk_deallocation_flush_threshold: '32MB',
    });
    const appendConn = await instance.connect();
    const copyConn = await instance.connect();
    await createCellMap(copyConn);
    for (const dir of [REPORT_PARTS, ...PART_TABLES.map((t) => table(t).path)]) mkdirSync(join(out, dir), { recursive: true });
    const w = new PartWriter(instance, appendConn, copyConn, out, tag);
    await w.createBuffers();
    return w;
  }

  private tableName(name: Buffer, generation = this.generation): string {
    return ident(`${name}_${generation}`);
  }

  private async createBuffers(): Promise<void> {
    for (const [name, columns] of Object.entries(BUFFERS) as [Buffer, readonly Column[]][]) {
      await this.appendConn.run(ddl(`${name}_${this.generation}`, columns));
      this.appenders[name] = await this.appendConn.createAppender(`${name}_${this.generation}`);
      this.writers[name] = DuckDBDataChunkWriter.forAppender<JS>(this.appenders[name], { converter: JSToDuckDBValueConverter });
    }
  }

  /** Reports buffered since the last flush. */
  get buffered(): number {
    return this.rows;
  }

  append(rec: FileRecord): void {
    const r = rec.report;
    if (!r) return;
    this.writers.reports.appendRow([...r.meta, JSON.stringify(r.values)]);
    const id = r.meta[0] as string;
    const year = r.meta[4] as number | null;
    this.writers.checks_json.appendRow([id, year, r.checks]);
    this.writers.texts.appendRow(textRow(rec));
    this.rows++;
  }

  /**
   * Starts writing the buffered reports as one Parquet part per table and year, and opens a fresh
   * buffer. Resolves once the previous batch is written (so at most two batches are ever held).
   */
  async flush(): Promise<void> {
    if (this.rows === 0) return;
    for (const w of Object.values(this.writers)) w.flush();
    for (const a of Object.values(this.appenders)) a.closeSync();
    const gen = this.generation++;
    this.rows = 0;
    await this.writing;
    await this.createBuffers();
    this.writing = this.write(gen);
    // A failed write must fail the build, not surface as an unhandled rejection.
    this.writing.catch(() => {});
  }

  private async write(gen: number): Promise<void> {
    const conn = this.copyConn;
    const t = (name: Buffer) => this.tableName(name, gen);
    const part = `${this.tag}-${String(gen).padStart(4, '0')}`;
    const wide = ident(`wide_${gen}`);
    await conn.run(`CREATE TABLE ${wide} AS ${expandReports(t('reports'))}`);
    const years = (await (await conn.runAndReadAll(`SELECT DISTINCT year FROM ${wide}`)).getRows()).map((r) => (r[0] === null ? null : Number(r[0])));
    // A COPY per year rather than PARTITION_BY: the partitioned writer holds every year's rows in
    // memory until the end, where one year at a time streams row group by row group.
    for (const year of years) {
      if (year !== null && !Number.isInteger(year)) throw new Error(`bad year ${year}`);
      const where = year === null ? 'year IS NULL' : `year = ${year}`;
      const copy = async (select: string, dir: string, options = '') => {
        const target = join(this.out, dir, `year=${year ?? 'NULL'}`);
        mkdirSync(target, { recursive: true });
        await conn.run(`COPY (SELECT * FROM (${select}) WHERE ${where}) TO ${sqlString(join(target, `part-${part}-0.parquet`))} (${PARQUET}${options})`);
      };
      await copy(`SELECT * REPLACE (${sqlString(part)} AS part) FROM ${wide}`, REPORT_PARTS);
      await copy(cellsSelect(`(SELECT * FROM ${wide} WHERE ${where})`, 'cell_map'), table('cells').path);
      await copy(
        `SELECT ${columnsOf('checks')} FROM (SELECT report_id, year, unnest(from_json(checks, ${CHECK_STRUCT}), recursive := true) FROM ${t('checks_json')} WHERE ${where})`,
        table('checks').path,
      );
      // Not sorted: a batch holds about a thousand reports a year, one row group of 2,048 (the smallest
      // DuckDB writes) per file, which the Report page reads whole through the report's `part`.
      await copy(`SELECT ${columnsOf('texts')} FROM ${t('texts')}`, table('texts').path, ', ROW_GROUP_SIZE 2048');
    }
    // Dropping the tables is what returns an in-memory database's memory.
    for (const name of Object.keys(BUFFERS) as Buffer[]) await conn.run(`DROP TABLE ${t(name)}`);
    await conn.run(`DROP TABLE ${wide}`);
    this.onWritten?.(gen);
  }

  /** Called once a batch's parts are all on disk: until then a worker's death loses them (pool.ts replays). */
  onWritten?: (gen: number) => void;

  /** The generation the next appended report goes into. */
  get current(): number {
    return this.generation;
  }

  /** Writes what is left and waits for every write to finish. */
  async close(): Promise<void> {
    await this.flush();
    await this.writing;
    for (const a of Object.values(this.appenders)) a.closeSync();
    this.appendConn.closeSync();
    this.copyConn.closeSync();
    this.instance.closeSync();
  }
}

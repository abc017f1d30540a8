/**
 * The Region page's report list, read a page at a time without loading every report. `reports` is
 * one file per year sorted by province, city, county code then id (src/dataset/write.ts), so each row
 * group's min/max statistics on the region codes are tight: a region's reports are read from the row
 * groups whose statistics can hold its code, and only the columns the list shows. The list is sorted
 * by year (latest first), then body name, then id; as every file holds one year, years are read
 * latest first only until the page is full, so even the whole country reads one year's list.
 * Nothing here reaches SQL: codes and filters are compared in JavaScript.
 */
import type { FileMetaData } from 'hyparquet';
import type { ManifestFile } from './manifest.ts';
import { openParquet, readRowGroups } from './parquet-source.ts';
import { LEVEL_COLUMN } from './queries.ts';

const ANY_LEVEL = ['province_code', 'city_code', 'county_code'];
/** Region codes are digits only (GB/T 2260, statistical codes); anything else never gets this far. */
const CODE = /^\d{2,12}$/;
/** What the list shows and filters on, besides the region code columns. */
const LIST_COLUMNS = ['id', 'org', 'body_type', 'template', 'status', 'n_failed_checks'];
/** Year slices kept once read (each one file's rows of one region); the oldest read is dropped first. */
const KEEP_SLICES = 64;

export interface ListRegion {
  code: string;
  /** province | city | county; another level (or none) matches the code at every level, as the rollup queries do. */
  level: string;
}

export interface ListFilters {
  y0: number | null;
  y1: number | null;
  bodies: string[];
  template: string | null;
}

/** A type, not an interface, so that it is a plain record (a QueryView row). */
export type ListRow = {
  id: string;
  org: string | null;
  year: number | null;
  body_type: string | null;
  status: string | null;
  n_failed_checks: number | null;
};

/** The code columns a region is matched on. */
export const regionColumns = (region: ListRegion): string[] => {
  const col = LEVEL_COLUMN[region.level];
  return col ? [col] : ANY_LEVEL;
};

/**
 * Row groups (indices) whose statistics of any of `columns` can hold `code`. A group whose column has
 * no usable min/max can hold anything, unless the column is null in every row of it.
 */
export function rowGroupsHolding(metadata: FileMetaData, columns: string[], code: string): number[] {
  const out: number[] = [];
  metadata.row_groups.forEach((group, g) => {
    const may = columns.some((name) => {
      const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name)?.meta_data;
      if (!chunk) return true;
      const st = chunk.statistics;
      if (st?.null_count !== undefined && Number(st.null_count) === Number(group.num_rows)) return false;
      const [min, max] = [st?.min_value ?? st?.min, st?.max_value ?? st?.max];
      if (typeof min !== 'string' || typeof max !== 'string') return true;
      return min <= code && code <= max;
    });
    if (may) out.push(g);
  });
  return out;
}

/**
 * Text in Unicode code point order with NULL last: DuckDB's order for VARCHAR (UTF-8 bytes). Plain
 * `<` compares UTF-16 code units, which puts characters beyond U+FFFF before U+E000–U+FFFF.
 */
export function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (D800–DFFF) stand for code points above FFFF: move them past E000–FFFF.
      const fix = (u: number) => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u);
      return fix(x) - fix(y);
    }
  }
  return a.length - b.length;
}

/** The list's order: year, latest first (NULL last), then org, then id. */
export function compareRows(a: ListRow, b: ListRow): number {
  if (a.year !== b.year) return a.year === null ? 1 : b.year === null ? -1 : b.year - a.year;
  return compareText(a.org, b.org) || compareText(a.id, b.id);
}

/** One file's reports of one region, with the file's rows in list order. */
interface Slice {
  rows: ListRow[];
  template: (string | null)[];
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const int = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);

export class ReportList {
  private slices = new Map<string, Promise<Slice>>();

  constructor(
    private readonly base: string,
    private readonly files: ManifestFile[],
  ) {}

  /**
   * The first `limit` reports of a region (`null`: the whole country) under the filters, in list
   * order. Files are read year by year, latest first, until `limit` rows are found; a region's files
   * (a few row groups each) are all read at once, the country's one at a time.
   */
  async page(region: ListRegion | null, f: ListFilters, limit: number): Promise<ListRow[]> {
    if (region && !CODE.test(region.code)) throw new Error(`bad region code ${JSON.stringify(region.code)}`);
    const inRange = (y: number | null) => y === null ? f.y0 === null && f.y1 === null : (f.y0 === null || y >= f.y0) && (f.y1 === null || y <= f.y1);
    // A file without a year in the manifest holds rows of any year (read from its column): read it last, with its rows filtered.
    const years = [...new Set(this.files.map((file) => file.year))].filter((y) => y === null || inRange(y)).sort((a, b) => (a === null ? 1 : b === null ? -1 : b - a));
    const steps = years.map((y) => this.files.filter((file) => file.year === y));
    if (region) for (const file of steps.flat()) void this.slice(file, region).catch(() => undefined);
    const keep = (s: Slice, i: number) => {
      const r = s.rows[i]!;
      return (f.bodies.length === 0 || (r.body_type !== null && f.bodies.includes(r.body_type))) && (f.template === null || s.template[i] === f.template) && inRange(r.year);
    };
    const out: ListRow[] = [];
    for (const files of steps) {
      if (out.length >= limit) break;
      const slices = await Promise.all(files.map((file) => this.slice(file, region)));
      const found = slices.flatMap((s) => s.rows.filter((_, i) => keep(s, i)));
      // One file is already in order; several files of one year are merged.
      // (Appended one by one: spreading a year of the whole country into push() can overflow the stack.)
      for (const r of slices.length > 1 || files[0]!.year === null ? found.sort(compareRows) : found) out.push(r);
    }
    return out.slice(0, limit);
  }

  private slice(file: ManifestFile, region: ListRegion | null): Promise<Slice> {
    const key = `${file.path}\n${region ? `${region.level}:${region.code}` : ''}`;
    let p = this.slices.get(key);
    if (p) {
      // Most recently used last, so the least recently used is dropped first.
      this.slices.delete(key);
      this.slices.set(key, p);
      return p;
    }
    p = this.read(file, region);
    p.catch(() => this.slices.delete(key));
    this.slices.set(key, p);
    for (const old of this.slices.keys()) {
      if (this.slices.size <= KEEP_SLICES) break;
      this.slices.delete(old);
    }
    return p;
  }

  private async read(file: ManifestFile, region: ListRegion | null): Promise<Slice> {
    const codeCols = region ? regionColumns(region) : [];
    const columns = [...LIST_COLUMNS, ...codeCols, ...(file.year === null ? ['year'] : [])];
    const { metadata } = await openParquet(this.base, file);
    const groups = region ? rowGroupsHolding(metadata, codeCols, region.code) : metadata.row_groups.map((_, g) => g);
    if (!groups.length) return { rows: [], template: [] };
    const cols = new Map((await readRowGroups(this.base, file, groups, columns)).map((c) => [c.name, c.values]));
    const col = (name: string) => cols.get(name)!;
    const codes = codeCols.map(col);
    const n = col('id').length;
    const rows: ListRow[] = [];
    const template: (string | null)[] = [];
    for (let i = 0; i < n; i++) {
      // The statistics only narrowed the read; the region is matched exactly here.
      if (region && !codes.some((c) => c[i] === region.code)) continue;
      rows.push({
        id: String(col('id')[i]),
        org: str(col('org')[i]),
        year: file.year ?? int(col('year')[i]),
        body_type: str(col('body_type')[i]),
        status: str(col('status')[i]),
        n_failed_checks: int(col('n_failed_checks')[i]),
      });
      template.push(str(col('template')[i]));
    }
    const order = rows.map((_, i) => i).sort((a, b) => compareRows(rows[a]!, rows[b]!));
    return { rows: order.map((i) => rows[i]!), template: order.map((i) => template[i]!) };
  }
}

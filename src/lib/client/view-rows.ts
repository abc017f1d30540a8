/**
 * "The rows behind the view": the per-report rows of `reports` that the current filters select, with
 * the cells the view's metrics read, for download. Pure: which columns, what SQL, which headers and
 * file name. The SQL names only fixed columns and cell columns from the template (checked against
 * the allow-list below); every value from the URL (years, codes, body types, template) is a
 * prepared-statement parameter, through the same `where` as every chart's query.
 */
import { perReportSql, TOTAL_PARTS, totalKeyOfEff } from '../coverage.ts';
import { bodyLabel, type Lang } from '../i18n.ts';
import type { Metric } from '../metrics.ts';
import { ALL_CELLS, CELL_BY_KEY, columnName } from '../template.ts';
import type { Param } from './connectors/wasm.ts';
import type { Query } from './coordinator.ts';
import { where, type Filters, type LevelOf } from './queries.ts';

/** The report's identity and place, before its cells (all columns of `reports`). */
export const ROW_META: readonly { name: string; zh: string; en: string }[] = [
  { name: 'id', zh: '报告编号', en: 'Report id' },
  { name: 'year', zh: '年度', en: 'Year' },
  { name: 'org', zh: '机关', en: 'Body' },
  { name: 'body_type', zh: '机关类型', en: 'Body type' },
  { name: 'template', zh: '模板', en: 'Template' },
  { name: 'status', zh: '状态', en: 'Status' },
  { name: 'n_issues', zh: '解析提示数', en: 'Parser issues' },
  { name: 'n_failed_checks', zh: '未通过校验数', en: 'Failed checks' },
  { name: 'region_code', zh: '地区代码', en: 'Region code' },
  { name: 'region_level', zh: '地区层级', en: 'Region level' },
  { name: 'province_code', zh: '省级代码', en: 'Province code' },
  { name: 'province', zh: '省级', en: 'Province' },
  { name: 'city_code', zh: '地级代码', en: 'City code' },
  { name: 'city', zh: '地级', en: 'City' },
  { name: 'county_code', zh: '县级代码', en: 'County code' },
  { name: 'county', zh: '县级', en: 'County' },
  { name: 'confidence', zh: '地区定位', en: 'Placement' },
  { name: 'file', zh: '源文件', en: 'Source file' },
];

const CELL_COLUMN_KEY = new Map(ALL_CELLS.map((c) => [columnName(c.key), c.key]));
const IDENT = /^[a-z_][a-z0-9_]*$/;

export interface RowColumns {
  /** Columns read from `reports` as printed. */
  printed: string[];
  /** Effective totals computed per report (printed 总计, else the sum of its printed parts): what the charts sum. */
  eff: string[];
}

/**
 * The columns behind the metrics: every printed cell they read, and for a total they read as its
 * effective value, the printed total, its printed parts and the effective value itself, so that a
 * column of the file sums to the chart's figure and the reader sees where a derived total comes from.
 */
export function rowColumns(metrics: readonly Metric[]): RowColumns {
  const printed = new Set<string>();
  const eff = new Set<string>();
  for (const m of metrics)
    for (const c of m.cells) {
      const total = totalKeyOfEff(c);
      if (total) {
        printed.add(columnName(total));
        for (const p of TOTAL_PARTS.get(total) ?? []) printed.add(columnName(p));
        eff.add(c);
      } else printed.add(c);
    }
  for (const c of printed) if (!CELL_COLUMN_KEY.has(c)) throw new Error(`view rows: ${c} is not a cell column`);
  return { printed: [...printed], eff: [...eff] };
}

/** Every column `reports` must supply for these rows. */
export const sourceColumns = (cols: RowColumns): string[] => [...ROW_META.map((c) => c.name), ...cols.printed];

/** The output's columns, in order. */
export const outputColumns = (cols: RowColumns): string[] => [...sourceColumns(cols), ...cols.eff];

/**
 * The rows of `table` (the loaded slice of `reports`) that the filters select, in a stable order.
 * `extra` narrows as the chart does (a chart by region leaves out reports with no region of that level).
 */
export function viewRowsSql(table: string, f: Filters, levelOf: LevelOf, cols: RowColumns, extra: { sql: string; params: Param[] }[] = []): { sql: string; params: Param[] } {
  const names = outputColumns(cols);
  for (const n of [table, ...names]) if (!IDENT.test(n)) throw new Error(`view rows: bad identifier ${JSON.stringify(n)}`);
  const w = where(f, levelOf, extra);
  const select = [...sourceColumns(cols), ...cols.eff.map((c) => `${perReportSql(c)} AS ${c}`)].join(', ');
  return {
    sql: `SELECT ${select} FROM ${table} ${w.sql} ORDER BY year, province_code NULLS LAST, city_code NULLS LAST, county_code NULLS LAST, id`,
    params: w.params,
  };
}

/** How many reports the rows will be: the rollup's counts under the same WHERE (no report is read). */
export function viewCountQuery(f: Filters, levelOf: LevelOf, extra: { sql: string; params: Param[] }[] = []): Query {
  const w = where(f, levelOf, extra);
  return { sql: `SELECT SUM(reports) AS n FROM rollup ${w.sql}`, params: w.params, columns: [] };
}

/** A header cell: the label in the page's language with the dataset's column name (docs/data.md). */
export function headerOf(column: string, lang: Lang): string {
  const zh = lang === 'zh';
  const meta = ROW_META.find((c) => c.name === column);
  if (meta) return `${zh ? meta.zh : meta.en} (${column})`;
  const total = totalKeyOfEff(column);
  const cell = CELL_BY_KEY.get(total ?? CELL_COLUMN_KEY.get(column) ?? '');
  if (!cell) return column;
  const label = zh ? `${cell.rowLabel}·${cell.colLabel}` : `${cell.rowEn}: ${cell.colEn}`;
  const unit = cell.unit === 'wan_yuan' ? (zh ? '（万元）' : ' (10k yuan)') : '';
  const derived = total ? (zh ? '（总计未填时按分项合计）' : ' (total, else the sum of its printed parts)') : '';
  return `${label}${unit}${derived} (${column})`;
}

/** A value as a CSV field: blank stays blank (never 0), numbers as stored, no thousands separators. */
export function rawField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export interface NameParts {
  lang: Lang;
  /** The page (探索, 对比). */
  page: string;
  /** What the filters select: metric, years, regions, body types, template… */
  filters: string[];
  /** yyyy-mm-dd */
  date: string;
}

/**
 * A file name that says what the file holds: `gongkai_明细_探索_新收申请_2020-2023_江西省_2026-12-02.csv`.
 * The filters are shortened when long, never the page or the date.
 */
export function rowsFileName(p: NameParts, ext: string): string {
  const clean = (s: string) => s.replace(/[\\/:*?"<>|\s·,，、]+/g, '_').replace(/^_+|_+$/g, '');
  const head = ['gongkai', p.lang === 'zh' ? '明细' : 'rows', p.page].map(clean);
  const filters = clean(p.filters.filter(Boolean).join('_')).slice(0, 90).replace(/_+$/, '');
  return `${[...head, filters, p.date].filter(Boolean).join('_')}.${ext}`;
}

/** The filter words of a file name, from the same parts as a chart's context line. */
export function filterWords(lang: Lang, f: { y0: number | null; y1: number | null; years: readonly number[]; regions: string[]; bodies: string[]; template: string | null }): string[] {
  const from = f.y0 ?? f.years[0];
  const to = f.y1 ?? f.years.at(-1);
  return [
    from === undefined || to === undefined ? '' : from === to ? String(from) : `${from}-${to}`,
    f.regions.length ? f.regions.join('+') : lang === 'zh' ? '全国' : 'China',
    f.bodies.map((b) => bodyLabel(lang, b)).join('+'),
    f.template ? (lang === 'zh' ? `${f.template}版` : `template${f.template}`) : '',
  ];
}

export const today = (d = new Date()): string => d.toISOString().slice(0, 10);

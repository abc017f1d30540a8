/**
 * The dataset's tables and columns, described once: the build creates its tables from this, and
 * docs/data.md is generated from it (npm run docs). The cell columns come from the template description.
 */
import { ALL_CELLS, columnName, sectionOf, type CellDef } from '../lib/template.ts';
import { COVERAGE_COLUMNS } from './coverage.ts';

export type SqlType = 'VARCHAR' | 'SMALLINT' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN';

export interface Column {
  name: string;
  type: SqlType;
  description: string;
}

export interface TableDef {
  name: string;
  /** Where the table lives in the dataset, relative to OUT_DIR. */
  path: string;
  /** Partitioned by year in Hive layout (`year=2023/*.parquet`), each file keeping its year column. */
  byYear: boolean;
  description: string;
  columns: Column[];
}

const col = (name: string, type: SqlType, description: string): Column => ({ name, type, description });

/**
 * Rows per row group of a `reports` year file. The file is sorted by province, city, county then id,
 * so each row group's min/max statistics on the region codes are tight and a reader fetches only the
 * row groups of one region (the Region page's report list). Smaller groups would skip more finely,
 * but every row group adds a footer entry for each of the ~250 columns (about 27 KB a group), and the
 * footer is read whole: at 16,384 a national year's footer is about 350 KB and a province's rows span
 * one or two of its thirteen groups.
 */
export const REPORTS_ROW_GROUP_SIZE = 16_384;

export const cellColumnType = (cell: CellDef): SqlType => (cell.unit === 'wan_yuan' ? 'DOUBLE' : 'INTEGER');

/** One column per cell of either template, in ALL_CELLS order. */
export const CELL_COLUMNS: Column[] = ALL_CELLS.map((cell) =>
  col(
    columnName(cell.key),
    cellColumnType(cell),
    `${sectionOf(cell.section).label.slice(2)} · ${cell.rowLabel} · ${cell.colLabel}` +
      `${cell.unit === 'wan_yuan' ? '（万元）' : ''}${cell.signed ? '（可为负）' : ''} — ${cell.rowEn}: ${cell.colEn}` +
      ` [template ${cell.template}]`,
  ),
);

const REGION_COLUMNS: Column[] = [
  col('region_code', 'VARCHAR', 'Code of the most specific division the body was placed in (GB/T 2260 / statistical code), or NULL'),
  col('region_level', 'VARCHAR', 'province | city | county | township, or NULL when unresolved'),
  col('province_code', 'VARCHAR', 'Province code, 6 digits (GB/T 2260, e.g. 360000)'),
  col('province', 'VARCHAR', 'Province name'),
  col('city_code', 'VARCHAR', 'Prefecture-level city code, 6 digits (e.g. 360700; a 直辖市 is its own city, 110000)'),
  col('city', 'VARCHAR', 'City name'),
  col('county_code', 'VARCHAR', 'County-level code, 6 digits (e.g. 361125)'),
  col('county', 'VARCHAR', 'County name'),
  col('township_code', 'VARCHAR', 'Township / street code, 9 digits (统计用区划代码, e.g. 410502002)'),
  col('township', 'VARCHAR', 'Township name'),
  col('confidence', 'VARCHAR', 'Region resolution: exact | inferred | ambiguous | unresolved'),
];

/** The columns of `reports` before the cell columns, in order. */
export const REPORT_META_COLUMNS: Column[] = [
  col('id', 'VARCHAR', 'First 16 hex characters of the SHA-256 of the file bytes'),
  col('file', 'VARCHAR', 'Path of the source file relative to the input directory'),
  col('org', 'VARCHAR', 'The issuing body as it names itself (Simplified)'),
  col('body_type', 'VARCHAR', 'government | gov_office | department | township | zone | other'),
  col('year', 'SMALLINT', 'The year reported on'),
  col('template', 'VARCHAR', "Template version: '2019' or '2021'"),
  col('script', 'VARCHAR', 'Script of the source: simplified | traditional'),
  col('status', 'VARCHAR', 'ok, or warning when the parser noted issues or a 勾稽关系 check failed'),
  col('n_issues', 'INTEGER', 'Number of parser issues (warnings)'),
  col('n_failed_checks', 'INTEGER', 'Number of failed arithmetic checks'),
  ...REGION_COLUMNS,
  col(
    'part',
    'VARCHAR',
    "The batch that wrote this report's rows of cells, checks and texts: they are in `<table>/year=<year>/part-<part>-0.parquet`, so one report's rows are read from one file",
  ),
];

export const TABLES: TableDef[] = [
  {
    name: 'reports',
    path: 'reports',
    byYear: true,
    description: 'One row per usable report (status ok or warning), one column per cell of either template; cells not in the report\'s template and blank cells are NULL.',
    columns: [...REPORT_META_COLUMNS, ...CELL_COLUMNS],
  },
  {
    name: 'cells',
    path: 'cells',
    byYear: true,
    description: "Long form of the cells: one row per cell of each report's own template; blank cells kept as NULL.",
    columns: [
      col('report_id', 'VARCHAR', 'reports.id'),
      col('year', 'SMALLINT', 'reports.year'),
      col('province_code', 'VARCHAR', 'reports.province_code'),
      col('section', 'VARCHAR', 'active | requests | appeals'),
      col('row', 'VARCHAR', 'Row id within the section (see the cell list below)'),
      col('col', 'VARCHAR', 'Column id within the row'),
      col('value', 'DOUBLE', 'The number printed, money in 万元; NULL for a blank cell'),
    ],
  },
  {
    name: 'checks',
    path: 'checks',
    byYear: true,
    description: 'Every arithmetic check (勾稽关系) applied to every report.',
    columns: [
      col('report_id', 'VARCHAR', 'reports.id'),
      col('year', 'SMALLINT', 'reports.year'),
      col('rule', 'VARCHAR', 'Stable rule id, e.g. requests.balance'),
      col('scope', 'VARCHAR', 'The column or row the rule was applied to'),
      col('ok', 'BOOLEAN', 'Whether the check held'),
      col('detail', 'VARCHAR', 'Both sides and their values (Chinese)'),
    ],
  },
  {
    name: 'texts',
    path: 'texts',
    byYear: true,
    description: "The decoded source text of each report (HTML reduced to text), in row groups of 2,048 rows (the smallest DuckDB writes): a build batch's part holds about a thousand reports a year, so one report's text costs one row group's read of the file its `reports.part` names; the part of reused rows is sorted by report_id so its row groups can be skipped by their statistics.",
    columns: [
      col('report_id', 'VARCHAR', 'reports.id'),
      col('year', 'SMALLINT', 'reports.year'),
      col('file', 'VARCHAR', 'reports.file'),
      col('text', 'VARCHAR', 'The text as published'),
    ],
  },
  {
    name: 'inputs',
    path: 'inputs.parquet',
    byYear: false,
    description: 'Every input file, usable or not: nothing is lost. Errored and duplicate files appear only here (and in build-report.json).',
    columns: [
      col('file', 'VARCHAR', 'Path relative to the input directory'),
      col('id', 'VARCHAR', 'First 16 hex characters of hash'),
      col('bytes', 'BIGINT', 'File size'),
      col('hash', 'VARCHAR', 'SHA-256 of the file bytes (hex)'),
      col('status', 'VARCHAR', "ok | warning | error | duplicate (same bytes as another file, which holds the report row) | skipped (not read: a link leaving IN_DIR or dangling, a FIFO, a socket)"),
      col('code', 'VARCHAR', 'Machine-readable code of the first issue (e.g. binary_file, duplicate), or NULL'),
      col('message', 'VARCHAR', 'Human-readable message(s), or NULL'),
      col('mtime_ms', 'DOUBLE', 'Modification time seen by the build (lets a rebuild skip unchanged files without reading them)'),
    ],
  },
  {
    name: 'sources',
    path: 'sources.parquet',
    byYear: false,
    description:
      'Where each input file was fetched from, when the input folder was collected by `gongkai fetch` (its manifest.json); empty otherwise. Join on reports.file; a file published at two URLs has a row for each.',
    columns: [
      col('file', 'VARCHAR', 'Path relative to the input directory (reports.file, inputs.file)'),
      col('url', 'VARCHAR', 'The URL the file was fetched from'),
      col('kind', 'VARCHAR', 'page (a report published as a web page) | attachment (a file a report page links)'),
      col('report_page', 'VARCHAR', 'The report page the file belongs to (the page itself for kind page)'),
      col('title', 'VARCHAR', 'The title the report page gives'),
      col('published', 'VARCHAR', 'Publication date the page shows (YYYY-MM-DD), or NULL'),
      col('fetched_at', 'VARCHAR', 'When the file was fetched (ISO 8601, UTC)'),
      col('sha256', 'VARCHAR', 'SHA-256 of the bytes fetched (hex)'),
    ],
  },
  {
    name: 'regions',
    path: 'regions.parquet',
    byYear: false,
    description: 'The divisions that appear in reports, with all their ancestors.',
    columns: [
      col('code', 'VARCHAR', 'Division code'),
      col('level', 'VARCHAR', 'province | city | county | township'),
      col('name', 'VARCHAR', 'Name'),
      col('parent_code', 'VARCHAR', 'Code of the nearest known ancestor, NULL for provinces'),
      col('province_code', 'VARCHAR', 'Province of the division'),
      col('city_code', 'VARCHAR', 'City of the division, if any'),
      col('county_code', 'VARCHAR', 'County of the division, if any'),
    ],
  },
  {
    name: 'rollup_region_year',
    path: 'rollup_region_year.parquet',
    byYear: false,
    description:
      'Small per-region-year totals the dashboard loads first: one row per (year, province_code, city_code, county_code, body_type, template), the number of reports, and the SUM of every cell column under the same name (NULL when every value is NULL).',
    columns: [
      col('year', 'SMALLINT', 'reports.year'),
      col('province_code', 'VARCHAR', 'reports.province_code'),
      col('city_code', 'VARCHAR', 'reports.city_code'),
      col('county_code', 'VARCHAR', 'reports.county_code'),
      col('body_type', 'VARCHAR', 'reports.body_type'),
      col('template', 'VARCHAR', 'reports.template'),
      col('reports', 'BIGINT', 'Number of reports in the group'),
      col('n_warning', 'BIGINT', 'Number of those with status warning'),
      ...CELL_COLUMNS.map((c) => col(c.name, c.type === 'INTEGER' ? 'BIGINT' : 'DOUBLE', `SUM of reports.${c.name}`)),
      ...COVERAGE_COLUMNS,
    ],
  },
  {
    name: 'cross_checks',
    path: 'cross_checks.parquet',
    byYear: false,
    description:
      'Cross-year checks (src/lib/cross-year.ts): one row per report, the same body\'s report of the year before (same region_code and normalised org), rule and scope, where both sides are printed. Sorted by report_id.',
    columns: [
      col('body_key', 'VARCHAR', 'region_code | normalised org'),
      col('year', 'SMALLINT', 'Year of the later report'),
      col('report_id', 'VARCHAR', 'The later report'),
      col('prev_year', 'SMALLINT', 'Year of the earlier report'),
      col('prev_report_id', 'VARCHAR', 'The earlier report'),
      col('rule', 'VARCHAR', 'cross.carried_over | cross.prev_items'),
      col('scope', 'VARCHAR', 'Applicant column (carried over) or section-2 row (2019 items)'),
      col('expected', 'DOUBLE', "The earlier report's side"),
      col('actual', 'DOUBLE', "The later report's cell"),
      col('ok', 'BOOLEAN', 'Whether they are equal'),
    ],
  },
  {
    name: 'body_years',
    path: 'body_years.parquet',
    byYear: false,
    description: 'Every report whose body has an identity across years (region_code and org), sorted by body_key then year: the Report page steps to the same body\'s other years.',
    columns: [
      col('body_key', 'VARCHAR', 'region_code | normalised org'),
      col('year', 'SMALLINT', 'reports.year'),
      col('report_id', 'VARCHAR', 'reports.id'),
      col('org', 'VARCHAR', 'reports.org'),
    ],
  },
  {
    name: 'rollup_checks',
    path: 'rollup_checks.parquet',
    byYear: false,
    description:
      'Arithmetic checks counted per (year, province_code, body_type, template, rule), so the data-quality view never needs the per-report checks: how many were applied and how many failed.',
    columns: [
      col('year', 'SMALLINT', 'reports.year'),
      col('province_code', 'VARCHAR', 'reports.province_code'),
      col('body_type', 'VARCHAR', 'reports.body_type'),
      col('template', 'VARCHAR', 'reports.template'),
      col('rule', 'VARCHAR', 'checks.rule'),
      col('checks', 'BIGINT', 'Number of checks of this rule applied in the group'),
      col('failed', 'BIGINT', 'Number of them that failed'),
    ],
  },
];

export const table = (name: string): TableDef => {
  const t = TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
};

/** A SQL identifier, quoted; every name here is from this module, never from input. */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * The metrics catalogue: every number the dashboard shows is one of these. Each metric is a set of
 * aggregate SQL expressions over the data contract's cell columns, built from `template.ts` so no
 * label or column name is copied here. The expressions aggregate with SUM, which gives the same
 * answer over the per-report `reports` table and over `rollup_region_year` (whose cell columns are
 * already sums under the same names), so one catalogue serves both.
 */
import { ALL_CELLS, APPLICANT_COLS, CELL_BY_KEY, ROWS, columnName, type CellDef } from './template.ts';
import { TOTAL_PARTS, effColumn } from './coverage.ts';

export type MetricUnit = 'count' | 'wan_yuan' | 'ratio';
export type MetricGroup = 'requests' | 'outcomes' | 'appeals' | 'active';

/** One series of a metric: a single aggregate expression. */
export interface MetricPart {
  id: string;
  zh: string;
  en: string;
  /** Aggregate SQL over allow-listed column names only. */
  sql: string;
}

export interface Metric {
  id: string;
  group: MetricGroup;
  zh: string;
  en: string;
  unit: MetricUnit;
  descZh: string;
  descEn: string;
  /** One part for a single figure; several for a breakdown (shown stacked). */
  parts: MetricPart[];
  /**
   * Every rollup column the expressions read (cells, effective totals, the coverage counts): what
   * must be loaded before the metric can be queried.
   */
  columns: string[];
  /** The per-report columns behind the figure (cells and effective totals): blank when all are. */
  cells: string[];
  /** Ratios cannot be divided by the number of bodies. */
  perBody: boolean;
  /** A ratio's base (its denominator, a count of requests or cases), shown beside it. */
  base?: string;
  /** How many reports leave the figure blank, and how many give it only as a sum of printed parts. */
  coverage: { blank: string; derived: string };
}

/** Below this base (requests, cases) a rate is flagged, not presented as a fact. */
export const MIN_RATE_BASE = 20;

/** Rollup columns counting, per group, the reports that leave a metric blank / derive its total. */
export const coverageColumns = (id: string): { blank: string; derived: string } => ({ blank: `cov__${id}__blank`, derived: `cov__${id}__derived` });

const col = (key: string): string => {
  const cell = CELL_BY_KEY.get(key);
  if (!cell) throw new Error(`metrics: unknown cell key ${key}`);
  return columnName(cell.key);
};
/** A total with parts reads its effective value (printed, else the sum of printed parts). */
const figure = (key: string): string => (TOTAL_PARTS.has(key) ? effColumn(key) : col(key));
const sum = (key: string): string => `SUM(${figure(key)})`;
const sum0 = (key: string): string => `COALESCE(SUM(${figure(key)}), 0)`;
/** A sum of several cells that is blank, not 0, when every one of them is blank. */
const sumAll = (keys: string[]): string =>
  keys.length === 1 ? sum(keys[0]!) : `CASE WHEN ${keys.map((k) => `${sum(k)} IS NULL`).join(' AND ')} THEN NULL ELSE ${keys.map(sum0).join(' + ')} END`;
/** Sum of the first non-null of keys per row: one column per template that means the same thing. */
const sumEither = (...keys: string[]): string => `SUM(COALESCE(${keys.map(col).join(', ')}))`;
const ratio = (num: string, den: string): string => `(${num}) / NULLIF(${den}, 0)`;

const requestRows = (prefix: string) => ROWS.filter((r) => r.section === 'requests' && r.row.startsWith(prefix));
const uniqueRows = <T extends { row: string }>(rows: T[]): T[] => [...new Map(rows.map((r) => [r.row, r])).values()];
const breakdown = (prefix: string): MetricPart[] =>
  uniqueRows(requestRows(prefix)).map((r) => ({
    id: r.row,
    zh: r.label.replace(/^.*\s/, '').replace(/^\d+\./, ''),
    en: r.en.replace(/^[^:]+:\s*/, ''),
    sql: sum(`requests.${r.row}.total`),
  }));

const ORG_COLS = APPLICANT_COLS.filter((c) => c.col !== 'natural_person' && c.col !== 'total');

const CELL_NAMES = new Set([...ALL_CELLS.map((c: CellDef) => columnName(c.key)), ...[...TOTAL_PARTS.keys()].map(effColumn)]);
const namesIn = (sql: string): string[] => (sql.match(/[a-z][a-z0-9_]*/g) ?? []).filter((w) => CELL_NAMES.has(w));

function def(m: Omit<Metric, 'columns' | 'cells' | 'perBody' | 'coverage'> & { perBody?: boolean }): Metric {
  const cells = [...new Set([...m.parts.flatMap((p) => namesIn(p.sql)), ...namesIn(m.base ?? '')])];
  const coverage = coverageColumns(m.id);
  return { ...m, cells, columns: [...cells, coverage.blank, coverage.derived], coverage, perBody: m.perBody ?? m.unit !== 'ratio' };
}

const single = (id: string, zh: string, en: string, sql: string): MetricPart[] => [{ id, zh, en, sql }];

export const METRICS: readonly Metric[] = [
  def({
    id: 'applications', group: 'requests', unit: 'count', zh: '新收申请', en: 'New requests',
    descZh: '本年新收政府信息公开申请数量（总计列）。', descEn: 'Disclosure requests received this year (total column).',
    parts: single('applications', '新收申请', 'New requests', sum('requests.new_received.total')),
  }),
  def({
    id: 'carried_over', group: 'requests', unit: 'count', zh: '上年结转', en: 'Carried over',
    descZh: '上年结转政府信息公开申请数量。', descEn: 'Requests carried over from the previous year.',
    parts: single('carried_over', '上年结转', 'Carried over', sum('requests.carried_over.total')),
  }),
  def({
    id: 'handled', group: 'outcomes', unit: 'count', zh: '办理总计', en: 'Handled',
    descZh: '本年度办理结果总计。', descEn: 'Requests handled this year (total of all outcomes).',
    parts: single('handled', '办理总计', 'Handled', sum('requests.total.total')),
  }),
  def({
    id: 'disclosure_rate', group: 'outcomes', unit: 'ratio', zh: '公开率', en: 'Disclosure rate',
    descZh: '（予以公开 + 部分公开）÷ 办理总计。', descEn: '(granted + partly granted) ÷ handled.',
    parts: single('disclosure_rate', '公开率', 'Disclosure rate',
      ratio(`${sum0('requests.granted.total')} + ${sum0('requests.partly_granted.total')}`, sum('requests.total.total'))),
    base: sum('requests.total.total'),
  }),
  def({
    id: 'outcome_mix', group: 'outcomes', unit: 'count', zh: '办理结果构成', en: 'Outcome mix',
    descZh: '予以公开、部分公开、不予公开、无法提供、不予处理、其他处理。', descEn: 'Granted, partly granted, denied, unable, not processed, other.',
    parts: [
      { id: 'granted', zh: '予以公开', en: 'Granted', sql: sum('requests.granted.total') },
      { id: 'partly_granted', zh: '部分公开', en: 'Partly granted', sql: sum('requests.partly_granted.total') },
      { id: 'denied', zh: '不予公开', en: 'Denied', sql: sumAll(requestRows('denied_').map((r) => `requests.${r.row}.total`)) },
      { id: 'unable', zh: '无法提供', en: 'Unable to provide', sql: sumAll(requestRows('unable_').map((r) => `requests.${r.row}.total`)) },
      { id: 'rejected', zh: '不予处理', en: 'Not processed', sql: sumAll(requestRows('rejected_').map((r) => `requests.${r.row}.total`)) },
      { id: 'other', zh: '其他处理', en: 'Other handling', sql: sumAll(uniqueRows(requestRows('other')).map((r) => `requests.${r.row}.total`)) },
    ],
  }),
  def({
    id: 'refusals', group: 'outcomes', unit: 'count', zh: '不予公开（按理由）', en: 'Refusals by reason',
    descZh: '不予公开的八类理由。', descEn: 'Requests denied, by the eight statutory reasons.',
    parts: breakdown('denied_'),
  }),
  def({
    id: 'unable', group: 'outcomes', unit: 'count', zh: '无法提供（按理由）', en: 'Unable to provide, by reason',
    descZh: '无法提供的三类理由。', descEn: 'Requests the body could not answer, by reason.',
    parts: breakdown('unable_'),
  }),
  def({
    id: 'not_processed', group: 'outcomes', unit: 'count', zh: '不予处理（按理由）', en: 'Not processed, by reason',
    descZh: '不予处理的五类理由。', descEn: 'Requests not processed, by reason.',
    parts: breakdown('rejected_'),
  }),
  def({
    id: 'applicant_mix', group: 'requests', unit: 'count', zh: '申请人构成', en: 'Applicant mix',
    descZh: '新收申请中自然人与法人或其他组织的数量。', descEn: 'New requests from natural persons vs organisations.',
    parts: [
      { id: 'natural_person', zh: '自然人', en: 'Natural persons', sql: sum('requests.new_received.natural_person') },
      { id: 'organisations', zh: '法人或其他组织', en: 'Organisations', sql: sumAll(ORG_COLS.map((c) => `requests.new_received.${c.col}`)) },
    ],
  }),
  def({
    id: 'reviews', group: 'appeals', unit: 'count', zh: '行政复议', en: 'Administrative reviews',
    descZh: '政府信息公开行政复议案件总计。', descEn: 'Administrative reviews about disclosure (total).',
    parts: single('reviews', '行政复议', 'Administrative reviews', sum('appeals.review.total')),
  }),
  def({
    id: 'review_correction_rate', group: 'appeals', unit: 'ratio', zh: '复议纠正率', en: 'Review correction rate',
    descZh: '行政复议结果纠正 ÷ 行政复议总计。', descEn: 'Reviews corrected ÷ reviews in total.',
    parts: single('review_correction_rate', '复议纠正率', 'Review correction rate', ratio(sum0('appeals.review.corrected'), sum('appeals.review.total'))),
    base: sum('appeals.review.total'),
  }),
  def({
    id: 'lawsuits', group: 'appeals', unit: 'count', zh: '行政诉讼', en: 'Lawsuits',
    descZh: '未经复议直接起诉与复议后起诉的总计。', descEn: 'Lawsuits filed directly and after review (total).',
    parts: [
      { id: 'litigation_direct', zh: '未经复议直接起诉', en: 'Without prior review', sql: sum('appeals.litigation_direct.total') },
      { id: 'litigation_after_review', zh: '复议后起诉', en: 'After review', sql: sum('appeals.litigation_after_review.total') },
    ],
  }),
  def({
    id: 'lawsuit_correction_rate', group: 'appeals', unit: 'ratio', zh: '诉讼纠正率', en: 'Lawsuit correction rate',
    descZh: '行政诉讼结果纠正 ÷ 行政诉讼总计（两类诉讼合计）。', descEn: 'Lawsuits corrected ÷ lawsuits in total (both kinds).',
    parts: single('lawsuit_correction_rate', '诉讼纠正率', 'Lawsuit correction rate', ratio(
      `${sum0('appeals.litigation_direct.corrected')} + ${sum0('appeals.litigation_after_review.corrected')}`,
      `${sum0('appeals.litigation_direct.total')} + ${sum0('appeals.litigation_after_review.total')}`)),
    base: sumAll(['appeals.litigation_direct.total', 'appeals.litigation_after_review.total']),
  }),
  def({
    id: 'licences', group: 'active', unit: 'count', zh: '行政许可决定', en: 'Licence decisions',
    descZh: '行政许可处理决定数量。', descEn: 'Administrative licence decisions.',
    parts: single('licences', '行政许可决定', 'Licence decisions', sum('active.license.decisions')),
  }),
  def({
    id: 'penalties', group: 'active', unit: 'count', zh: '行政处罚决定', en: 'Penalty decisions',
    descZh: '行政处罚处理决定数量。', descEn: 'Administrative penalty decisions.',
    parts: single('penalties', '行政处罚决定', 'Penalty decisions', sum('active.penalty.decisions')),
  }),
  def({
    id: 'coercion', group: 'active', unit: 'count', zh: '行政强制决定', en: 'Coercion decisions',
    descZh: '行政强制处理决定数量。', descEn: 'Administrative coercion decisions.',
    parts: single('coercion', '行政强制决定', 'Coercion decisions', sum('active.coercion.decisions')),
  }),
  def({
    id: 'fees', group: 'active', unit: 'wan_yuan', zh: '行政事业性收费', en: 'Fees collected',
    descZh: '本年收费金额（万元），仅2021版模板填报。', descEn: 'Administrative fees collected (10k yuan); only the 2021 template asks for it.',
    parts: single('fees', '行政事业性收费', 'Fees collected', sum('active.fees.amount_wan')),
  }),
  def({
    id: 'normative_docs', group: 'active', unit: 'count', zh: '规范性文件制发', en: 'Normative documents issued',
    descZh: '本年制发（2021版）或新制作（2019版）的规范性文件件数。', descEn: 'Normative documents issued (2021 template) or made (2019 template) this year.',
    parts: single('normative_docs', '规范性文件制发', 'Normative documents issued', sumEither('active.normative_docs.issued', 'active.normative_docs.made')),
  }),
];

export const METRIC_BY_ID: ReadonlyMap<string, Metric> = new Map(METRICS.map((m) => [m.id, m]));
export const DEFAULT_METRIC = 'applications';

/** The figures the overview leads with. */
export const HEADLINE_METRICS = ['applications', 'handled', 'disclosure_rate', 'reviews', 'lawsuits', 'licences'] as const;

/** A metric's single figure: the sum of its parts (ratios have one part). */
export const totalExpression = (m: Metric): string =>
  m.parts.length === 1
    ? m.parts[0]!.sql
    : `CASE WHEN ${m.parts.map((p) => `(${p.sql}) IS NULL`).join(' AND ')} THEN NULL ELSE ${m.parts.map((p) => `COALESCE(${p.sql}, 0)`).join(' + ')} END`;

export const metricName = (m: Metric, lang: 'zh' | 'en'): string => (lang === 'zh' ? m.zh : m.en);
export const partName = (p: MetricPart, lang: 'zh' | 'en'): string => (lang === 'zh' ? p.zh : p.en);

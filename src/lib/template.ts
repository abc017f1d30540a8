/**
 * The two national templates of the annual report (2019 format and its 2021 revision), described
 * once, as data. The parser, the arithmetic checks, the Parquet schema, the docs and the UI all read
 * this module; `tests/template.test.ts` proves it equals the data contract `data/spec/cells.tsv`.
 *
 * Keys (`section.row.col`) are public API: extend, never rename.
 */

export type TemplateVersion = '2019' | '2021';
export type TemplateScope = TemplateVersion | 'both';
export type SectionId = 'active' | 'requests' | 'appeals';
/** `count` is a plain number of items; `wan_yuan` is money in 万元 (10,000 yuan). */
export type Unit = 'count' | 'wan_yuan';

export interface ColDef {
  col: string;
  label: string;
  en: string;
  unit?: Unit;
  /** 本年增/减 may be negative. */
  signed?: boolean;
}

export interface RowDef {
  section: SectionId;
  row: string;
  template: TemplateScope;
  /** The label exactly as the data contract spells it. */
  label: string;
  en: string;
  /**
   * Fragments that identify the row in a report once its label has been normalised (Simplified,
   * half-width, no white space, numbering kept). Tried in order; the first row whose fragment
   * occurs wins, so rows sharing words list the more specific one first.
   */
  match: RegExp[];
  cols: readonly ColDef[];
  /**
   * Rows this one stands for when printed alone: a 2021 report prints either the one collapsed
   * （六）其他处理 row or its three sub-rows, and whichever it prints, the other is not missing.
   */
  collapses?: readonly string[];
  /** `section.row`, and the cell key of each column in order (derived, for lookups). */
  id: string;
  keys: readonly string[];
}

export interface SectionDef {
  id: SectionId;
  label: string;
  en: string;
  /** Fragments of the section heading, for finding it in a report. */
  heading: RegExp;
}

export interface CellDef {
  key: string;
  section: SectionId;
  row: string;
  col: string;
  template: TemplateScope;
  rowLabel: string;
  colLabel: string;
  rowEn: string;
  colEn: string;
  unit: Unit;
  signed: boolean;
}

export const SECTIONS: readonly SectionDef[] = [
  { id: 'active', label: '二、主动公开政府信息情况', en: 'Proactive disclosure', heading: /主动公开政府信息(情况)?$/ },
  {
    id: 'requests',
    label: '三、收到和处理政府信息公开申请情况',
    en: 'Disclosure requests received and handled',
    heading: /收到和处理政府信息公开申请(情况)?$/,
  },
  {
    id: 'appeals',
    label: '四、政府信息公开行政复议、行政诉讼情况',
    en: 'Administrative reviews and lawsuits',
    heading: /行政复议.{0,2}行政诉讼(情况)?$/,
  },
];

const c = (col: string, label: string, en: string, extra: Partial<ColDef> = {}): ColDef => ({ col, label, en, ...extra });

const COLS_2021_DOCS = [
  c('issued', '本年制发件数', 'issued this year'),
  c('repealed', '本年废止件数', 'repealed this year'),
  c('in_force', '现行有效件数', 'in force'),
];
const COLS_2021_DECISIONS = [c('decisions', '本年处理决定数量', 'decisions this year')];
const COLS_2019_DOCS = [
  c('made', '本年新制作数量', 'made this year'),
  c('published', '本年新公开数量', 'published this year'),
  c('published_total', '对外公开总数量', 'published in total'),
];
const COLS_2019_ITEMS = [
  c('prev_items', '上一年项目数量', 'items last year'),
  c('change', '本年增/减', 'change this year', { signed: true }),
  c('decisions', '处理决定数量', 'decisions'),
];

/** The seven applicant columns that every row of section 3 takes. */
export const APPLICANT_COLS: readonly ColDef[] = [
  c('natural_person', '自然人', 'natural persons'),
  c('commercial', '法人或其他组织 商业企业', 'businesses'),
  c('research', '法人或其他组织 科研机构', 'research institutions'),
  c('social_org', '法人或其他组织 社会公益组织', 'non-profit organisations'),
  c('legal_service', '法人或其他组织 法律服务机构', 'legal service providers'),
  c('other_org', '法人或其他组织 其他', 'other organisations'),
  c('total', '总计', 'total'),
];

const APPEAL_COLS: readonly ColDef[] = [
  c('upheld', '结果维持', 'upheld'),
  c('corrected', '结果纠正', 'corrected'),
  c('other', '其他结果', 'other result'),
  c('pending', '尚未审结', 'pending'),
  c('total', '总计', 'total'),
];

type RowSpec = Omit<RowDef, 'section' | 'cols' | 'id' | 'keys'> & { cols?: readonly ColDef[] };
const rows = (section: SectionId, defaultCols: readonly ColDef[], specs: RowSpec[]): RowDef[] =>
  specs.map((s) => {
    const cols = s.cols ?? defaultCols;
    return { section, ...s, cols, id: `${section}.${s.row}`, keys: cols.map((col) => `${section}.${s.row}.${col.col}`) };
  });

export const ROWS: readonly RowDef[] = [
  ...rows('active', [], [
    { row: 'rules', template: '2021', label: '规章', en: 'Rules', match: [/规章/], cols: COLS_2021_DOCS },
    { row: 'normative_docs', template: '2021', label: '行政规范性文件', en: 'Normative documents', match: [/规范性文件/], cols: COLS_2021_DOCS },
    { row: 'license', template: '2021', label: '行政许可', en: 'Administrative licences', match: [/行政许可/], cols: COLS_2021_DECISIONS },
    { row: 'penalty', template: '2021', label: '行政处罚', en: 'Administrative penalties', match: [/行政处罚/], cols: COLS_2021_DECISIONS },
    { row: 'coercion', template: '2021', label: '行政强制', en: 'Administrative coercion', match: [/行政强制/], cols: COLS_2021_DECISIONS },
    {
      row: 'fees',
      template: '2021',
      label: '行政事业性收费',
      en: 'Administrative fees',
      match: [/行政事业性收费/],
      cols: [c('amount_wan', '本年收费金额（单位：万元）', 'amount collected (10k yuan)', { unit: 'wan_yuan' })],
    },
    { row: 'rules', template: '2019', label: '规章', en: 'Rules', match: [/规章/], cols: COLS_2019_DOCS },
    { row: 'normative_docs', template: '2019', label: '规范性文件', en: 'Normative documents', match: [/规范性文件/], cols: COLS_2019_DOCS },
    { row: 'license', template: '2019', label: '行政许可', en: 'Administrative licences', match: [/行政许可/], cols: COLS_2019_ITEMS },
    { row: 'other_services', template: '2019', label: '其他对外管理服务事项', en: 'Other external services', match: [/对外管理服务/], cols: COLS_2019_ITEMS },
    { row: 'penalty', template: '2019', label: '行政处罚', en: 'Administrative penalties', match: [/行政处罚/], cols: COLS_2019_ITEMS },
    { row: 'coercion', template: '2019', label: '行政强制', en: 'Administrative coercion', match: [/行政强制/], cols: COLS_2019_ITEMS },
    { row: 'fees', template: '2019', label: '行政事业性收费', en: 'Administrative fees', match: [/行政事业性收费/], cols: COLS_2019_ITEMS.slice(0, 2) },
    {
      row: 'procurement',
      template: '2019',
      label: '政府集中采购',
      en: 'Government procurement',
      match: [/集中采购/],
      cols: [c('items', '采购项目数量', 'items procured'), c('amount', '采购总金额', 'amount procured (10k yuan)', { unit: 'wan_yuan' })],
    },
  ]),
  ...rows('requests', APPLICANT_COLS, [
    { row: 'new_received', template: 'both', label: '一、本年新收政府信息公开申请数量', en: 'New requests received', match: [/本年新收/] },
    { row: 'carried_over', template: 'both', label: '二、上年结转政府信息公开申请数量', en: 'Carried over from last year', match: [/上年结转/] },
    { row: 'granted', template: 'both', label: '三、（一）予以公开', en: 'Granted', match: [/予以公开/] },
    {
      row: 'partly_granted',
      template: 'both',
      label: '三、（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
      en: 'Partly granted',
      match: [/部分公开/],
    },
    { row: 'denied_state_secret', template: 'both', label: '三、（三）不予公开 1.属于国家秘密', en: 'Denied: state secret', match: [/国家秘密/] },
    {
      row: 'denied_law_prohibited',
      template: 'both',
      label: '三、（三）不予公开 2.其他法律行政法规禁止公开',
      en: 'Denied: prohibited by other laws',
      match: [/禁止公开/],
    },
    { row: 'denied_three_safety', template: 'both', label: '三、（三）不予公开 3.危及“三安全一稳定”', en: 'Denied: endangers security or stability', match: [/危及|三安全/] },
    { row: 'denied_third_party', template: 'both', label: '三、（三）不予公开 4.保护第三方合法权益', en: 'Denied: third-party rights', match: [/第三方/] },
    { row: 'denied_internal_affairs', template: 'both', label: '三、（三）不予公开 5.属于三类内部事务信息', en: 'Denied: internal affairs', match: [/内部事务/] },
    { row: 'denied_process_info', template: 'both', label: '三、（三）不予公开 6.属于四类过程性信息', en: 'Denied: process information', match: [/过程性/] },
    { row: 'denied_enforcement_file', template: 'both', label: '三、（三）不予公开 7.属于行政执法案卷', en: 'Denied: enforcement files', match: [/执法案卷/] },
    { row: 'denied_query_item', template: 'both', label: '三、（三）不予公开 8.属于行政查询事项', en: 'Denied: administrative query matters', match: [/查询事项/] },
    { row: 'unable_not_held', template: 'both', label: '三、（四）无法提供 1.本机关不掌握相关政府信息', en: 'Unable: not held', match: [/不掌握/] },
    { row: 'unable_need_creation', template: 'both', label: '三、（四）无法提供 2.没有现成信息需要另行制作', en: 'Unable: would need to be created', match: [/另行制作|没有现成/] },
    { row: 'unable_unclear', template: 'both', label: '三、（四）无法提供 3.补正后申请内容仍不明确', en: 'Unable: still unclear after correction', match: [/仍不明确|补正后/] },
    { row: 'rejected_petition', template: 'both', label: '三、（五）不予处理 1.信访举报投诉类申请', en: 'Not processed: petitions and complaints', match: [/信访|举报投诉/] },
    { row: 'rejected_duplicate', template: 'both', label: '三、（五）不予处理 2.重复申请', en: 'Not processed: duplicate', match: [/重复申请/] },
    { row: 'rejected_publication', template: 'both', label: '三、（五）不予处理 3.要求提供公开出版物', en: 'Not processed: publications', match: [/出版物/] },
    { row: 'rejected_excessive', template: 'both', label: '三、（五）不予处理 4.无正当理由大量反复申请', en: 'Not processed: excessive repeated requests', match: [/大量反复/] },
    {
      row: 'rejected_confirm',
      template: 'both',
      label: '三、（五）不予处理 5.要求行政机关确认或重新出具已获取信息',
      en: 'Not processed: confirm or reissue information held',
      match: [/确认或|要求行政机关确认/],
    },
    {
      row: 'other',
      template: 'both',
      label: '三、（六）其他处理',
      en: 'Other handling',
      match: [/其他处理$/],
      collapses: ['other_no_correction', 'other_no_fee', 'other_other'],
    },
    {
      row: 'other_no_correction',
      template: '2021',
      label: '三、（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      en: 'Other: applicant did not correct in time',
      match: [/逾期不补正|不补正/],
    },
    {
      row: 'other_no_fee',
      template: '2021',
      label: '三、（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      en: 'Other: applicant did not pay the fee',
      match: [/缴纳费用|收费通知/],
    },
    { row: 'other_other', template: '2021', label: '三、（六）其他处理 3.其他', en: 'Other: other', match: [/^(\(六\)其他处理)?3[.、]?其他$/] },
    { row: 'total', template: 'both', label: '三、（七）总计', en: 'Total handled', match: [/^(三、)?(本年度办理结果)?(\(七\))?总计$/] },
    { row: 'carried_forward', template: 'both', label: '四、结转下年度继续办理', en: 'Carried forward to next year', match: [/结转下年/] },
  ]),
  ...rows('appeals', APPEAL_COLS, [
    { row: 'review', template: 'both', label: '行政复议', en: 'Administrative review', match: [/行政复议/] },
    { row: 'litigation_direct', template: 'both', label: '行政诉讼 未经复议直接起诉', en: 'Lawsuit without prior review', match: [/未经复议/] },
    { row: 'litigation_after_review', template: 'both', label: '行政诉讼 复议后起诉', en: 'Lawsuit after review', match: [/复议后起诉/] },
  ]),
];

export const TEMPLATES: readonly TemplateVersion[] = ['2019', '2021'];

export const inTemplate = (scope: TemplateScope, t: TemplateVersion): boolean => scope === 'both' || scope === t;

/** Keyed by template, then section ('' for all): the parser asks for these for every table it reads. */
const rowsMemo = new Map<TemplateVersion, Map<string, RowDef[]>>();
/** The rows of one template in the order they are printed (shared arrays: do not mutate). */
export function rowsOf(t: TemplateVersion, section?: SectionId): readonly RowDef[] {
  let bySection = rowsMemo.get(t);
  if (!bySection) rowsMemo.set(t, (bySection = new Map()));
  let rows = bySection.get(section ?? '');
  if (!rows) bySection.set(section ?? '', (rows = ROWS.filter((r) => inTemplate(r.template, t) && (!section || r.section === section))));
  return rows;
}

export const cellKey = (section: string, row: string, col: string): string => `${section}.${row}.${col}`;
/** Column name of a cell in the Parquet `reports` table and in SQL. */
export const columnName = (key: string): string => key.replaceAll('.', '_');

function toCell(r: RowDef, col: ColDef, template: TemplateScope): CellDef {
  return {
    key: cellKey(r.section, r.row, col.col),
    section: r.section,
    row: r.row,
    col: col.col,
    template,
    rowLabel: r.label,
    colLabel: col.label,
    rowEn: r.en,
    colEn: col.en,
    unit: col.unit ?? 'count',
    signed: col.signed ?? false,
  };
}

const cellsMemo = new Map<TemplateVersion, readonly CellDef[]>();
/** Every cell of one template, in print order (shared array: do not mutate). */
export function cellsOf(t: TemplateVersion): readonly CellDef[] {
  let cells = cellsMemo.get(t);
  if (!cells) cellsMemo.set(t, (cells = rowsOf(t).flatMap((r) => r.cols.map((col) => toCell(r, col, r.template)))));
  return cells;
}

/**
 * Every cell of either template, once per key (a key shared by both templates, such as
 * `active.license.decisions`, appears once with template `both`): the columns of the dataset.
 */
export const ALL_CELLS: readonly CellDef[] = (() => {
  const byKey = new Map<string, CellDef>();
  for (const t of TEMPLATES)
    for (const cell of cellsOf(t)) {
      const seen = byKey.get(cell.key);
      if (seen) seen.template = seen.template === t ? t : 'both';
      else byKey.set(cell.key, { ...cell, template: t });
    }
  return [...byKey.values()];
})();

export const CELL_BY_KEY: ReadonlyMap<string, CellDef> = new Map(ALL_CELLS.map((cell) => [cell.key, cell]));

/**
 * The rows a report of template t prints when it collapses nothing: a row that stands for others
 * (2021's one （六）其他处理 row) is left out where those rows exist in the template.
 */
export function expandedRowsOf(t: TemplateVersion, section: SectionId): readonly RowDef[] {
  const all = rowsOf(t, section);
  return all.filter((r) => !r.collapses?.some((row) => all.some((x) => x.row === row)));
}

/** Keys of the cells a report that collapses nothing leaves blank (2021's collapsed （六）其他处理 row). */
export function collapsedKeys(t: TemplateVersion): ReadonlySet<string> {
  const expanded = new Set(SECTIONS.flatMap((s) => expandedRowsOf(t, s.id)));
  return new Set(rowsOf(t).filter((r) => !expanded.has(r)).flatMap((r) => r.keys));
}

/**
 * Whether a row of a report counts as printed: it was found, or it is the collapsed form of rows that
 * were found, or one of the rows of a collapsed row that was found.
 */
export function rowPrinted(t: TemplateVersion, def: RowDef, found: ReadonlySet<string>): boolean {
  if (found.has(def.id)) return true;
  const inT = rowsOf(t, def.section);
  const idOf = (row: string) => `${def.section}.${row}`;
  if (def.collapses?.some((row) => inT.some((r) => r.row === row) && found.has(idOf(row)))) return true;
  return inT.some((r) => r.collapses?.includes(def.row) && found.has(r.id));
}

export const sectionOf = (id: SectionId): SectionDef => SECTIONS.find((s) => s.id === id)!;

/**
 * The printed structure of the three tables, derived from the template description: which cells sit
 * in which printed row, and the printed pieces of each label. Every layout renders from this.
 */
import { APPLICANT_COLS, cellKey, expandedRowsOf, rowsOf, type TemplateVersion } from '../lib/template.ts';

/** The article of the regulation (第二十条第(X)项) each row of section 2 is printed under. */
const ARTICLE_OF_ROW: Record<string, string> = {
  rules: '一',
  normative_docs: '一',
  license: '五',
  other_services: '五',
  penalty: '六',
  coercion: '六',
  fees: '八',
  procurement: '九',
};

export interface ActiveBlock {
  article: string;
  colLabels: string[];
  rows: { label: string; keys: string[] }[];
}

export function activeBlocks(t: TemplateVersion): ActiveBlock[] {
  const blocks: ActiveBlock[] = [];
  for (const r of rowsOf(t, 'active')) {
    const article = ARTICLE_OF_ROW[r.row];
    if (!article) throw new Error(`synth: no article known for active row ${r.row}`);
    let block = blocks[blocks.length - 1];
    if (block?.article !== article) blocks.push((block = { article, colLabels: r.cols.map((c) => c.label), rows: [] }));
    block.rows.push({ label: r.label, keys: r.cols.map((c) => cellKey('active', r.row, c.col)) });
  }
  return blocks;
}

/** The outer label printed once for all outcome rows of section 3. */
export const RESULT_GROUP = '三、本年度办理结果';
export const BALANCE_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const APPLICANT_HEADING = '申请人情况';

export interface RequestRow {
  row: string;
  /** The seven applicant cells in print order. */
  keys: string[];
  /** top: 一、/二、/四、 rows; result: （一）…（七） rows without sub-items; sub: numbered items of a group. */
  kind: 'top' | 'result' | 'sub';
  /** The printed label of the row itself (without the group). */
  text: string;
  /** For sub rows: the group label, e.g. （三）不予公开. */
  group?: string;
  /** Position within its group (sub rows) or within the outcome block (result rows). */
  index: number;
  groupSize: number;
}

export function requestRows(t: TemplateVersion): RequestRow[] {
  const rows = expandedRowsOf(t, 'requests');
  const out: RequestRow[] = [];
  for (const r of rows) {
    const keys = APPLICANT_COLS.map((c) => cellKey('requests', r.row, c.col));
    if (!r.label.startsWith('三、')) {
      out.push({ row: r.row, keys, kind: 'top', text: r.label, index: 0, groupSize: 1 });
      continue;
    }
    const label = r.label.slice(2);
    const space = label.indexOf(' ');
    if (space < 0) {
      out.push({ row: r.row, keys, kind: 'result', text: label, index: 0, groupSize: 1 });
      continue;
    }
    const group = label.slice(0, space);
    const prev = out[out.length - 1];
    const index = prev?.group === group ? prev.index + 1 : 0;
    out.push({ row: r.row, keys, kind: 'sub', text: label.slice(space + 1), group, index, groupSize: 0 });
  }
  for (const row of out) if (row.kind === 'sub') row.groupSize = out.filter((o) => o.group === row.group).length;
  return out;
}

/** The applicant header: the six applicant columns split into the 法人或其他组织 group and its parts. */
export function applicantHeader(): { single: string[]; group: string; parts: string[]; total: string } {
  const cols = APPLICANT_COLS.filter((c) => c.col !== 'total');
  const grouped = cols.filter((c) => c.label.includes(' '));
  return {
    single: cols.filter((c) => !c.label.includes(' ')).map((c) => c.label),
    group: grouped[0]!.label.split(' ')[0]!,
    parts: grouped.map((c) => c.label.split(' ')[1]!),
    total: APPLICANT_COLS.find((c) => c.col === 'total')!.label,
  };
}

export interface AppealModel {
  /** 行政复议, 行政诉讼. */
  heads: string[];
  /** Sub-heads of 行政诉讼: 未经复议直接起诉, 复议后起诉. */
  litigation: string[];
  colLabels: string[];
  /** All cells of the one value row, in print order. */
  keys: string[];
}

export function appealModel(t: TemplateVersion): AppealModel {
  const rows = rowsOf(t, 'appeals');
  const heads: string[] = [];
  const litigation: string[] = [];
  for (const r of rows) {
    const [head, sub] = r.label.split(' ');
    if (!heads.includes(head!)) heads.push(head!);
    if (sub) litigation.push(sub);
  }
  return {
    heads,
    litigation,
    colLabels: rows[0]!.cols.map((c) => c.label),
    keys: rows.flatMap((r) => r.cols.map((c) => cellKey('appeals', r.row, c.col))),
  };
}

/** The six headings of the report, in order; 二 to 四 come from the template description. */
export function headings(sections: readonly { label: string }[]): string[] {
  return ['一、总体情况', ...sections.map((s) => s.label), '五、存在的主要问题及改进情况', '六、其他需要报告的事项'];
}

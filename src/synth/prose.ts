/** The words around the tables: title, overview, problems, signature — varied per report, never random at render time. */
import type { SynthReport } from './types.ts';

export type TitleStyle = 'full' | 'org-line' | 'no-org' | 'intro-only';

export interface Prose {
  title: string[];
  intro: string[];
  overview: string[];
  problems: string[];
  other: string[];
  signature: string[];
}

const OVERVIEW = [
  ['（一）主动公开情况', '{year}年，{self}通过门户网站、政务新媒体等平台主动公开各类政府信息{n1}条，及时发布工作动态、政策文件和通知公告。'],
  ['（二）依申请公开情况', '{year}年，{self}共收到政府信息公开申请{req}件，均在法定期限内予以答复。'],
  ['（三）政府信息管理情况', '严格落实信息发布“三审三校”制度，信息发布前由撰写人初审、分管领导复审、主要领导终审，确保信息内容真实准确。'],
  ['（四）政府信息公开平台建设情况', '持续加强政府网站信息公开专栏建设，及时更新栏目内容，拓宽信息公开渠道。'],
  ['（五）监督保障情况', '明确责任领导和工作人员，将政务公开工作纳入年度考核，加强日常检查，确保各项工作落到实处。'],
];

const PROBLEMS = [
  '{year}年，{self}政府信息公开工作有序开展，但还存在一些不足：一是信息公开的及时性有待加强；二是政策解读形式较为单一。',
  '下一步，{self}将进一步加强业务培训，丰富政策解读形式，提升政府信息公开工作质量。',
];

const OTHER = ['本年度未收取信息处理费。', '无。', '本机关未收取信息处理费，无其他需要报告的事项。'];

/** Picks the wording of one report from its variant number `v` (a hash of its identity). */
export function proseOf(r: SynthReport, v: number, requests: number): Prose {
  const self = v % 2 ? '我单位' : r.org;
  const fill = (s: string) =>
    s.replaceAll('{year}', String(r.year)).replaceAll('{self}', self).replaceAll('{req}', String(requests)).replaceAll('{n1}', String(20 + (v % 300)));
  const style: TitleStyle = (['full', 'full', 'org-line', 'no-org', 'intro-only'] as const)[v % 5]!;
  const report = `${r.year}年政府信息公开工作年度报告`;
  const title = style === 'full' ? [`${r.org}${report}`] : style === 'org-line' ? [r.org, report] : style === 'no-org' ? ['政府信息公开工作年度报告'] : [];
  const intro = [
    style === 'intro-only'
      ? `按照《中华人民共和国政府信息公开条例》要求，编制了《${r.org}${report}》。现将有关情况报告如下：`
      : `本报告依据《中华人民共和国政府信息公开条例》编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。`,
  ];
  const overview = OVERVIEW.slice(0, 3 + (v % 3)).flatMap(([h, p]) => [h!, fill(p!)]);
  const month = 1 + ((v >>> 4) % 3);
  const day = 1 + ((v >>> 6) % 28);
  // A report without a title must name its body somewhere: in the signature, as 000 does.
  const signature = style === 'full' && (v >>> 8) % 3 === 0 ? [] : [r.org, `${r.year + 1}年${month}月${day}日`];
  return { title, intro, overview, problems: PROBLEMS.map(fill), other: [OTHER[(v >>> 10) % OTHER.length]!], signature };
}

/** Where each of the template's three tables sits in a report's lines. */
import { SECTIONS, type SectionId } from '../lib/template.ts';
import { compact } from './normalize.ts';

export type SectionRanges = Partial<Record<SectionId, { from: number; to: number }>>;

const NUMBERING = /^[(（]?[一二三四五六七八九十\d]+[)）]?[、.．:]?/;
const END = /^(五、|存在的主要问题|其他需要报告)/;
/** Used only where a heading is missing: lines that can only belong to one table. */
export const FALLBACK: Record<SectionId, RegExp> = {
  active: /^(第二十条第|信息内容)/,
  requests: /(申请人情况|本年新收政府信息公开申请)/,
  appeals: /^(行政复议|未经复议直接起诉)/,
};
const ORDER: SectionId[] = ['active', 'requests', 'appeals'];

const headingText = (line: string): string => compact(line).replace(/\|/g, '');

export function findSections(lines: readonly string[]): SectionRanges {
  const start: Partial<Record<SectionId, number>> = {};
  const ends: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.length > 200 || raw.includes('|') || raw.includes('\t')) continue; // prose or a table cell
    // Every heading we look for holds one of these words; most lines are table cells and prose.
    if (!(raw.includes('公开') || raw.includes('五') || raw.includes('存在') || raw.includes('其他需要'))) continue;
    const h = headingText(raw);
    if (h.length === 0 || h.length > 40) continue;
    const bare = h.replace(NUMBERING, '');
    // A line that ends in one heading and names another is the intro's list of contents (PDF text wraps it anywhere).
    const lists = (id: SectionId) => SECTIONS.some((o) => o.id !== id && bare.includes(o.label.slice(2)));
    for (const s of SECTIONS) if (start[s.id] === undefined && s.heading.test(bare) && !lists(s.id)) start[s.id] = i + 1;
    if (END.test(h)) ends.push(i);
  }
  for (const id of ORDER) {
    if (start[id] !== undefined) continue;
    const after = Math.max(-1, ...ORDER.slice(0, ORDER.indexOf(id)).map((p) => start[p] ?? -1));
    for (let i = after + 1; i < lines.length; i++) {
      const raw = lines[i]!;
      const tabular = raw.includes('|') || raw.includes('\t');
      const h = headingText(raw);
      if ((tabular || h.length <= 50) && FALLBACK[id].test(h.replace(NUMBERING, ''))) {
        start[id] = i;
        break;
      }
    }
  }
  const found = ORDER.filter((id) => start[id] !== undefined).sort((a, b) => start[a]! - start[b]!);
  const ranges: SectionRanges = {};
  found.forEach((id, k) => {
    const from = start[id]!;
    const next = found[k + 1];
    const nextStart = next ? start[next]! : lines.length;
    const end = ends.find((e) => e >= from && e < nextStart);
    ranges[id] = { from, to: end ?? nextStart };
  });
  return ranges;
}

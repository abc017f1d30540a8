/**
 * Which cells a failed check involves, for highlighting them in the template, and a plain sentence of
 * what does not add up. Read from the same rule equations the parser's checks run (checks.ts).
 */
import { RULES, ruleEquations } from '../../checks.ts';
import { cellsOf, type TemplateVersion } from '../../template.ts';
import type { CheckResult } from '../../types.ts';

export interface FailedCheck {
  rule: string;
  scope: string;
  /** The rule in words, then both sides with their values (the check's own detail). */
  sentence: string;
  /** Keys of the cells on either side of the equation. */
  cells: string[];
}

export function failedChecks(template: TemplateVersion, checks: readonly CheckResult[], lang: 'zh' | 'en' = 'zh'): FailedCheck[] {
  const keys = cellsOf(template).map((c) => c.key);
  const eq = new Map(ruleEquations(template).map((e) => [`${e.rule}|${e.scope}`, e]));
  return checks
    .filter((c) => !c.ok)
    .map((c) => {
      const e = eq.get(`${c.rule}|${c.scope}`);
      const def = RULES.find((r) => r.id === c.rule);
      const rule = def ? (lang === 'zh' ? def.zh : def.en) : c.rule;
      return {
        rule: c.rule,
        scope: c.scope,
        sentence: lang === 'zh' ? `不相符：${c.detail}（规则：${rule}）` : `Does not add up: ${c.detail} (rule: ${rule})`,
        cells: e ? [...e.left, ...e.right].map((i) => keys[i]!) : [],
      };
    });
}

/**
 * Reports for /check's cross-year test, drawn by the synthetic generator (their in-report sums hold)
 * and then made to carry over — or not — from a given earlier report.
 */
import { seededRng } from '../../src/synth/index.ts';
import { randomCells } from '../../src/synth/values.ts';
import { renderText } from '../../src/synth/render.ts';
import { APPLICANT_COLS, type TemplateVersion } from '../../src/lib/template.ts';

type Cells = Record<string, number | null>;

/**
 * The cells with 上年结转 (`carried_over`) and 结转下年度 (`carried_forward`) per applicant column set
 * as given (totals their sums); 本年新收 takes up the difference, so every in-report sum still holds.
 */
export function withCarry(cells: Cells, set: { carried_over?: Record<string, number>; carried_forward?: Record<string, number> }): Cells {
  const out = { ...cells };
  const parts = APPLICANT_COLS.filter((c) => c.col !== 'total').map((c) => c.col);
  for (const col of parts) {
    let received = out[`requests.new_received.${col}`] ?? 0;
    for (const [row, sign] of [['carried_over', -1], ['carried_forward', 1]] as const) {
      const want = set[row]?.[col];
      if (want === undefined) continue;
      // 新收 + 上年结转 = 办理结果 + 结转下年度.
      received += sign * (want - (out[`requests.${row}.${col}`] ?? 0));
      out[`requests.${row}.${col}`] = want;
    }
    if (received < 0) throw new Error(`withCarry: ${col} would receive ${received}`);
    out[`requests.new_received.${col}`] = received;
  }
  for (const row of ['new_received', 'carried_over', 'carried_forward']) out[`requests.${row}.total`] = parts.reduce((n, col) => n + (out[`requests.${row}.${col}`] ?? 0), 0);
  return out;
}

export function reportText(org: string, year: number, template: TemplateVersion, cells: Cells): string {
  return renderText({ org, year, template, script: 'simplified', layout: 'pipe', encoding: 'utf8', cells });
}

/** Cells of a plausible report of this template, with no blank (every rule has both sides). */
export function baseCells(seed: number, template: TemplateVersion): Cells {
  return randomCells(seededRng(seed), template, 'government', 'none');
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/parser/index.ts';

// A report as a government website prints it: merged label cells (rowspan/colspan), numbers inside
// <p><span>, &nbsp; for blank cells, money in 元, and a <script> holding a fake table.
const html = readFileSync(new URL('./fixtures/site-2022.html', import.meta.url));

describe('HTML reports', () => {
  const { report, source } = parseDocument('site-2022.html', html);
  const c = report.cells;

  it('reads the body, the year and the template', () => {
    expect(report).toMatchObject({ org: '临湘市民政局', year: 2022, template: '2021', script: 'simplified' });
  });
  it('reads section 2 through colspan, thousands separators, &nbsp; blanks and 元 → 万元', () => {
    expect(c['active.normative_docs.issued']).toBe(2);
    expect(c['active.normative_docs.in_force']).toBe(9);
    expect(c['active.license.decisions']).toBe(1204);
    expect(c['active.penalty.decisions']).toBe(17);
    expect(c['active.coercion.decisions']).toBeNull();
    expect(c['active.fees.amount_wan']).toBe(25.1);
  });
  it('reads section 3 rows under rowspan group labels, keeping blank rows blank', () => {
    expect(c['requests.new_received.natural_person']).toBe(12);
    expect(c['requests.new_received.legal_service']).toBe(2);
    expect(c['requests.new_received.total']).toBe(15);
    expect(c['requests.granted.total']).toBe(7);
    expect(c['requests.denied_third_party.natural_person']).toBe(1);
    expect(c['requests.unable_not_held.total']).toBe(4);
    expect(c['requests.rejected_petition.total']).toBe(1);
    expect(c['requests.rejected_duplicate.total']).toBeNull();
    expect(c['requests.other_other.total']).toBe(0);
    expect(c['requests.total.total']).toBe(14);
    expect(c['requests.carried_forward.total']).toBe(2);
  });
  it('reads section 4 under its two-level header', () => {
    expect(c['appeals.review.upheld']).toBe(1);
    expect(c['appeals.review.total']).toBe(2);
    expect(c['appeals.litigation_direct.pending']).toBe(1);
    expect(c['appeals.litigation_after_review.total']).toBeNull();
  });
  it('checks the arithmetic: this page is consistent', () => {
    expect(report.checks.filter((x) => !x.ok)).toEqual([]);
    expect(report.status).toBe('ok');
  });
  it('keeps a readable text version of the page, without scripts', () => {
    expect(source).toContain('临湘市民政局2022年政府信息公开工作年度报告');
    expect(source).not.toContain('var x');
  });
});

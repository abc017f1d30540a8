import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/parser/index.ts';
import { goldens, reportBytes } from './helpers/corpus.ts';

// 003 is PDF text in tab-separated rows; blank cells there are empty strings between tabs.
const g003 = goldens().find((g) => g.file.startsWith('003'))!;
const text003 = reportBytes(g003.file).toString('utf8');

const withRow = (label: string, values: string[]) =>
  text003.replace(new RegExp(`^(\\t*)(${label}[^\\t]*)\\t(.*)$`, 'm'), (_m, lead: string, l: string, rest: string) => {
    const trailing = rest.split('\t').length > 7 ? '\t' : '';
    return `${lead}${l}\t${lead === '' ? '\t' : ''}${values.join('\t')}${trailing}`;
  });

describe('tab rows with blank cells at the edges of their values', () => {
  it('take their columns from rows of the same shape in the table: exact values, no warning', () => {
    // 二、上年结转: first and last applicant columns blank, so the numbers alone leave two windows.
    const text = withRow('二、上年结转', ['', '3', '0', '0', '1', '0', '']);
    const { report } = parseDocument('t.txt', new TextEncoder().encode(text));
    expect(report.cells['requests.carried_over.natural_person']).toBeNull();
    expect(report.cells['requests.carried_over.commercial']).toBe(3);
    expect(report.cells['requests.carried_over.legal_service']).toBe(1);
    expect(report.cells['requests.carried_over.total']).toBeNull();
    expect(report.errors.map((e) => e.code)).not.toContain('blank_cells_ambiguous');
  });

  it('say so when nothing in the table settles the column', () => {
    // Every row of the 一、/二、 shape blank at both edges: no row of that shape teaches its column.
    let text = withRow('一、本年新收', ['', '2', '0', '0', '0', '0', '']);
    text = text.replace(/^(二、上年结转[^\t]*)\t\t.*$/m, '$1\t\t\t0\t0\t0\t0\t0\t\t');
    text = text.replace(/^(四、结转下年度继续办理)\t\t.*$/m, '$1\t\t\t0\t0\t0\t0\t0\t\t');
    text = text.replace(/^(\(七\) 总计)\t\t.*$/m, '$1\t\t\t0\t0\t0\t0\t0\t\t');
    text = text.replace(/^(3\. 其他)\t\t.*$/m, '$1\t\t\t0\t0\t0\t0\t0\t\t');
    const { report } = parseDocument('t.txt', new TextEncoder().encode(text));
    expect(report.errors.map((e) => e.code)).toContain('blank_cells_ambiguous');
    expect(report.cells['requests.new_received.commercial']).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/parser/index.ts';
import { MAX_HTML_DEPTH, MAX_TABLE_CELLS } from '../src/parser/limits.ts';

const enc = new TextEncoder();
const parse = (name: string, html: string) => parseDocument(name, enc.encode(html)).report;

describe('HTML caps: a hostile page is one error record, not an exhausted heap', () => {
  it('a span bomb (2,000 cells of rowspan=100 colspan=100) is table_too_large', () => {
    const html = '<html><table>' + Array.from({ length: 20 }, () => '<tr>' + '<td rowspan=100 colspan=100>x</td>'.repeat(100) + '</tr>').join('') + '</table></html>';
    const r = parse('bomb.html', html);
    expect(r.status).toBe('error');
    expect(r.errors[0]!.code).toBe('table_too_large');
    expect(r.errors[0]!.message).toContain(MAX_TABLE_CELLS.toLocaleString('en'));
  });

  it('rowspans far right (holes in the rows below) count towards the cap', () => {
    const html = '<html><table><tr>' + '<td colspan=100>x</td>'.repeat(1500) + '<td rowspan=100>y</td></tr>' + '<tr><td>z</td></tr>'.repeat(99) + '</table>';
    expect(parse('holes.html', html).errors[0]!.code).toBe('table_too_large');
  });

  it('nesting beyond the cap is html_too_deep on both paths (the scanner and htmlparser2 after <svg>)', () => {
    const n = MAX_HTML_DEPTH + 10;
    for (const head of ['<html>', '<html><svg></svg>']) {
      const r = parse('deep.html', head + '<table><tr><td>'.repeat(n) + '1' + '</td></tr></table>'.repeat(n));
      expect(r.errors[0]!.code).toBe('html_too_deep');
    }
  });

  it('nesting under the cap still reads the page', () => {
    const r = parse('ok.html', '<html>' + '<div>'.repeat(MAX_HTML_DEPTH - 20) + '关于政府信息公开' + '</div>'.repeat(MAX_HTML_DEPTH - 20));
    expect(r.errors[0]!.code).toBe('no_tables');
  });
});

describe('a stray byte in UTF-8 is replaced and named, not a lost report', () => {
  it('one 0xFF and a cut sequence in a real report: same cells, invalid_utf8 with the byte offsets', async () => {
    const { reportBytes } = await import('./helpers/corpus.ts');
    const good = reportBytes('000_ec4eb35032c3f175.txt');
    const before = parseDocument('a.txt', good).report;
    const at = good.indexOf('\n', 2000) + 1;
    const next = good.indexOf('\n', at) + 1;
    // A 0xFF at a line's start; a character cut after its second byte at the next line's start.
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at, next), Buffer.from([0xe5, 0x8f]), good.subarray(next)]);
    const r = parseDocument('a.txt', bad).report;
    const w = r.errors.find((e) => e.code === 'invalid_utf8')!;
    expect(w.message).toContain(`有 2 处无效字节（字节偏移 ${at}、${next + 1}）`);
    expect(r.cells).toEqual(before.cells);
  });

  it('GB18030 text still goes to GB18030 (it breaks UTF-8 on nearly every character)', async () => {
    const { reportBytes } = await import('./helpers/corpus.ts');
    const iconv = (await import('iconv-lite')).default;
    const gb = iconv.encode(reportBytes('000_ec4eb35032c3f175.txt').toString('utf8'), 'gb18030');
    const r = parseDocument('gb.txt', gb).report;
    expect(r.errors.map((e) => e.code)).not.toContain('invalid_utf8');
    expect(r.cells).toEqual(parseDocument('a.txt', reportBytes('000_ec4eb35032c3f175.txt')).report.cells);
  });
});

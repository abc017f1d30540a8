import { describe, expect, it } from 'vitest';
import { cellsOf } from '../src/lib/template.ts';
import { parseDocument } from '../src/parser/index.ts';
import { seededRng } from '../src/synth/index.ts';
import { reportBytes, seedGoldens } from './helpers/corpus.ts';

const enc = new TextEncoder();
const parse = (name: string, bytes: Uint8Array) => parseDocument(name, bytes).report;

function expectSpecific(report: ReturnType<typeof parse>) {
  expect(report.errors.map((e) => e.code)).not.toContain('internal_error');
  for (const e of report.errors) {
    expect(e.code).toMatch(/^[a-z_]+$/);
    expect(e.message.length).toBeGreaterThan(4);
  }
}

describe('bad input gets a specific error, never an exception', () => {
  it('an empty file', () => {
    const r = parse('empty.txt', new Uint8Array());
    expect(r.status).toBe('error');
    expect(r.errors[0]!.code).toBe('empty_file');
  });

  it('binary files (a PNG header, random bytes)', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
    expect(parse('x.png', png).errors[0]!.code).toBe('binary_file');
    const rnd = seededRng(7);
    const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(rnd() * 256));
    const r = parse('noise.bin', noise);
    expect(r.status).toBe('error');
    expect(['binary_file', 'encoding_unknown']).toContain(r.errors[0]!.code);
  });

  it('text that holds none of the tables is an error naming what is missing', () => {
    const r = parse('prose.txt', enc.encode('关于做好政务公开工作的通知\n各单位：现将有关事项通知如下。\n'));
    expect(r.status).toBe('error');
    expect(r.errors[0]!.code).toBe('no_tables');
    expect(r.errors[0]!.message).toContain('统计表');
  });

  it('a 50 MB file is refused quickly with its size named', () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    const r = parse('big.txt', big);
    expect(r.status).toBe('error');
    expect(r.errors[0]!.code).toBe('file_too_large');
    expect(r.errors[0]!.message).toContain('50.0 MB');
  });

  it('a report with a section missing is a warning that names the section, other cells intact', () => {
    const g = seedGoldens().find((x) => x.file.startsWith('000'))!;
    const text = reportBytes(g.file).toString('utf8');
    const cut = text.slice(0, text.indexOf('四、政府信息公开行政复议')) + text.slice(text.indexOf('五、存在的主要问题'));
    const r = parse(g.file, enc.encode(cut));
    expect(r.status).toBe('warning');
    const missing = r.errors.find((e) => e.code === 'missing_section')!;
    expect(missing.message).toContain('行政复议');
    for (const c of cellsOf('2021')) expect(r.cells[c.key]).toBe(c.section === 'appeals' ? null : g.cells[c.key]);
  });

  it('reports truncated at random points never throw; cut before the tables is an error, after them equals golden', () => {
    const rnd = seededRng(2024);
    for (const g of seedGoldens()) {
      const bytes = reportBytes(g.file);
      const text = bytes.toString('utf8');
      // Headings in either script (001 is Traditional).
      const tablesStart = Buffer.byteLength(text.slice(0, text.search(/二、主[动動]公[开開]政府信息情[况況]/)));
      const tablesEnd = Buffer.byteLength(text.slice(0, text.search(/五、存在的主要[问問]/)));
      expect(tablesStart).toBeGreaterThan(0);
      expect(tablesEnd).toBeGreaterThan(tablesStart);
      for (let i = 0; i < 40; i++) {
        const at = Math.floor(rnd() * bytes.length);
        const r = parse(g.file, bytes.subarray(0, at));
        expectSpecific(r);
        if (at < tablesStart) expect(r.status).toBe('error');
        else if (at > tablesEnd) expect(r.cells).toEqual(g.cells);
        else expect(r.status === 'warning' || r.status === 'error').toBe(true);
      }
    }
  });

  it('shuffled lines never throw and never pass as a clean report', () => {
    const rnd = seededRng(99);
    for (const g of seedGoldens()) {
      const lines = reportBytes(g.file).toString('utf8').split('\n');
      for (let k = 0; k < 10; k++) {
        const shuffled = [...lines];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.floor(rnd() * (i + 1));
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const r = parse(g.file, enc.encode(shuffled.join('\n')));
        expectSpecific(r);
        expect(r.status).not.toBe('ok');
      }
    }
  });
});

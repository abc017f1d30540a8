import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/parser/index.ts';
import { goldens, reportBytes } from './helpers/corpus.ts';

const golden = (prefix: string) => goldens().find((g) => g.file.startsWith(prefix))!;

describe('encodings are detected, never garbled', () => {
  it('GB18030 (and its GBK subset)', () => {
    for (const g of [golden('003'), golden('004')]) {
      const bytes = iconv.encode(reportBytes(g.file).toString('utf8'), 'gb18030');
      const { report } = parseDocument(g.file, bytes);
      expect(report.org).toBe(g.org);
      expect(report.cells).toEqual(g.cells);
    }
  });
  it('GB18030 and Big5 whose first kilobytes hold none of the common words', () => {
    // A page that opens with 63 KB of something else (ASCII here, so that the script is still read from
    // the report): the words are not in the first 4 KB, so the encoding is chardet's guess.
    const filler = `${'<!-- navigation, scripts, styles -->'.repeat(1800)}\n`;
    for (const [prefix, encodings] of [['003', ['gb18030']], ['001', ['gb18030', 'big5']]] as const) {
      const g = golden(prefix);
      for (const enc of encodings) {
        const { report } = parseDocument(g.file, iconv.encode(filler + reportBytes(g.file).toString('utf8'), enc));
        expect(report.cells, `${g.file} ${enc}`).toEqual(g.cells);
        expect(report.org).toBe(g.org);
      }
    }
  });
  it('UTF-8 with BOM and UTF-16 with BOM', () => {
    const g = golden('000');
    const utf8 = reportBytes(g.file);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    expect(parseDocument(g.file, withBom).report.cells).toEqual(g.cells);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8.toString('utf8'), 'utf16le')]);
    expect(parseDocument(g.file, utf16).report.org).toBe(g.org);
  });
  it('Big5 Traditional text', () => {
    const g = golden('001');
    const text = reportBytes(g.file).toString('utf8');
    const bytes = iconv.encode(text, 'big5');
    const { report } = parseDocument(g.file, bytes);
    expect(report.script).toBe('traditional');
    expect(report.org).toBe(g.org);
    expect(report.cells).toEqual(g.cells);
  });
  it('a UTF-8 file cut inside a character still reads as UTF-8, with a warning', () => {
    const g = golden('002');
    const bytes = reportBytes(g.file);
    const cut = bytes.subarray(0, bytes.length - 1);
    const { report } = parseDocument(g.file, cut);
    expect(report.org).toBe(g.org);
    if (cut.toString('utf8').endsWith('\ufffd')) expect(report.errors.map((e) => e.code)).toContain('truncated_text');
  });
});

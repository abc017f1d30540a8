/**
 * The PDF reader on the real example and on PDFs that cannot give a report: each gets its own error
 * (or warning) code, quickly, and never an exception; the other files of a parse run are unaffected.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFile } from '../src/parser/read.ts';
import { MAX_PAGES } from '../src/parser/readers/pdf.ts';
import { pageText } from '../src/parser/readers/pdf-text.ts';
import { expectedCells, goldenOf, reportBytes } from './helpers/corpus.ts';

const require = createRequire(import.meta.url);
const PDFDocument = require('pdfkit') as new (o?: Record<string, unknown>) => {
  font(f: string, name?: string): unknown;
  fontSize(n: number): unknown;
  text(s: string, x: number, y: number): unknown;
  rect(x: number, y: number, w: number, h: number): { stroke(): unknown; fill(c: string): unknown };
  moveTo(x: number, y: number): { lineTo(x: number, y: number): { stroke(): unknown } };
  image(b: Buffer, x: number, y: number, o?: Record<string, unknown>): unknown;
  addPage(): unknown;
  end(): void;
  read(): Buffer | null;
};
const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

/** pdfkit writes into its stream buffer as it draws: the whole file can be read back at once. */
function pdf(opts: Record<string, unknown>, draw: (d: InstanceType<typeof PDFDocument>) => void): Uint8Array {
  const d = new PDFDocument(opts);
  draw(d);
  d.end();
  const parts: Buffer[] = [];
  for (let c = d.read(); c !== null; c = d.read()) parts.push(c);
  return new Uint8Array(Buffer.concat(parts));
}

/** A grey 64×64 PNG: a page that is only a picture, as a scan is. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(64, 0);
  ihdr.writeUInt32BE(64, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc(65 * 64);
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) rows[y * 65 + 1 + x] = (x * y) & 0xff;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A PDF whose page tree is empty: pdfkit always writes a page, so this one is written by hand. */
function zeroPages(): Uint8Array {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

const textPdf = (pages: number) =>
  pdf({ size: 'A4' }, (d) => {
    d.font(FONT, 'NotoSansCJKsc-Regular');
    for (let i = 0; i < pages; i++) {
      if (i) d.addPage();
      d.fontSize(11);
      d.text(`第 ${i + 1} 页：政府信息公开工作年度报告`, 60, 60);
    }
  });

interface Case {
  name: string;
  bytes: () => Uint8Array;
  code: string;
  level: 'error' | 'warning';
}

const CASES: Case[] = [
  { name: 'scan.pdf (pages that are only an image)', bytes: () => pdf({}, (d) => { d.image(png(), 50, 50, { width: 400 }); d.addPage(); d.image(png(), 50, 50, { width: 400 }); }), code: 'pdf_scanned', level: 'error' },
  { name: 'drawing.pdf (only vector drawing)', bytes: () => pdf({}, (d) => { d.rect(50, 50, 300, 200).stroke(); d.moveTo(50, 50).lineTo(350, 250).stroke(); }), code: 'pdf_scanned', level: 'error' },
  { name: 'encrypted.pdf (a user password)', bytes: () => pdf({ userPassword: 'secret', ownerPassword: 'owner' }, (d) => { d.font(FONT, 'NotoSansCJKsc-Regular'); d.text('政府信息公开', 60, 60); }), code: 'pdf_encrypted', level: 'error' },
  { name: 'truncated.pdf (the first third of a file)', bytes: () => { const b = textPdf(2); return b.slice(0, Math.floor(b.length / 3)); }, code: 'pdf_unreadable', level: 'error' },
  { name: 'garbage.pdf (a PDF header, then noise)', bytes: () => new Uint8Array([...Buffer.from('%PDF-1.7\n'), ...Array.from({ length: 20000 }, (_, i) => (i * 7919 + 13) % 251)]), code: 'pdf_unreadable', level: 'error' },
  { name: 'zero.pdf (no pages)', bytes: zeroPages, code: 'pdf_no_pages', level: 'error' },
  { name: 'long.pdf (500 pages)', bytes: () => textPdf(500), code: 'pdf_pages_skipped', level: 'warning' },
];

describe('huaian-2024.pdf (a real report as published)', () => {
  it('gives every golden cell, org, year and template', async () => {
    const g = goldenOf('huaian-2024.pdf');
    const { report } = await parseFile('huaian-2024.pdf', reportBytes('huaian-2024.pdf'));
    expect(report.errors).toEqual([]);
    expect({ org: report.org, year: report.year, template: report.template }).toEqual({ org: g.org, year: g.year, template: g.template });
    expect(report.cells).toEqual(expectedCells(g, report));
  });

  it('does not change the bytes it was given', async () => {
    const bytes = reportBytes('huaian-2024.pdf');
    const before = Buffer.from(bytes);
    await parseFile('huaian-2024.pdf', bytes);
    expect(Buffer.compare(bytes, before)).toBe(0);
  });
});

describe('PDFs that are not readable reports', () => {
  beforeAll(async () => {
    // The first PDF of a process pays for compiling pdf.js; the budgets below are per file after that.
    await parseFile('warm.pdf', textPdf(1));
  });
  for (const c of CASES)
    it(`${c.name} → ${c.level} ${c.code}, within 2 s`, async () => {
      const bytes = c.bytes();
      const t0 = performance.now();
      const { report } = await parseFile(c.name.split(' ')[0]!, bytes);
      const ms = performance.now() - t0;
      const got = report.errors.find((e) => e.code === c.code);
      expect(got, JSON.stringify(report.errors)).toBeDefined();
      expect(got!.level).toBe(c.level);
      expect(got!.message).toMatch(/[\u4e00-\u9fff]/);
      if (c.level === 'error') expect(report.status).toBe('error');
      expect(ms).toBeLessThan(2000);
    });

  it('names the pages of a scan and of a capped file', async () => {
    const scan = (await parseFile('scan.pdf', CASES[0]!.bytes())).report.errors[0]!;
    expect(scan.message).toContain('第 1–2 页');
    const long = (await parseFile('long.pdf', CASES[6]!.bytes())).report.errors.find((e) => e.code === 'pdf_pages_skipped')!;
    expect(long.message).toContain('500');
    expect(long.message).toContain(String(MAX_PAGES));
  });
});

describe('gongkai parse over a folder with broken PDFs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-pdf-'));
    for (const c of CASES.slice(0, 6)) writeFileSync(join(dir, c.name.split(' ')[0]!), c.bytes());
    writeFileSync(join(dir, 'huaian-2024.pdf'), reportBytes('huaian-2024.pdf'));
    writeFileSync(join(dir, 'huaian-2024.layout.txt'), readFileSync(new URL('../data/reports/huaian-2024.layout.txt', import.meta.url)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each broken file with its code and still reads the good ones', () => {
    const r = spawnSync(process.execPath, [new URL('../bin/gongkai.js', import.meta.url).pathname, 'parse', dir], { encoding: 'utf8', timeout: 60_000 });
    const recs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; status: string; errors: { code: string }[]; cells: Record<string, number | null> });
    const byName = new Map(recs.map((x) => [x.file.split('/').pop()!, x]));
    expect(recs).toHaveLength(8);
    for (const c of CASES.slice(0, 6)) expect(byName.get(c.name.split(' ')[0]!)!.errors.map((e) => e.code), c.name).toContain(c.code);
    const g = goldenOf('huaian-2024.pdf');
    for (const good of ['huaian-2024.pdf', 'huaian-2024.layout.txt']) {
      expect(byName.get(good)!.status).toBe('ok');
      expect(byName.get(good)!.cells['requests.new_received.total']).toBe(g.cells['requests.new_received.total']);
    }
    // pdf.js's own warnings never reach stdout: every line is one JSON record.
    expect(r.stdout.trim().split('\n')).toHaveLength(8);
    expect(r.status).toBe(1);
  });
});

describe('pageText: text items → pdftotext -layout lines', () => {
  const item = (str: string, x: number, y: number, fontSize = 10) => ({ str, x, y, fontSize, width: Array.from(str).reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? fontSize : fontSize / 2), 0) });

  it('puts items on one baseline on one line, cells apart by at least two spaces, columns aligned down the page', () => {
    const text = pageText([
      item('信息内容', 60, 100), item('本年新收', 200, 100), item('总计', 300, 100),
      item('规章', 60, 130), item('12', 200, 131.5), item('1234', 300, 131.5),
    ]);
    const lines = text.split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(2);
    expect(lines[0]!.indexOf('本年新收')).toBe(lines[1]!.indexOf('12'));
    expect(lines[0]!.indexOf('总计')).toBe(lines[1]!.indexOf('1234'));
    expect(lines[1]).toMatch(/^规章 {2,}12 {2,}1234$/);
  });

  it('keeps a word space, drops pdf.js\'s spaces between CJK characters, and turns full-width digits into ASCII', () => {
    expect(pageText([item('2024', 60, 100), item('年', 85, 100)]).trim()).toBe('2024 年');
    expect(pageText([item('商 业 企', 60, 100)]).trim()).toBe('商业企');
    expect(pageText([item('１２３．５', 60, 100), item('－４', 200, 100)]).trim()).toMatch(/^123\.5 {2,}-4$/);
  });

  it('sets a vertical label one character a line and leaves blank lines for vertical gaps', () => {
    const text = pageText([{ str: '三、本年度', x: 60, y: 100, width: 50, fontSize: 10, vertical: true }]);
    expect(text.split('\n').filter((l) => l.trim())).toEqual(['三', '、', '本', '年', '度']);
    const gap = pageText([item('甲', 60, 100), item('乙', 60, 140)]);
    // poppler: ⌊40 / 10⌋ = 4 line ends, three of them blank lines.
    expect(gap).toBe('甲\n\n\n\n乙\n');
  });
});

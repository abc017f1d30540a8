/**
 * `npm run bench -- layout [--count N]`: the layout reader on real `pdftotext -layout` output.
 * Synthetic reports in the layout form (src/synth/layout.ts) are drawn as PDFs with pdfkit (every
 * chunk of the character grid at its position, Noto CJK), poppler's `pdftotext -layout` (a bench-only
 * tool, Debian poppler-utils) turns them back into text with its own grid, and the parser reads that.
 * Reports how many cells come back exact, blank with a warning, or wrong, and the time per report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { cellsOf, collapsedKeys } from '../src/lib/template.ts';
import { parseText } from '../src/parser/index.ts';
import { randomReport, seededRng } from '../src/synth/index.ts';
import { layoutDocument, randomLayoutStyle } from '../src/synth/layout.ts';
import { proseOf } from '../src/synth/prose.ts';

const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

/** The grid text as a PDF: each run of non-spaces at its column, a column as wide as a CJK character. */
function gridPdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A3', layout: 'landscape', margin: 20, autoFirstPage: true });
  doc.font(FONT, 'NotoSansCJKsc-Regular').fontSize(6);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  let y = 30;
  for (const raw of text.split('\n')) {
    if (raw.startsWith('\f') || y > 800) {
      doc.addPage();
      y = 30;
    }
    const line = raw.replace(/\f/g, '');
    for (const m of line.matchAll(/\S+(?: \S+)*/g)) doc.text(m[0], 20 + m.index * 6, y, { lineBreak: false });
    y += 10;
  }
  doc.end();
  return done;
}

export { gridPdf };
export async function bench(args: string[]): Promise<void> {
  const at = args.indexOf('--count');
  const count = at >= 0 ? Number(args[at + 1]) : 40;
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    console.log('pdftotext (poppler-utils) is not installed: this bench needs it.');
    return;
  }
  if (!existsSync(FONT)) {
    console.log(`font ${FONT} missing: this bench needs the Noto CJK font.`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-layout-'));
  let exact = 0;
  let blankWarned = 0;
  let wrong = 0;
  let reportsExact = 0;
  let poppler = 0;
  let reader = 0;
  try {
    for (let i = 0; i < count; i++) {
      const rng = seededRng(1000 + i);
      const r = randomReport(rng, { layout: 'tab' });
      const collapsed = collapsedKeys(r.template);
      for (const c of cellsOf(r.template)) if (collapsed.has(c.key)) r.cells[c.key] = null;
      const text = layoutDocument(r.template, r.cells, proseOf(r, i * 5, 0), randomLayoutStyle(rng));
      const file = join(dir, `r${i}.pdf`);
      writeFileSync(file, await gridPdf(text));
      let t = performance.now();
      const out = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      poppler += performance.now() - t;
      t = performance.now();
      const { report } = parseText(`r${i}.txt`, out);
      reader += performance.now() - t;
      const warned = report.errors.some((e) => e.code === 'layout_columns_unclear');
      let ok = true;
      for (const [k, v] of Object.entries(r.cells)) {
        const got = report.cells[k];
        if (got === v) exact++;
        else if (got === null && warned) (blankWarned++, (ok = false));
        else {
          wrong++;
          ok = false;
          if (process.env.LAYOUT_BENCH_DEBUG) console.log(`r${i}: ${k} = ${got}, printed ${v}`);
        }
      }
      if (!ok && process.env.LAYOUT_BENCH_DEBUG) writeFileSync(`/tmp/layout-bench-r${i}.txt`, out);
      if (ok) reportsExact++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cells = exact + blankWarned + wrong;
  console.log(`${count} PDFs (pdfkit) → pdftotext -layout → parser`);
  console.log(`reports read exactly: ${reportsExact}/${count}`);
  console.log(`cells: ${exact} exact (${((100 * exact) / cells).toFixed(1)} %), ${blankWarned} blank with layout_columns_unclear, ${wrong} wrong`);
  console.log(`time per report: pdftotext ${(poppler / count).toFixed(1)} ms (process start included), parser ${(reader / count).toFixed(1)} ms`);
}

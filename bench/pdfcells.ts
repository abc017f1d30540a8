/**
 * `npm run bench -- pdfcells [--count N] [--seed S]`: cells of generated PDFs (src/synth/pdf.ts, random
 * variants and values as tests/pdf-property.test.ts draws them, a sixth of cells blank) read back
 * through parseFile (pdf.js → our layout text → layout reader) and, where poppler-utils is installed,
 * through real `pdftotext -layout` → parseText. Counts reports exact / blank with
 * layout_columns_unclear (no wrong cell) / with a wrong cell, and cells wrong. PDF_CELLS_DEBUG=1
 * prints each wrong report's variant and cells.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { cellsOf, collapsedKeys, type TemplateVersion } from '../src/lib/template.ts';
import type { ParsedReport } from '../src/lib/types.ts';
import { parseText } from '../src/parser/index.ts';
import { parseFile } from '../src/parser/read.ts';
import { templateOfYear, type SynthReport } from '../src/synth/index.ts';
import { renderPdf, type PdfVariant } from '../src/synth/pdf.ts';
import { pdfCellValue, pdfVariantArb } from '../tests/helpers/pdf-variants.ts';

const ORGS = ['江源街道办事处', '横峰县人民政府办公室', '北京市海淀区人民政府', '广州市天河区教育局'];

const valueOf = pdfCellValue;
const variantArb = pdfVariantArb;

const caseArb = fc
  .record({ year: fc.integer({ min: 2019, max: 2025 }), org: fc.constantFrom(...ORGS), blanks: fc.boolean() })
  .chain(({ year, org, blanks }) => {
    const template: TemplateVersion = templateOfYear(year);
    const collapsed = collapsedKeys(template);
    const cells = fc.record(Object.fromEntries(cellsOf(template).map((c) => [c.key, collapsed.has(c.key) ? fc.constant(null) : valueOf(c, blanks)])));
    return fc.tuple(
      cells.map((c): SynthReport => ({ org, year, template, script: 'simplified', layout: 'pdf', encoding: 'utf8', cells: c as Record<string, number | null> })),
      variantArb,
    );
  });

interface Tally {
  exact: number;
  blank: number;
  wrong: number;
  wrongCells: number;
  cells: number;
}

function score(t: Tally, r: SynthReport, report: ParsedReport, what: string, v: PdfVariant): void {
  const warned = report.errors.some((e) => e.code === 'layout_columns_unclear');
  const wrong = Object.entries(r.cells).filter(([k, want]) => report.cells[k] !== want && !(warned && report.cells[k] === null));
  t.cells += Object.keys(r.cells).length;
  t.wrongCells += wrong.length;
  if (wrong.length) {
    t.wrong++;
    if (process.env.PDF_CELLS_DEBUG) console.log(what, JSON.stringify(v), wrong.slice(0, 6).map(([k, w]) => `${k}: ${w} → ${report.cells[k]}`).join('; '));
  } else if (warned) t.blank++;
  else t.exact++;
}

const show = (name: string, t: Tally, n: number) =>
  console.log(`${name}: ${t.exact}/${n} exact, ${t.blank} blank with layout_columns_unclear, ${t.wrong} with wrong cells (${t.wrongCells} of ${t.cells} cells, ${((100 * t.wrongCells) / t.cells).toFixed(2)} %)`);

export async function bench(args: string[]): Promise<void> {
  const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
  const count = opt('--count', 150);
  const seed = opt('--seed', 1);
  let poppler = true;
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    poppler = false;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-pdfcells-'));
  const ours: Tally = { exact: 0, blank: 0, wrong: 0, wrongCells: 0, cells: 0 };
  const theirs: Tally = { exact: 0, blank: 0, wrong: 0, wrongCells: 0, cells: 0 };
  try {
    const cases = fc.sample(caseArb, { numRuns: count, seed });
    for (const [i, [r, v]] of cases.entries()) {
      const bytes = renderPdf(r, v);
      if (process.env.PDF_CELLS_DEBUG) writeFileSync(join(tmpdir(), `pdfcells-${i}.pdf`), bytes);
      score(ours, r, (await parseFile('r.pdf', bytes)).report, `pdf.js #${i}`, v);
      if (!poppler) continue;
      const file = join(dir, `r${i}.pdf`);
      writeFileSync(file, bytes);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      if (process.env.PDF_CELLS_DEBUG) writeFileSync(join(tmpdir(), `pdfcells-${i}.txt`), text);
      score(theirs, r, parseText('r.txt', text).report, `pdftotext #${i}`, v);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${count} generated PDFs (seed ${seed}, random variants, half with blank cells)`);
  show('parseFile (pdf.js → layout reader)', ours, count);
  if (poppler) show('pdftotext -layout → layout reader', theirs, count);
  else console.log('pdftotext (poppler-utils) not installed: its figure skipped.');
}

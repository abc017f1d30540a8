/**
 * PDF throughput on one core: generated PDFs (cached in a temp dir, `gongkai synth --layout pdf`)
 * plus the real example, read through parseFile, side by side with poppler's `pdftotext -layout`
 * spawned per file (process start included) — the bench-only reference. Says where the time goes:
 * opening the document, pdf.js's text extraction (which parses the fonts), our layout, and the
 * layout reader + row model.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseText } from '../src/parser/index.ts';
import { parseFile } from '../src/parser/read.ts';
import { readLayout } from '../src/parser/readers/layout.ts';
import { type PdfTimings, pdfToLayoutText } from '../src/parser/readers/pdf.ts';
import { writeCorpus } from '../src/synth/write.ts';

const SEED = 7;
const REAL = new URL('../data/reports/huaian-2024.pdf', import.meta.url).pathname;
const REAL_GOLDEN = new URL('../tests/golden/huaian-2024.json', import.meta.url).pathname;

interface Input {
  name: string;
  path: string;
  bytes: Uint8Array;
  cells: Record<string, number | null>;
}

async function corpus(count: number): Promise<Input[]> {
  const dir = join(tmpdir(), `gongkai-bench-pdf-${SEED}-${count}`);
  const have = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pdf')).length : 0;
  if (have < count) {
    const t0 = performance.now();
    await writeCorpus({ dir, count, seed: SEED, layout: 'pdf' });
    console.log(`generated ${count} PDFs in ${((performance.now() - t0) / 1000).toFixed(0)} s into ${dir} (kept for the next run)`);
  } else console.log(`using the ${count} PDFs cached in ${dir}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort().slice(0, count);
  const inputs = files.map((f) => ({
    name: f,
    path: join(dir, f),
    bytes: new Uint8Array(readFileSync(join(dir, f))),
    cells: (JSON.parse(readFileSync(join(dir, f.replace(/\.pdf$/, '.json')), 'utf8')) as { cells: Record<string, number | null> }).cells,
  }));
  inputs.push({ name: 'huaian-2024.pdf', path: REAL, bytes: new Uint8Array(readFileSync(REAL)), cells: (JSON.parse(readFileSync(REAL_GOLDEN, 'utf8')) as { cells: Record<string, number | null> }).cells });
  return inputs;
}

const exact = (got: Record<string, number | null>, want: Record<string, number | null>) => Object.entries(want).every(([k, v]) => got[k] === v);

function pdftotextAvailable(): boolean {
  return spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).status === 0;
}

export async function benchPdf(args: string[]): Promise<void> {
  const count = Number(args.find((a) => a.startsWith('--pdf-count='))?.slice(12) ?? 1000);
  const inputs = await corpus(count);
  const mb = inputs.reduce((n, x) => n + x.bytes.length, 0) / 2 ** 20;
  console.log(`PDF corpus: ${inputs.length} files (${count} generated + huaian-2024.pdf), ${mb.toFixed(0)} MB`);

  // Untimed warm-up: pdf.js's first document compiles its font and cMap code.
  for (const x of inputs.slice(0, 20)) await parseFile(x.name, x.bytes);

  // 1. The real path, per report.
  const t: PdfTimings = { open: 0, text: 0, layout: 0, pages: 0 };
  let ok = 0;
  const per: number[] = [];
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  for (const x of inputs) {
    const s = performance.now();
    const { report } = await parseFile(x.name, x.bytes);
    per.push(performance.now() - s);
    if (exact(report.cells, x.cells)) ok++;
  }
  const wall = performance.now() - w0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  // 2. The same files again, phase by phase.
  let rows = 0;
  for (const x of inputs) {
    const got = await pdfToLayoutText(x.bytes, t);
    if (!got.ok) continue;
    const s = performance.now();
    const read = readLayout(got.text, x.name, got.positions);
    parseText(x.name, read ? read.text : got.text, { form: 'lines' });
    rows += performance.now() - s;
  }
  const sorted = [...per].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
  const n = inputs.length;
  console.log(
    `pdf.js reader (parseFile): ${(n / (wall / 1000)).toFixed(1)} reports/s wall, ${(n / (cpuMs / 1000)).toFixed(1)} reports/s by CPU time (one process; pdf.js runs in this thread); ` +
      `${(wall / n).toFixed(1)} ms/report (median ${pct(0.5).toFixed(1)}, p95 ${pct(0.95).toFixed(1)}, max ${pct(1).toFixed(0)}), ${(wall / t.pages).toFixed(1)} ms/page over ${t.pages} pages; ` +
      `${ok}/${n} reports with every cell exact`,
  );
  const total = t.open + t.text + t.layout + rows;
  const share = (ms: number) => `${(ms / n).toFixed(2)} ms/report (${((100 * ms) / total).toFixed(0)}%)`;
  console.log(`  where the time goes: open ${share(t.open)}; page text incl. font parsing ${share(t.text)}; our layout ${share(t.layout)}; layout reader + row model ${share(rows)}`);

  if (!pdftotextAvailable()) {
    console.log('pdftotext -layout: not installed (Debian poppler-utils), so the side-by-side column is skipped');
    return;
  }
  // 3. poppler, spawned per file as a user would run it, then our reading of its text.
  let popOk = 0;
  let spawnMs = 0;
  let popRows = 0;
  for (const x of inputs) {
    const s = performance.now();
    const r = spawnSync('pdftotext', ['-layout', x.path, '-']);
    spawnMs += performance.now() - s;
    const s2 = performance.now();
    const { report } = parseText(x.name.replace(/\.pdf$/, '.txt'), r.stdout.toString('utf8'));
    popRows += performance.now() - s2;
    if (exact(report.cells, x.cells)) popOk++;
  }
  const pop = spawnMs + popRows;
  console.log(
    `pdftotext -layout (spawned per file) + our layout reader: ${(n / (pop / 1000)).toFixed(1)} reports/s, ${(pop / n).toFixed(1)} ms/report (pdftotext ${(spawnMs / n).toFixed(1)} ms incl. process start), ` +
      `${(pop / t.pages).toFixed(1)} ms/page; ${popOk}/${n} reports with every cell exact`,
  );
  console.log(`  pdf.js reader / pdftotext per report: ${(wall / pop).toFixed(2)}× (target ≤ 2×)`);
}

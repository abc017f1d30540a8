/**
 * Parse throughput on one core: synthetic reports of every layout, both templates and scripts,
 * rendered in memory first so that only parsing (and region resolution) is timed.
 */
import { analyzeReport } from '../src/analyze.ts';
import { parseDocument } from '../src/parser/index.ts';
import { randomReport, renderReport } from '../src/synth/index.ts';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;

export async function bench(args: string[]): Promise<void> {
  const count = Number(args.find((a) => a.startsWith('--count='))?.slice(8) ?? 10000);
  const rng = mulberry32(1);
  const inputs: { name: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const r = randomReport(rng);
    const { bytes, ext } = renderReport(r);
    inputs.push({ name: `r${i}${ext}`, bytes });
  }
  const totalBytes = inputs.reduce((n, x) => n + x.bytes.length, 0);
  console.log(`corpus: ${count} synthetic reports, ${mb(totalBytes)}, median ${(median(inputs.map((x) => x.bytes.length)) / 1024).toFixed(1)} KiB`);

  let peakRss = process.memoryUsage().rss;
  for (const [label, fn] of [
    ['parse only', parseDocument],
    ['parse + region resolution', analyzeReport],
  ] as const) {
    fn(inputs[0]!.name, inputs[0]!.bytes); // load dictionaries and the gazetteer outside the timing
    const rates: number[] = [];
    for (let round = 0; round < 3; round++) {
      const t0 = performance.now();
      for (const x of inputs) fn(x.name, x.bytes);
      rates.push(count / ((performance.now() - t0) / 1000));
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    console.log(`${label}: median ${median(rates).toFixed(0)} reports/s over 3 rounds (single process, one core; target ≥ 5,000)`);
  }
  console.log(`peak RSS: ${mb(peakRss)} (includes the in-memory corpus of ${mb(totalBytes)})`);

  // The robustness inputs of tests/robustness.test.ts, timed here (never in unit tests).
  const big = new Uint8Array(50 * 2 ** 20).fill(0x61);
  const text = new TextDecoder().decode(inputs[0]!.bytes);
  const bad: [string, Uint8Array][] = [
    ['50 MB file', big],
    ['8 MB of prose', new TextEncoder().encode('政府信息公开。'.repeat(380_000))],
    ['shuffled lines', new TextEncoder().encode(text.split('\n').sort().join('\n'))],
    ['empty', new Uint8Array()],
  ];
  for (const [label, bytes] of bad) {
    const t0 = performance.now();
    const r = analyzeReport(label, bytes).report;
    console.log(`slowest-input check — ${label}: ${(performance.now() - t0).toFixed(1)} ms (${r.status}${r.errors[0] ? ' ' + r.errors[0].code : ''}; limit 1 s)`);
  }
}

/**
 * Region resolution cost: gazetteer build (once per process) and µs per report over ≥ 10,000 body
 * names of every level, each paired with a real report text from data/reports for the clue search.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { getGazetteer, resolveRegion } from '../src/regions/index.ts';

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

export async function bench(_args: string[] = []): Promise<void> {
  const t0 = performance.now();
  const g = getGazetteer();
  const loadMs = performance.now() - t0;

  // Names of every kind: governments, offices and departments of provinces, cities and counties;
  // township bodies with and without their county (the bare ones are often ambiguous → clue search).
  const names: string[] = [];
  const tails = ['人民政府', '人民政府办公室', '财政局', '教育局', '卫生健康委员会'];
  let k = 0;
  for (const d of g.byCode.values()) {
    if (d.name === '市辖区' || d.name === '县' || d.name === '省直辖县级行政区划') continue;
    if (d.level === 'township') {
      if (k % 3 === 0) names.push(`${d.parent!.name}${d.name}${d.name.endsWith('街道') ? '办事处' : '人民政府'}`);
      else if (k % 3 === 1) names.push(`${d.name}${d.name.endsWith('街道') ? '办事处' : '人民政府'}`);
    } else names.push(`${d.name}${tails[k % tails.length]}`);
    k++;
  }
  const dir = new URL('../data/reports/', import.meta.url);
  const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(new URL(f, dir), 'utf8'));

  const rounds: number[] = [];
  const counts = { exact: 0, inferred: 0, ambiguous: 0, unresolved: 0 };
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < names.length; i++) {
      const { region } = resolveRegion({ org: names[i]!, text: texts[i % texts.length]! });
      if (r === 0) counts[region.confidence]++;
    }
    rounds.push(((performance.now() - start) * 1000) / names.length);
  }
  const noOrg: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < 2000; i++) resolveRegion({ org: null, text: texts[i % texts.length]! });
    noOrg.push(((performance.now() - start) * 1000) / 2000);
  }
  const us = median(rounds);
  console.log(`machine: ${cpus().length} cores; gazetteer: ${g.counts.province} provinces, ${g.counts.city} cities, ${g.counts.county} counties, ${g.counts.township} townships, ${g.byName.size} names indexed`);
  console.log(loadMs < 5
    ? 'gazetteer load + index: already done by an earlier part in this process (run `npm run bench -- regions` alone for the cold figure)'
    : `gazetteer load + index (once per process): ${loadMs.toFixed(0)} ms`);
  console.log(`resolveRegion over ${names.length} names with report texts: median ${us.toFixed(2)} µs/report over 5 rounds (${Math.round(1e6 / us).toLocaleString('en')} reports/s on one core); rounds ${rounds.map((x) => x.toFixed(2)).join(', ')}`);
  console.log(`  outcomes: ${Object.entries(counts).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  console.log(`resolveRegion with no org (title/signature search): median ${median(noOrg).toFixed(2)} µs/report`);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench(process.argv.slice(2));

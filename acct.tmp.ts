import { readFileSync, readdirSync, writeSync, openSync } from 'node:fs';
import { analyzeFile } from './src/analyze.ts';
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const dir = '/tmp/b11/reports'; const files = readdirSync(dir).sort().map((n) => dir + '/' + n);
const fd = openSync('/dev/null', 'w');
for (let round = 0; round < 3; round++) {
  let t = cpu(); const bytes = files.map((f) => readFileSync(f)); const read = cpu() - t;
  t = cpu(); const reps = []; for (let i = 0; i < files.length; i++) reps.push((await analyzeFile(files[i], bytes[i])).report); const parse = cpu() - t;
  t = cpu(); const lines = reps.map((r) => JSON.stringify(r) + '\n'); const json = cpu() - t;
  t = cpu(); let pending = ''; for (const l of lines) { pending += l; if (pending.length >= 1 << 20) { writeSync(fd, pending); pending = ''; } } writeSync(fd, pending); const write = cpu() - t;
  t = cpu(); for (const l of lines) writeSync(fd, l); const write1 = cpu() - t;
  t = cpu(); const chunks: Buffer[] = []; for (const l of lines) chunks.push(Buffer.from(l)); const enc = cpu() - t;
  console.log({ read, parse, json, write, write1, enc, chars: lines.reduce((n, l) => n + l.length, 0) });
}

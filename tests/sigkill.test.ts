/**
 * Issue 11, acceptance 3: builds killed with SIGKILL at random moments leave the previous dataset
 * intact, and their leftovers (.OUT.tmp-*, .OUT.old-*) go with `gongkai build --clean` or the next build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../src/dataset/build.ts';
import { randomReport, renderReport, seededRng } from '../src/synth/index.ts';
import { REPORTS_DIR } from './helpers/corpus.ts';

const ROOT = join(import.meta.dirname, '..');
const KILLS = 3;
let work: string;
let dir: string;
let out: string;

/** Every file of the dataset with its SHA-256: equal snapshots are the same dataset, byte for byte. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const p of readdirSync(root, { recursive: true }).map(String)) {
    const full = join(root, p);
    if (statSync(full).isFile()) files[relative(root, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return files;
}
const leftovers = () => readdirSync(work).filter((n) => n.startsWith('.out.tmp-') || n.startsWith('.out.old-'));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'gongkai-sigkill-'));
  dir = join(work, 'in');
  out = join(work, 'out');
  mkdirSync(dir);
  for (const n of readdirSync(REPORTS_DIR.pathname)) cpSync(join(REPORTS_DIR.pathname, n), join(dir, n));
  const rng = seededRng(2024);
  for (let i = 0; i < 300; i++) writeFileSync(join(dir, `synth-${i}.txt`), renderReport(randomReport(rng, { layout: 'pipe' })).bytes);
  await buildDataset({ inDir: dir, outDir: out });
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('SIGKILL during builds', () => {
  it(`${KILLS} kills at random moments: the previous dataset stays intact; --clean and the next build remove the leftovers`, async () => {
    const rng = seededRng(11);
    let killed = 0;
    for (let k = 0; k < KILLS; k++) {
      const before = snapshot(out);
      // Each build has new work: a new report, and a parser-version change forces a full re-parse.
      writeFileSync(join(dir, `new-${k}.txt`), renderReport(randomReport(rng, { layout: 'tab' })).bytes);
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      manifest.parser_version = `older-${k}`;
      writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
      const previous = snapshot(out);
      const child = spawn(process.execPath, [join(ROOT, 'bin/gongkai.js'), 'build', dir, out], { stdio: 'ignore', env: { ...process.env, CI: 'true' } });
      // A random moment once the build is under way (its temporary directory exists).
      const started = Date.now();
      while (!leftovers().some((n) => n.includes(`tmp-${child.pid}-`)) && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, Math.floor(rng() * 4000)));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      if (child.signalCode === 'SIGKILL') {
        killed++;
        expect(snapshot(out), `kill ${k}: the previous dataset, byte for byte`).toEqual(previous);
      } else {
        // Finished before the kill: then the new dataset is published whole.
        expect(child.exitCode).toBe(0);
        expect(snapshot(out)).not.toEqual(before);
      }
    }
    expect(killed, 'at least one build must have been killed while running').toBeGreaterThan(0);
    expect(leftovers().length, 'a killed build leaves its temporary directory').toBeGreaterThan(0);
    const clean = spawnSync(process.execPath, [join(ROOT, 'bin/gongkai.js'), 'build', '--clean', out], { encoding: 'utf8' });
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stderr).toMatch(/removed [1-9]\d* leftover/);
    expect(leftovers()).toEqual([]);

    // Killed again, then the next build removes what the dead build left, and publishes.
    const child = spawn(process.execPath, [join(ROOT, 'bin/gongkai.js'), 'build', dir, out], { stdio: 'ignore', env: { ...process.env, CI: 'true' } });
    const started = Date.now();
    while (!leftovers().length && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(leftovers().length).toBeGreaterThan(0);
    const r = await buildDataset({ inDir: dir, outDir: out });
    expect(leftovers()).toEqual([]);
    expect(r.counts.inputs).toBe(readdirSync(dir).filter((n) => !n.endsWith('.json')).length);
  }, 300_000);
});

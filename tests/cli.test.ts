import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cellsOf } from '../src/lib/template.ts';
import { corpus, expectedCells, goldenOf, REPORTS_DIR, seedGoldens } from './helpers/corpus.ts';

const bin = fileURLToPath(new URL('../bin/gongkai.js', import.meta.url));
const reports = fileURLToPath(REPORTS_DIR);
const gongkai = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('gongkai parse', () => {
  it('prints one JSON object per file with every key of the template, exit 0', () => {
    const entries = corpus();
    const files = entries.map((e) => join(reports, e.file));
    const r = gongkai('parse', ...files);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(files.length);
    for (const [i, rec] of lines.entries()) {
      expect(Object.keys(rec).slice(0, 9)).toEqual(['file', 'status', 'errors', 'org', 'year', 'template', 'script', 'cells', 'checks']);
      expect(rec.file).toBe(files[i]);
      expect(Object.keys(rec.cells).sort()).toEqual(cellsOf(rec.template).map((c) => c.key).sort());
      expect(rec.cells).toEqual(expectedCells(goldenOf(entries[i]!.file), rec));
      for (const c of rec.checks) expect(Object.keys(c)).toEqual(expect.arrayContaining(['rule', 'ok', 'detail']));
    }
  });

  it('a bad file fails alone: exit 1, the others unaffected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 3, 255, 0]));
    const good = seedGoldens()[1]!;
    const r = gongkai('parse', join(dir, 'empty.txt'), join(reports, good.file), join(dir, 'binary.txt'), join(dir, 'missing.txt'));
    expect(r.status).toBe(1);
    const recs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(recs.map((x) => x.status)).toEqual(['error', 'ok', 'error', 'error']);
    expect(recs.map((x) => x.errors[0]?.code)).toEqual(['empty_file', undefined, 'binary_file', 'file_unreadable']);
    expect(recs[1].cells).toEqual(good.cells);
  });

  it('bad usage exits 2 with a message', () => {
    expect(gongkai('parse').status).toBe(2);
    const r = gongkai('parse', '--frobnicate', 'x.txt');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--frobnicate');
    expect(gongkai('nonsense').status).toBe(2);
  });
});

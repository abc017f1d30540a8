// `gongkai parse --workers`: the same records, in the same order, as parsing in process; a file that
// hangs or exhausts its worker's heap gets an error record naming the limit, and the rest are unaffected.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPORTS_DIR } from './helpers/corpus.ts';

const bin = fileURLToPath(new URL('../bin/gongkai.js', import.meta.url));
const reports = fileURLToPath(REPORTS_DIR);

function gongkai(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, CI: 'true', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** 120 files (the pool starts from 100): the bundled text reports over and over, and two broken ones. */
function folder(): { dir: string; names: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-parse-pool-'));
  const sources = readdirSync(reports).filter((f) => /\.(txt|md)$/.test(f));
  for (let i = 0; i < 118; i++) {
    const src = sources[i % sources.length]!;
    copyFileSync(join(reports, src), join(dir, `f${String(i).padStart(3, '0')}_${src}`));
  }
  writeFileSync(join(dir, 'f050_empty.txt'), '');
  writeFileSync(join(dir, 'f051_binary.txt'), Buffer.from([0, 1, 2, 255, 0]));
  return { dir, names: readdirSync(dir).sort() };
}

describe('gongkai parse --workers', () => {
  it('prints byte for byte what parsing in process prints, and the same exit code', async () => {
    const { dir, names } = folder();
    const [inProcess, pooled] = await Promise.all([gongkai(['parse', '--workers', '0', dir]), gongkai(['parse', '--workers', '2', dir])]);
    expect(inProcess.code, inProcess.stderr).toBe(1);
    expect(pooled.code, pooled.stderr).toBe(1);
    expect(pooled.stdout).toBe(inProcess.stdout);
    const recs = pooled.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; status: string });
    expect(recs.map((r) => r.file)).toEqual(names.map((n) => join(dir, n)));
    expect(recs.filter((r) => r.status === 'error').map((r) => r.file)).toEqual([join(dir, 'f050_empty.txt'), join(dir, 'f051_binary.txt')]);
  }, 120_000);

  it('a file that hangs or runs its worker out of memory gets an error record; every other record is as parsed alone', async () => {
    const { dir, names } = folder();
    const hang = names[10]!;
    const oom = names[70]!;
    const [alone, run] = await Promise.all([
      gongkai(['parse', '--workers', '0', dir]),
      gongkai(['parse', '--workers', '2', '--file-timeout', '10', dir], { GONGKAI_FAULT_INJECT: `hang:${hang},oom:${oom}` }),
    ]);
    expect(run.code, run.stderr).toBe(1);
    const expected = alone.stdout.trim().split('\n');
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(names.length);
    for (const [i, line] of lines.entries()) {
      const rec = JSON.parse(line) as { file: string; status: string; errors: { code: string; message: string }[] };
      expect(rec.file).toBe(join(dir, names[i]!));
      if (names[i] === hang) {
        expect(rec).toMatchObject({ status: 'error', errors: [{ code: 'parse_timeout' }] });
        expect(rec.errors[0]!.message).toContain('10 秒');
      } else if (names[i] === oom) {
        expect(rec).toMatchObject({ status: 'error', errors: [{ code: 'parse_out_of_memory' }] });
        expect(rec.errors[0]!.message).toContain('256 MB');
      } else expect(line, names[i]).toBe(expected[i]);
    }
  }, 120_000);

  it('rejects a bad --file-timeout with exit 2', async () => {
    const r = await gongkai(['parse', '--file-timeout', '0', reports]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--file-timeout');
  });
});

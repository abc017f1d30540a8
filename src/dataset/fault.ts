/**
 * Fault injection for the worker pools' tests (tests/build-robust.test.ts, tests/parse-pool.test.ts):
 * `hang:NAME` or `oom:NAME` (comma separated) makes a parse worker loop or exhaust its heap on files
 * whose name contains NAME. Unset, it costs nothing.
 */
const FAULTS = (process.env.GONGKAI_FAULT_INJECT ?? '')
  .split(',')
  .map((f) => /^(hang|oom):(.+)$/.exec(f))
  .filter((m): m is RegExpExecArray => m !== null);

export function injectFault(file: string): void {
  const fault = FAULTS.find((m) => file.includes(m[2]!));
  if (!fault) return;
  if (fault[1] === 'hang') for (;;);
  const hog: number[][] = [];
  for (;;) hog.push(new Array<number>(1 << 20).fill(hog.length));
}

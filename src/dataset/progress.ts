/** Progress of a long build on a terminal: count, rate, ETA. Silent in CI and when not a TTY. */
export interface Progress {
  tick(done: number): void;
  done(): void;
}

const fmt = (s: number): string => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`);

/** The line shown for `done` of `total` after `seconds`. Pure, for testing. */
export function progressLine(done: number, total: number, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : NaN;
  return `${done.toLocaleString('en')}/${total.toLocaleString('en')} files  ${rate.toFixed(0)}/s  ETA ${Number.isFinite(eta) ? fmt(eta) : '…'}`;
}

export function shouldShowProgress(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && !(env.CI && env.CI !== 'false' && env.CI !== '0');
}

export function progress(total: number, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled) return { tick() {}, done() {} };
  const start = performance.now();
  let last = 0;
  return {
    tick(done) {
      const now = performance.now();
      if (now - last < 250 && done < total) return;
      last = now;
      stream.write(`\r\x1b[2K${progressLine(done, total, (now - start) / 1000)}`);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}

import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A source of uniform numbers in [0, 1); every generator takes one so a seed fixes the output. */
export type Rng = () => number;

export function seededRng(seed: number): Rng {
  const g = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(g);
}

/**
 * The seed of the `index`-th report of a run: reports are generated independently (so workers can
 * share a run and report i never depends on how many came before), yet all follow from one seed.
 */
export function reportSeed(seed: number, index: number): number {
  return createHash('sha256').update(`${seed}:${index}`).digest().readInt32LE(0);
}

export const chance = (rng: Rng, p: number): boolean => rng() < p;

/** Integer in [lo, hi]. */
export const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export function weighted<T>(rng: Rng, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [v, w] of choices) if ((x -= w) < 0) return v;
  return choices[choices.length - 1]![0];
}

/** Heavy-tailed count: 0 with probability `pZero`, otherwise log-normal around `median`. */
export function count(rng: Rng, pZero: number, median: number, spread = 1): number {
  if (rng() < pZero) return 0;
  // Box–Muller for a standard normal.
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.max(1, Math.round(median * Math.exp(spread * z)));
}

/** A deterministic variant number drawn from a string, for choices a renderer makes without an rng. */
export function variantOf(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32LE(0);
}

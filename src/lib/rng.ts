/**
 * Seeded pseudo-random numbers, so that a run with the same seed shuffles the
 * same data order, initialises the same weights and draws the same noise in
 * the browser, in Node and in tests.
 */

/** Mulberry32: a tiny, fast 32-bit generator with a full 2^32 period. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A fresh 31-bit seed for a tfjs op that takes one (randomNormal, randomUniform). */
  seed(): number;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int: (n) => Math.floor(next() * n),
    seed: () => Math.floor(next() * 0x7fffffff),
  };
}

/** Fisher-Yates shuffle of 0..n-1, driven by `rng`. */
export function shuffledIndices(n: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}

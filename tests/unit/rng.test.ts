import { describe, expect, it } from 'vitest';
import { createRng, shuffledIndices } from '../../src/lib/rng';
import { batchesPerEpoch, epochOrder } from '../../src/model/training/epochs';

describe('seeded randomness', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x).toBeGreaterThanOrEqual(0);
    for (const x of xs) expect(x).toBeLessThan(1);
  });

  it('shuffles into a permutation', () => {
    const order = shuffledIndices(1000, createRng(1));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(order.slice(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('gives each epoch its own order, the same for the same seed', () => {
    expect(epochOrder(100, 7, 0)).toEqual(epochOrder(100, 7, 0));
    expect(epochOrder(100, 7, 0)).not.toEqual(epochOrder(100, 7, 1));
    expect(epochOrder(100, 7, 0)).not.toEqual(epochOrder(100, 8, 0));
    expect(batchesPerEpoch(60000, 128)).toBe(468);
  });
});

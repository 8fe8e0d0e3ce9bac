import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/lib/rng';
import { nearestSiteCounts } from '../../src/state/slotLayers';

/** The nearest site of each point by brute force, counted: what nearestSiteCounts must agree with. */
function bruteCounts(points: Float32Array, count: number, d: number, sites: Float32Array): number[] {
  const K = sites.length / d;
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < count; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let k = 0; k < K; k++) {
      let distance = 0;
      for (let j = 0; j < d; j++) distance += (points[i * d + j] - sites[k * d + j]) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [k, distance];
    }
    counts[best]++;
  }
  return counts;
}

describe('nearestSiteCounts: how many test codes each VQ code gets', () => {
  it('in 2-D (the Delaunay walk) gives the counts of the brute-force search', () => {
    const next = mulberry32(7);
    for (const K of [3, 8, 64]) {
      const sites = Float32Array.from({ length: 2 * K }, () => 6 * next() - 3);
      const n = 5000;
      // Points spread wider than the sites, so the hull's outer cells are hit too.
      const points = Float32Array.from({ length: 2 * n }, () => 10 * next() - 5);
      const counts = nearestSiteCounts(points, n, 2, sites);
      expect(Array.from(counts)).toEqual(bruteCounts(points, n, 2, sites));
      expect(counts.reduce((s, c) => s + c, 0)).toBe(n);
    }
  });

  it('above 2-D and with fewer than three sites searches every site', () => {
    const next = mulberry32(11);
    const sites3 = Float32Array.from({ length: 3 * 16 }, () => next());
    const points3 = Float32Array.from({ length: 3 * 400 }, () => next());
    expect(Array.from(nearestSiteCounts(points3, 400, 3, sites3))).toEqual(bruteCounts(points3, 400, 3, sites3));
    const sites2 = Float32Array.from([0, 0, 1, 1]);
    const points2 = Float32Array.from({ length: 2 * 100 }, () => 2 * next() - 0.5);
    expect(Array.from(nearestSiteCounts(points2, 100, 2, sites2))).toEqual(bruteCounts(points2, 100, 2, sites2));
  });
});

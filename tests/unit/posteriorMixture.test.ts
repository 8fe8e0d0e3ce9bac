import { describe, expect, it } from 'vitest';
import {
  aggregateDensityGrid,
  aggregateFigures,
  aggregateLogDensity,
  type DiagonalPosteriors,
} from '../../src/lib/posteriorMixture';

const LOG_2PI = Math.log(2 * Math.PI);
const standardNormal = (z: Float32Array, m: number) =>
  Float64Array.from({ length: m }, (_, i) => -0.5 * (z[2 * i] ** 2 + z[2 * i + 1] ** 2) - LOG_2PI);

/** N copies of one posterior N(mu, diag(s^2)): the aggregate is that Gaussian. */
function copies(n: number, mu: [number, number], s: [number, number]): DiagonalPosteriors {
  const means = new Float32Array(2 * n);
  const logVars = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    means.set(mu, 2 * i);
    logVars.set([2 * Math.log(s[0]), 2 * Math.log(s[1])], 2 * i);
  }
  return { count: n, latentDim: 2, means, logVars };
}

describe('the aggregate posterior', () => {
  it('of identical posteriors is that Gaussian: its KL to N(0, I) matches the closed form', () => {
    const mu: [number, number] = [1, -0.5];
    const s: [number, number] = [0.5, 0.8];
    const p = copies(50, mu, s);
    const exact = 0.5 * (s[0] ** 2 + s[1] ** 2 + mu[0] ** 2 + mu[1] ** 2 - 2 - 2 * Math.log(s[0]) - 2 * Math.log(s[1]));
    const prior = Float32Array.from({ length: 4000 }, (_, i) => Math.sin(i * 12.9898) * 2);
    const figures = aggregateFigures(p, standardNormal, prior, 20_000, 3);
    expect(Math.abs(figures.kl - exact)).toBeLessThan(4 * figures.klStandardError + 1e-3);
    expect(figures.klStandardError).toBeLessThan(0.02);
    const logQ = aggregateLogDensity(p, Float32Array.from(mu), 1)[0];
    expect(logQ).toBeCloseTo(-Math.log(s[0] * s[1]) - LOG_2PI, 6);
  });

  it('finds the holes: prior draws far from every posterior, and a grid that integrates to one', () => {
    // Posteriors only on the right half-plane: the prior's left half is a hole.
    const n = 400;
    const means = Float32Array.from({ length: 2 * n }, (_, i) =>
      i % 2 === 0 ? 1 + (i % 7) * 0.2 : ((i % 11) - 5) * 0.3,
    );
    const logVars = new Float32Array(2 * n).fill(2 * Math.log(0.3));
    const p: DiagonalPosteriors = { count: n, latentDim: 2, means, logVars };
    const left = Float32Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? -2 : 0));
    const right = Float32Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1.6 : 0));
    expect(aggregateFigures(p, standardNormal, left, 5000, 1).holeShare).toBe(1);
    expect(aggregateFigures(p, standardNormal, right, 5000, 1).holeShare).toBe(0);
    const grid = aggregateDensityGrid(p, [-2, 5, -4, 4], 140, 160);
    const cell = (7 / 140) * (8 / 160);
    expect(grid.reduce((a, b) => a + b, 0) * cell).toBeCloseTo(1, 2);
  });
});

import { describe, expect, it } from 'vitest';
import { bic, fitGmm, gmmLogDensity, sampleGmm, type Gmm } from '../../src/lib/gmm';

/** Three well-separated components with different shapes and weights. */
const TRUTH: Gmm = {
  d: 2,
  weights: [0.5, 0.3, 0.2],
  means: [
    [0, 0],
    [5, 1],
    [-2, 6],
  ],
  covs: [
    [1, 0.6, 0.6, 0.8],
    [0.3, 0, 0, 1.5],
    [0.5, -0.3, -0.3, 0.4],
  ],
};

describe('EM for a Gaussian mixture', () => {
  const n = 4000;
  const data = sampleGmm(TRUTH, n, 11);

  it('recovers the weights, means and covariances of data drawn from known components', () => {
    const fit = fitGmm(data, n, 2, 3, { seed: 3 });
    expect(fit.converged).toBe(true);
    for (let k = 0; k < 3; k++) {
      // The fitted component nearest the true one.
      const j = fit.gmm.means
        .map((m, i) => ({ i, dist: Math.hypot(m[0] - TRUTH.means[k][0], m[1] - TRUTH.means[k][1]) }))
        .sort((a, b) => a.dist - b.dist)[0].i;
      expect(Math.abs(fit.gmm.weights[j] - TRUTH.weights[k])).toBeLessThan(0.03);
      expect(Math.hypot(fit.gmm.means[j][0] - TRUTH.means[k][0], fit.gmm.means[j][1] - TRUTH.means[k][1])).toBeLessThan(
        0.1,
      );
      fit.gmm.covs[j].forEach((c, i) => expect(Math.abs(c - TRUTH.covs[k][i])).toBeLessThan(0.15));
    }
    // Its likelihood on fresh data from the truth is close to the truth's own.
    const fresh = sampleGmm(TRUTH, n, 12);
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean(gmmLogDensity(fit.gmm, fresh, n)) - mean(gmmLogDensity(TRUTH, fresh, n)))).toBeLessThan(0.02);
  });

  it('is repeatable for a seed, and BIC picks the true number of components', () => {
    expect(fitGmm(data, n, 2, 3, { seed: 3 }).gmm).toEqual(fitGmm(data, n, 2, 3, { seed: 3 }).gmm);
    const scores = [1, 2, 3, 4, 5, 6].map((K) => {
      const fit = fitGmm(data, n, 2, K, { seed: 5 });
      return bic(fit.logLikelihood * n, K, 2, n);
    });
    expect(scores.indexOf(Math.min(...scores)) + 1).toBe(3);
  });
});

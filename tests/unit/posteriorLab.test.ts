import { randomNormal } from 'd3';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/rng';
import {
  estimators,
  identity,
  klQToPosteriorOnCells,
  posteriorQuadrature,
  splitGap,
  truePosterior,
  type LabModel,
} from '../../src/model/posterior/lab';
import { gaussianLogDensity, LOG_2PI, type Gaussian2 } from '../../src/model/posterior/numerics';
import { adaptiveQuadrature } from '../../src/model/posterior/quadrature';
import { CORRELATED_PPCA, PPCA_X, ppcaLogEvidence, ppcaLogJoint, ppcaPosterior, SHARP_PPCA, type Ppca } from './ppca';

/**
 * The posterior lab on probabilistic PCA, where every answer is known in
 * closed form: the same code the explorer runs on a trained VAE.
 */
const posterior = ppcaPosterior(CORRELATED_PPCA, PPCA_X);
const logEvidence = ppcaLogEvidence(CORRELATED_PPCA, PPCA_X);
const [sxx, sxy, syy] = posterior.cov;
const rho = sxy / Math.sqrt(sxx * syy);
// The best diagonal q of a Gaussian posterior: the same mean, variances 1 / (Sigma^-1)_ii.
const det = sxx * syy - sxy * sxy;
const meanField: [number, number] = [det / syy, det / sxx];

function diagonalQ(mu: [number, number], variance: [number, number], ppca: Ppca = CORRELATED_PPCA): LabModel {
  const sd = [Math.sqrt(variance[0]), Math.sqrt(variance[1])];
  const logQAt = (x: number, y: number) =>
    -0.5 * (((x - mu[0]) / sd[0]) ** 2 + ((y - mu[1]) / sd[1]) ** 2) - Math.log(sd[0] * sd[1]) - LOG_2PI;
  const logStandard = (x: number, y: number) => -0.5 * (x * x + y * y) - LOG_2PI;
  const draw = (n: number, seed: number, at: (e: number[]) => number[], logD: (x: number, y: number) => number) => {
    const normal = randomNormal.source(createRng(seed).next)();
    const z = new Float32Array(2 * n);
    const logDensity = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const [x, y] = at([normal(), normal()]);
      z[2 * i] = x;
      z[2 * i + 1] = y;
      logDensity[i] = logD(z[2 * i], z[2 * i + 1]);
    }
    return Promise.resolve({ z, logDensity });
  };
  const klToStandard =
    0.5 * (variance[0] + variance[1] + mu[0] ** 2 + mu[1] ** 2 - 2 - Math.log(variance[0] * variance[1]));
  return {
    latentDim: 2,
    logJoint: ppcaLogJoint(ppca, PPCA_X),
    logQ: (z, n) => Promise.resolve(Float64Array.from({ length: n }, (_, i) => logQAt(z[2 * i], z[2 * i + 1]))),
    drawQ: (n, seed) => draw(n, seed, ([a, b]) => [mu[0] + sd[0] * a, mu[1] + sd[1] * b], logQAt),
    drawPrior: (n, seed) => draw(n, seed, (e) => e, logStandard),
    logPrior: (z, n) => Float64Array.from({ length: n }, (_, i) => logStandard(z[2 * i], z[2 * i + 1])),
    q: { mean: mu, spread: sd, gaussian: { mean: mu, cov: [variance[0], 0, variance[1]] } },
    klClosedForm: klToStandard,
    priorBox: [-8, 8, -8, 8],
  };
}

describe('the posterior lab on probabilistic PCA (closed-form answers)', () => {
  // An "encoder" q a little off the posterior: the mean-field variances, the mean shifted.
  const shifted: [number, number] = [posterior.mean[0] + 0.15, posterior.mean[1] - 0.1];
  const model = diagonalQ(shifted, meanField);

  it('finds log p(x) by quadrature within 1e-3 nat, and the posterior’s mean and covariance within 1e-3', async () => {
    const quad = await posteriorQuadrature(model);
    expect(Math.abs(quad.logPx - logEvidence)).toBeLessThan(1e-3);
    expect(quad.converged).toBe(true);
    const truth = await truePosterior(model, quad, 61);
    const { mean, cov, correlation } = truth.moments;
    for (let i = 0; i < 2; i++) expect(Math.abs(mean[i] - posterior.mean[i])).toBeLessThan(1e-3);
    for (let i = 0; i < 3; i++) expect(Math.abs(cov[i] - posterior.cov[i])).toBeLessThan(1e-3);
    expect(correlation).toBeCloseTo(rho, 3);
    expect(Math.abs(rho)).toBeGreaterThan(0.8); // the posterior is strongly correlated
    // The full-covariance fit of a Gaussian posterior is the posterior: nothing lost.
    expect(truth.klPosteriorToFit).toBeLessThan(1e-3);
    // The 50/90/99 % highest-density levels are nested.
    const [l50, l90, l99] = truth.display.hdr.levels;
    expect(l50).toBeGreaterThan(l90);
    expect(l90).toBeGreaterThan(l99);
  });

  it('splits the gap: the best diagonal q loses exactly -1/2 log(1 - rho^2) nats, a full-covariance q nothing', async () => {
    const quad = await posteriorQuadrature(model);
    const { kl } = await klQToPosteriorOnCells(model, quad);
    const split = await splitGap(model, quad, kl);
    expect(split.failed).toBeNull();
    const analytic = -0.5 * Math.log(1 - rho * rho);
    expect(Math.abs(split.approximationGap - analytic)).toBeLessThan(0.01);
    expect(Math.abs(split.fullCovarianceGap)).toBeLessThan(0.01);
    expect(split.amortisationGap).toBeGreaterThan(0);
    // The shifted q's KL to the posterior, on the grid, against its closed form (two Gaussians).
    const dm = [posterior.mean[0] - shifted[0], posterior.mean[1] - shifted[1]];
    const inv = [syy / det, -sxy / det, sxx / det];
    const klExact =
      0.5 *
      (inv[0] * meanField[0] +
        inv[2] * meanField[1] +
        inv[0] * dm[0] ** 2 +
        2 * inv[1] * dm[0] * dm[1] +
        inv[2] * dm[1] ** 2 -
        2 +
        Math.log(det / (meanField[0] * meanField[1])));
    expect(Math.abs(kl - klExact)).toBeLessThan(2e-3);
    expect(Math.abs(split.amortisationGap - (klExact - analytic))).toBeLessThan(0.01);
  });

  it("measures a full-covariance encoder's gaps inside its own family: tilted q's are no approximation gap", async () => {
    // q a full-covariance Gaussian (as a fullcov-vae's encoder gives): the exact posterior shifted. The best
    // full-covariance q is the posterior itself, so the whole gap is amortisation and none approximation.
    const shiftedMean: [number, number] = [posterior.mean[0] + 0.3, posterior.mean[1] - 0.2];
    const q: Gaussian2 = { mean: shiftedMean, cov: [sxx, sxy, syy] };
    const base = diagonalQ(shiftedMean, meanField);
    const L = [Math.sqrt(sxx), sxy / Math.sqrt(sxx), Math.sqrt(syy - (sxy * sxy) / sxx)];
    const full: LabModel = {
      ...base,
      logQ: (z, n) =>
        Promise.resolve(Float64Array.from({ length: n }, (_, i) => gaussianLogDensity(q, z[2 * i], z[2 * i + 1]))),
      drawQ: (n, seed) => {
        const normal = randomNormal.source(createRng(seed).next)();
        const z = new Float32Array(2 * n);
        const logDensity = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const [a, b] = [normal(), normal()];
          z[2 * i] = shiftedMean[0] + L[0] * a;
          z[2 * i + 1] = shiftedMean[1] + L[1] * a + L[2] * b;
          logDensity[i] = gaussianLogDensity(q, z[2 * i], z[2 * i + 1]);
        }
        return Promise.resolve({ z, logDensity });
      },
      q: { mean: shiftedMean, spread: [Math.sqrt(sxx), Math.sqrt(syy)], gaussian: q, family: 'full' },
      klClosedForm: null,
    };
    const quad = await posteriorQuadrature(full);
    const { kl } = await klQToPosteriorOnCells(full, quad);
    const split = await splitGap(full, quad, kl);
    expect(split.failed).toBeNull();
    expect(split.family).toBe('full');
    // KL between two Gaussians of one covariance: half the Mahalanobis distance of their means.
    const dm = [0.3, -0.2];
    const klExact = 0.5 * ((syy * dm[0] ** 2 - 2 * sxy * dm[0] * dm[1] + sxx * dm[1] ** 2) / det);
    expect(Math.abs(kl - klExact)).toBeLessThan(2e-3);
    expect(Math.abs(split.approximationGap)).toBeLessThan(0.01);
    expect(Math.abs(split.amortisationGap - klExact)).toBeLessThan(0.01);
    // The diagonal family still misses what it always does, measured beside it.
    expect(Math.abs(quad.logPx - split.diagonal.elbo - -0.5 * Math.log(1 - rho * rho))).toBeLessThan(0.01);
  });

  it('orders the estimates: ELBO <= IS(K) <= IS(K′) for K < K′, IS(10,000) within 0.05 nat of log p(x), the prior far noisier', async () => {
    // A narrow posterior (where plain Monte Carlo from the prior fails), and a diagonal q as wide as its
    // marginals, so that it covers it (as an encoder's q should).
    const sharp = ppcaPosterior(SHARP_PPCA, PPCA_X);
    const sharpEvidence = ppcaLogEvidence(SHARP_PPCA, PPCA_X);
    const covering = diagonalQ([sharp.mean[0], sharp.mean[1]], [sharp.cov[0], sharp.cov[2]], SHARP_PPCA);
    const quad = await posteriorQuadrature(covering);
    expect(Math.abs(quad.logPx - sharpEvidence)).toBeLessThan(1e-3);
    const run = await estimators(covering, [1, 10, 100, 1000, 10_000], 20, 2000);
    const means = run.importance.map((r) => r.mean);
    // Orders hold in expectation; each mean over 20 repeats carries a standard error std / sqrt(20).
    const se = run.importance.map((r) => r.std / Math.sqrt(20));
    expect(run.elbo.elbo).toBeLessThanOrEqual(means[0] + 3 * (run.elbo.standardError + se[0]));
    for (let k = 1; k < means.length; k++) {
      expect(means[k]).toBeGreaterThanOrEqual(means[k - 1] - 3 * Math.hypot(se[k], se[k - 1]));
    }
    expect(means[4]).toBeGreaterThan(means[1]);
    expect(means[means.length - 1]).toBeLessThanOrEqual(quad.logPx + 0.01);
    expect(Math.abs(means[means.length - 1] - sharpEvidence)).toBeLessThan(0.05);
    run.importance.forEach((r, k) => {
      expect(run.prior[k].std).toBeGreaterThan(r.std);
      if (r.K > 1) expect(r.ess).toBeGreaterThan(1);
    });
    // At small K, prior draws explain x badly: far below log p(x).
    expect(run.prior[1].mean).toBeLessThan(sharpEvidence - 0.5);
  });

  it('shows the identity log p(x) - ELBO = KL(q(z|x) || p(z|x)), each term computed on its own', async () => {
    const quad = await posteriorQuadrature(model);
    const { kl } = await klQToPosteriorOnCells(model, quad);
    const id = await identity(model, quad, kl, 4000);
    expect(id.elbo.draws).toBe(4000);
    expect(Math.abs(id.residual)).toBeLessThan(4 * id.elbo.standardError + 1e-3);
  });

  it('is tested against a posterior that is really correlated', () => {
    const g: Gaussian2 = posterior;
    expect(g.cov[1]).toBeLessThan(0);
  });
});

describe('adaptive quadrature at scale', () => {
  it('refines to hundreds of thousands of cells without overflowing the stack (a density spread everywhere)', async () => {
    const flat = (_z: Float32Array, n: number) => Promise.resolve(new Float64Array(n));
    const result = await adaptiveQuadrature(flat, { box: [-8, 8, -8, 8], minLevels: 2 });
    expect(result.cells.logF.length).toBeGreaterThan(150_000);
    expect(result.logPx).toBeCloseTo(Math.log(16 * 16), 6);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelParams } from '../../src/model/params';
import { loadShippedVae } from './shippedVae';
import {
  encoderTheta,
  exactElboGradient,
  gradientEstimates,
  reparameterisedDraws,
  standardNormalDraws,
  type EstimatorSummary,
  type GradientEstimates,
} from '../../src/model/posterior/reparam';

/**
 * The reparameterisation trick, measured on the shipped vae-2d: for the
 * encoder's own q(z|x) of three test digits, the pathwise and the
 * score-function estimates of the ELBO's gradient in (mu, logVar) both
 * centre on the gradient found by quadrature and finite differences, the
 * pathwise one with thousands of times less variance, and averaging K draws
 * divides each one's variance by K.
 */
let params: ModelParams;
let imageOf: (i: number) => Float32Array;

beforeAll(async () => {
  ({ params, imageOf } = await loadShippedVae());
}, 60_000);

const NAMES = ['mu_1', 'mu_2', 'logVar_1', 'logVar_2'];
const REPEATS = 2000;
/** Absolute slack on top of 4 standard errors, for the quadrature's own error (under 1e-4 on logVar, see exactElboGradient). */
const FLOOR = 1e-3;

function expectUnbiased(label: string, estimate: EstimatorSummary, exact: number[]) {
  exact.forEach((g, j) => {
    const tolerance = 4 * estimate.standardError[j] + FLOOR;
    expect(Math.abs(estimate.mean[j] - g), `${label}, ${NAMES[j]}: ${estimate.mean[j]} vs ${g}`).toBeLessThan(
      tolerance,
    );
  });
}

describe('standard normal draws and z = mu + sigma * eps', () => {
  it('are deterministic per seed and put 39.3 % of z in the 1-sigma ellipse, 86.5 % in the 2-sigma one', () => {
    const n = 10_000;
    const mean = [1.5, -0.7];
    const sigma = [0.3, 2];
    const eps = standardNormalDraws(n, 2, 5);
    expect(standardNormalDraws(n, 2, 5)).toEqual(eps);
    expect(standardNormalDraws(n, 2, 6)).not.toEqual(eps);
    const z = reparameterisedDraws(mean, sigma, eps, n);
    let inside1 = 0;
    let inside2 = 0;
    for (let i = 0; i < n; i++) {
      const r2 = ((z[2 * i] - mean[0]) / sigma[0]) ** 2 + ((z[2 * i + 1] - mean[1]) / sigma[1]) ** 2;
      if (r2 <= 1) inside1++;
      if (r2 <= 4) inside2++;
    }
    expect(Math.abs(inside1 / n - (1 - Math.exp(-0.5)))).toBeLessThan(0.01);
    expect(Math.abs(inside2 / n - (1 - Math.exp(-2)))).toBeLessThan(0.01);
    // An odd number of values (the last Box-Muller pair is cut in half) is fine too.
    expect(standardNormalDraws(3, 1, 1).every(Number.isFinite)).toBe(true);
  });
});

describe('the shipped vae-2d: gradient estimators of the ELBO in (mu, logVar)', () => {
  it('leaves no tensors behind', async () => {
    const x = imageOf(0);
    const theta = await encoderTheta(params, x);
    const before = tf.memory().numTensors;
    await gradientEstimates(params, x, theta, { K: 3, repeats: 5, seed: 1, rowsPerPass: 6 });
    await exactElboGradient(params, x, theta, { n: 21 });
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const digit of [0, 7, 43]) {
    it(`digit ${digit}, K = 1 and 10: both unbiased, reparameterisation far less noisy, variance ~ 1 / K`, async () => {
      const x = imageOf(digit);
      const theta = await encoderTheta(params, x);
      const exact = await exactElboGradient(params, x, theta);
      // The finite differences agree with the quadrature's closed-form derivative.
      exact.gradient.forEach((g, j) => expect(Math.abs(g - exact.closedFormGradient[j])).toBeLessThan(1e-3));
      const runs: GradientEstimates[] = [];
      for (const K of [1, 10]) {
        const run = await gradientEstimates(params, x, theta, { K, repeats: REPEATS, seed: 11 + digit + K });
        // (i) both centre on the quadrature's gradient, within 4 standard errors.
        expectUnbiased(`digit ${digit}, K = ${K}, reparameterisation`, run.reparameterisation, exact.gradient);
        expectUnbiased(`digit ${digit}, K = ${K}, score function`, run.scoreFunction, exact.gradient);
        // (ii) the reparameterised estimator has the smaller variance on every parameter.
        for (const ratio of run.varianceRatio) expect(ratio).toBeGreaterThan(1);
        // The ELBO itself, from the same draws, agrees with the quadrature's.
        expect(Math.abs(run.elbo - exact.elbo)).toBeLessThan(4 * run.elboStandardError + FLOOR);
        runs.push(run);
      }
      // (iii) averaging 10 draws divides each estimator's variance by about 10.
      const [one, ten] = runs;
      for (const key of ['reparameterisation', 'scoreFunction'] as const) {
        one[key].std.forEach((s, j) => {
          const reduction = (s / ten[key].std[j]) ** 2;
          expect(reduction, `digit ${digit}, ${key}, ${NAMES[j]}`).toBeGreaterThan(5);
          expect(reduction, `digit ${digit}, ${key}, ${NAMES[j]}`).toBeLessThan(20);
        });
      }
    }, 120_000);
  }
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import { familyOf } from '../../src/model/families';
import { fullcovKlToStandardNormal } from '../../src/model/families/fullcov-vae/family';
import {
  choleskyFromHead,
  covarianceFromCholesky,
  logDetFromHead,
  lowerTimes,
  solveLower,
  trilOps,
} from '../../src/model/families/fullcov-vae/tril';
import { klToStandardNormal, diagonalGaussianLogDensity } from '../../src/model/losses';
import { disposeParams, initParams } from '../../src/model/params';
import { batchOf, fakeImages, smallConfig } from './helpers';
import { mulberry32 } from '../../src/lib/rng';
import { packedIndex, packedSize } from '../../src/lib/packedTriangle';
import { labModelFor } from '../../src/model/posterior/fromModel';

/**
 * The full-covariance posterior N(mu, L L^T): its packed triangle, z = mu + L eps, the closed-form KL
 * and log q, each against the same thing computed another way (plain loops, the diagonal VAE's
 * formulas where L is diagonal, a Monte Carlo estimate).
 */

beforeAll(async () => {
  await initNodeBackend('cpu');
});

/** L as a full row-major matrix from a head's raw packed output (exp on the diagonal). */
function lowerOf(raw: number[], d: number): number[][] {
  const L = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      const v = raw[packedIndex(i, j)];
      L[i][j] = i === j ? Math.exp(v) : v;
    }
  return L;
}

function randomRaw(d: number, seed: number): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: packedSize(d) }, () => (rng() - 0.5) * 1.6);
}

describe('the packed lower triangle', () => {
  it('counts and indexes row by row', () => {
    expect([1, 2, 3, 8, 32].map(packedSize)).toEqual([1, 3, 6, 36, 528]);
    expect(packedIndex(0, 0)).toBe(0);
    expect(packedIndex(2, 1)).toBe(4);
    // Read as symmetric: either order of a pair is the same entry.
    expect(packedIndex(1, 2)).toBe(packedIndex(2, 1));
  });

  it('gives L eps, L L^T and log det L as plain loops do', () => {
    for (const d of [1, 2, 5]) {
      const raw = randomRaw(d, d);
      const L = lowerOf(raw, d);
      const eps = Array.from({ length: d }, (_, i) => Math.sin(i + 1));
      tf.tidy(() => {
        const ops = trilOps(d);
        const rawT = tf.tensor2d([raw]);
        const packed = choleskyFromHead(rawT, ops);
        const Le = lowerTimes(packed, tf.tensor2d([eps]), ops).dataSync();
        const sigma = covarianceFromCholesky(packed, ops).dataSync();
        const logDet = logDetFromHead(rawT, ops).dataSync()[0];
        for (let i = 0; i < d; i++) {
          expect(Le[i]).toBeCloseTo(
            L[i].reduce((s, v, j) => s + v * eps[j], 0),
            5,
          );
          for (let j = 0; j <= i; j++) {
            const want = L[i].reduce((s, v, k) => s + v * L[j][k], 0);
            expect(sigma[packedIndex(i, j)]).toBeCloseTo(want, 5);
          }
        }
        expect(logDet).toBeCloseTo(
          L.reduce((s, row, i) => s + Math.log(row[i]), 0),
          5,
        );
        // Forward substitution undoes L.
        const back = solveLower(packed, tf.tensor2d([Array.from(Le)]), d).dataSync();
        Array.from(back).forEach((v, i) => expect(v).toBeCloseTo(eps[i], 4));
      });
    }
  });

  it('does not overflow off the diagonal: a large entry there stays what it is', () => {
    tf.tidy(() => {
      const ops = trilOps(2);
      const packed = choleskyFromHead(tf.tensor2d([[0, 200, 0]]), ops).dataSync();
      expect(Array.from(packed)).toEqual([1, 200, 1]);
    });
  });
});

describe('the full-covariance posterior', () => {
  it('is the diagonal VAE where L is diagonal: the same KL and log q', () => {
    tf.tidy(() => {
      const d = 3;
      const mu = tf.tensor2d([[0.3, -1.2, 0.5]]);
      const logSigma = [0.2, -0.7, 0.4];
      const raw = new Array<number>(packedSize(d)).fill(0);
      logSigma.forEach((v, i) => (raw[packedIndex(i, i)] = v));
      const ops = trilOps(d);
      const rawT = tf.tensor2d([raw]);
      const scale = choleskyFromHead(rawT, ops);
      const logVar = tf.tensor2d([logSigma.map((v) => 2 * v)]);
      const kl = fullcovKlToStandardNormal(mu, scale, logDetFromHead(rawT, ops)).dataSync()[0];
      expect(kl).toBeCloseTo(klToStandardNormal(mu, logVar).dataSync()[0], 5);
    });
  });

  it("a model's log q at its own draws is the log q it reports with them, and its KL matches Monte Carlo", async () => {
    const params = initParams(smallConfig({ kind: 'fullcov-vae', latentDim: 2, seed: 5 }));
    // Random heads so that the posterior is tilted, not the near-isotropic start.
    tf.tidy(() => params.heads[1].kernel.assign(tf.randomNormal(params.heads[1].kernel.shape, 0, 0.5, 'float32', 2)));
    const family = familyOf(params);
    const x = batchOf(fakeImages(1, 7), 1);
    tf.tidy(() => {
      const K = 4000;
      const { z, logQ } = family.sample(params, x, K, 3);
      const again = family.logQ(params, x, z).dataSync();
      const reported = logQ.dataSync();
      for (let k = 0; k < 50; k++) expect(again[k]).toBeCloseTo(reported[k], 3);
      // E_q[log q - log N(z; 0, I)] by sampling, against the closed form.
      const logP = diagonalGaussianLogDensity(z, tf.zerosLike(z), tf.zerosLike(z)).dataSync();
      let mc = 0;
      for (let k = 0; k < K; k++) mc += (reported[k] - logP[k]) / K;
      const terms = family.evaluateBatch(params, x, 1);
      const closed = terms.kl!.dataSync()[0];
      expect(Math.abs(mc - closed)).toBeLessThan(0.05 * Math.max(1, closed));
      // The map's covariance is tilted: a real off-diagonal term.
      const { covariances } = family.mapPosteriors(params, x);
      const [sxx, sxy, syy] = covariances!.dataSync();
      expect(sxx).toBeGreaterThan(0);
      expect(syy).toBeGreaterThan(0);
      expect(Math.abs(sxy) / Math.sqrt(sxx * syy)).toBeGreaterThan(0.05);
    });
    x.dispose();
    disposeParams(params);
  });

  it('gives the lab its exact Gaussian q: the tilted covariance and the closed-form KL, not a fit to draws', async () => {
    const params = initParams(smallConfig({ kind: 'fullcov-vae', latentDim: 2, seed: 6 }));
    tf.tidy(() => params.heads[1].kernel.assign(tf.randomNormal(params.heads[1].kernel.shape, 0, 0.5, 'float32', 4)));
    const image = fakeImages(1, 9);
    const lab = await labModelFor(params, image);
    const x = batchOf(image, 1);
    const [sxx, sxy, syy] = familyOf(params).mapPosteriors(params, x).covariances!.dataSync();
    const kl = familyOf(params).evaluateBatch(params, x, 1).kl!.dataSync()[0];
    expect(lab.q.gaussian).not.toBeNull();
    const cov = lab.q.gaussian!.cov;
    expect(cov[0]).toBeCloseTo(sxx, 5);
    expect(cov[1]).toBeCloseTo(sxy, 5);
    expect(cov[2]).toBeCloseTo(syy, 5);
    expect(Math.abs(cov[1])).toBeGreaterThan(1e-3);
    expect(lab.q.spread[0]).toBeCloseTo(Math.sqrt(sxx), 5);
    expect(lab.klClosedForm).toBeCloseTo(kl, 4);
    lab.dispose();
    x.dispose();
    disposeParams(params);
  });
});

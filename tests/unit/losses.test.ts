import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_OPS } from '../../src/model/layerOps';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import {
  diagonalGaussianLogDensity,
  gaussianNegLogLikelihood,
  klToStandardNormal,
  standardNormalLogDensity,
} from '../../src/model/losses';
import { logMeanExp } from '../../src/model/evaluate';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

describe('KL(q(z|x) || N(0, I)) in closed form', () => {
  it('equals a Monte Carlo estimate E_q[log q(z) - log p(z)]', () => {
    const zMean = tf.tensor2d([
      [0, 0, 0],
      [1.5, -0.5, 0.2],
      [-2, 3, 0.7],
    ]);
    const zLogVar = tf.tensor2d([
      [0, 0, 0],
      [-1, 0.5, -3],
      [1, -2, 0.1],
    ]);
    const closedForm = klToStandardNormal(zMean, zLogVar).arraySync();
    expect(closedForm[0]).toBeCloseTo(0, 6); // q = p
    const samples = 200_000;
    const monteCarlo = [0, 1, 2].map((row) =>
      tf.tidy(() => {
        const mu = tf.tile(zMean.slice([row, 0], [1, 3]), [samples, 1]) as tf.Tensor2D;
        const logVar = tf.tile(zLogVar.slice([row, 0], [1, 3]), [samples, 1]) as tf.Tensor2D;
        const eps = tf.randomNormal([samples, 3], 0, 1, 'float32', 123 + row);
        const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
        const logRatio = tf.sub(diagonalGaussianLogDensity(z, mu, logVar), standardNormalLogDensity(z));
        const mean = tf.mean(logRatio).arraySync() as number;
        const stdErr = Math.sqrt((tf.moments(logRatio).variance.arraySync() as number) / samples);
        return { mean, stdErr };
      }),
    );
    monteCarlo.forEach(({ mean, stdErr }, row) => {
      expect(Math.abs(mean - closedForm[row])).toBeLessThan(4 * stdErr + 1e-6);
    });
    expect(closedForm[1]).toBeGreaterThan(1);
  });
});

describe('reconstruction terms', () => {
  it('BCE on logits equals -[x log p + (1 - x) log(1 - p)] and stays finite for extreme logits', () => {
    const logits = tf.tensor2d([[-3, 0, 2.5, 0.1]]);
    const x = tf.tensor2d([[0, 1, 0.3, 0.8]]);
    const p = tf.sigmoid(logits);
    const direct = tf
      .neg(tf.sum(tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, p))))))
      .arraySync() as number;
    expect(FAST_OPS.bernoulliNll(logits, x).arraySync()[0]).toBeCloseTo(direct, 5);
    const extreme = FAST_OPS.bernoulliNll(tf.tensor2d([[-100, 100]]), tf.tensor2d([[1, 0]])).arraySync()[0];
    expect(extreme).toBeCloseTo(200, 3);
  });

  it('Gaussian NLL equals 0.5 ||x - mean||^2 / sigma^2 + D/2 log(2 pi sigma^2)', () => {
    const logits = tf.tensor2d([[0, 1, -1]]);
    const x = tf.tensor2d([[0.2, 0.9, 0]]);
    const mean = tf.sigmoid(logits).arraySync()[0] as number[];
    const xs = [0.2, 0.9, 0];
    const sigma = 0.1;
    const sse = xs.reduce((s, xi, i) => s + (xi - mean[i]) ** 2, 0);
    const expected = (0.5 * sse) / sigma ** 2 + 1.5 * Math.log(2 * Math.PI * sigma ** 2);
    expect(gaussianNegLogLikelihood(logits, x, sigma).arraySync()[0]).toBeCloseTo(expected, 4);
  });
});

describe('logMeanExp', () => {
  it('is exact for small values and does not underflow for very negative ones', () => {
    const small = logMeanExp(tf.tensor2d([[0], [Math.log(3)]])).arraySync()[0];
    expect(small).toBeCloseTo(Math.log(2), 6);
    const tiny = logMeanExp(tf.tensor2d([[-1000], [-1001]])).arraySync()[0];
    expect(tiny).toBeCloseTo(-1000 + Math.log((1 + Math.exp(-1)) / 2), 3);
  });
});

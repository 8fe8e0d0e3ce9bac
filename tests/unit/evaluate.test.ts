import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistTestFromPackage } from '../../scripts/lib/node-mnist';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import { estimateNegLogLikelihood, evaluate, importanceSampledLogLikelihood } from '../../src/model/evaluate';
import { disposeParams, initParams, type ModelParams } from '../../src/model/params';
import { decode } from '../../src/model/families';
import { bestCodeReconstruction, codebookOf } from '../../src/model/families/vq-vae/family';
import { createTrainer } from '../../src/model/training/trainer';
import { sliceImages } from '../../src/data/mnist';
import { batchOf, fakeImages, smallConfig } from './helpers';

let params: ModelParams;
let images: Float32Array;

/** A small VAE (784-64-2) trained for 300 steps on real digits, so q(z|x) is not trivial. */
beforeAll(async () => {
  await initNodeBackend('wasm');
  const test = await loadMnistTestFromPackage();
  const train = sliceImages(test.images, 0, 4000);
  images = sliceImages(test.images, 9000, 200);
  params = initParams(smallConfig({ hidden: [64], latentDim: 2, batchSize: 64, seed: 4, learningRate: 3e-3 }));
  const trainer = createTrainer(params);
  for (let step = 0; step < 300; step++) {
    const start = (step * 64) % (4000 - 64);
    const x = tf.tensor2d(train.subarray(start * 784, (start + 64) * 784), [64, 784]);
    trainer.stepWithoutMetrics(x);
    x.dispose();
  }
  trainer.dispose();
});

describe('the importance-sampled estimate of log p(x)', () => {
  it('is never below the ELBO from the same samples', () => {
    const x = tf.tensor2d(images, [200, 784]);
    const { logLikelihood, elbo } = importanceSampledLogLikelihood(params, x, 20, 3);
    const ll = logLikelihood.arraySync();
    const lower = elbo.arraySync();
    ll.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(lower[i] - 1e-3));
    tf.dispose([x, logLikelihood, elbo]);
  });

  it('tightens as K grows, and its ELBO agrees with the closed-form -ELBO', async () => {
    const byK = new Map<number, Awaited<ReturnType<typeof estimateNegLogLikelihood>>>();
    for (const K of [1, 5, 50, 500]) byK.set(K, await estimateNegLogLikelihood(params, images, K, { seed: 21 }));
    const nll = [1, 5, 50, 500].map((K) => byK.get(K)!.negLogLikelihood);
    for (let i = 1; i < nll.length; i++) expect(nll[i]).toBeLessThan(nll[i - 1]);
    // With K = 1 the estimate is the ELBO itself.
    expect(byK.get(1)!.gap).toBeCloseTo(0, 5);
    const closedForm = await evaluate(params, images, { seed: 5 });
    expect(closedForm.negElbo).not.toBeNull();
    // Two single-sample estimates of the same -ELBO: equal up to Monte Carlo noise.
    expect(Math.abs(byK.get(500)!.negElbo - closedForm.negElbo!)).toBeLessThan(2);
    expect(byK.get(500)!.gap).toBeGreaterThan(0.1);
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await estimateNegLogLikelihood(params, images.subarray(0, 20 * 784), 10);
    await evaluate(params, images.subarray(0, 20 * 784), { batchSize: 7 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('evaluate', () => {
  it('reports reconstruction + KL = -ELBO and a KL per dimension', async () => {
    const m = await evaluate(params, images);
    expect(m.count).toBe(200);
    expect(m.kl).toBeGreaterThan(0);
    expect(m.negElbo).toBeCloseTo(m.reconstruction + (m.kl ?? NaN), 6);
    expect(m.klPerDimension).toHaveLength(2);
    expect(m.klPerDimension!.reduce((a, b) => a + b, 0)).toBeCloseTo(m.kl!, 4);
    // Pixels in [0, 1]: the BCE of real digits is far above 0 and below the 543 nats of a blank guess.
    expect(m.reconstruction).toBeGreaterThan(60);
    expect(m.reconstruction).toBeLessThan(400);
  });
});

describe("a VQ-VAE's best-code reconstruction", () => {
  it('is each image’s best of the K decoded codes (brute force agrees), never worse than its nearest code', async () => {
    const vq = initParams(smallConfig({ kind: 'vq-vae', codebookSize: 5, hidden: [16], seed: 3 }));
    const n = 40;
    const images = fakeImages(n, 9);
    const x = batchOf(images, n);
    const best = (await bestCodeReconstruction(vq, x).data())[0];
    const decoded = await (decode(vq, codebookOf(vq)) as tf.Tensor).data();
    let brute = 0;
    for (let i = 0; i < n; i++) {
      let lowest = Infinity;
      for (let k = 0; k < 5; k++) {
        let nats = 0;
        for (let j = 0; j < 784; j++) {
          const p = Math.min(1 - 1e-7, Math.max(1e-7, decoded[k * 784 + j]));
          const v = images[i * 784 + j];
          nats -= v * Math.log(p) + (1 - v) * Math.log(1 - p);
        }
        lowest = Math.min(lowest, nats);
      }
      brute += lowest / n;
    }
    expect(best).toBeCloseTo(brute, 2);
    const nearest = await evaluate(vq, images, { seed: 1 });
    expect(best).toBeLessThanOrEqual(nearest.reconstruction + 1e-3);
    disposeParams(vq);
    x.dispose();
  });
});

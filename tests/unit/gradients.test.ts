import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initNodeBackend, type NodeBackend } from '../../scripts/lib/node-tf';
import { lossAndGradients } from '../../src/model/gradients';
import { allVariables, disposeParams, initParams } from '../../src/model/params';
import { naiveLoss } from '../../src/model/trainer';
import type { ModelConfig } from '../../src/model/config';
import { batchOf, fakeImages, relativeMaxError, smallConfig } from './helpers';

const cases: Array<[string, Partial<ModelConfig>]> = [
  ['VAE, Bernoulli', {}],
  ['VAE, Gaussian', { likelihood: 'gaussian', gaussianSigma: 0.3 }],
  ['AE, Bernoulli', { kind: 'ae' }],
  ['AE, Gaussian', { kind: 'ae', likelihood: 'gaussian' }],
  ['VAE, one hidden layer, beta 4', { hidden: [12], beta: 4, latentDim: 5 }],
];

afterAll(async () => {
  await initNodeBackend('cpu');
});

describe.each<NodeBackend>(['cpu', 'wasm'])('the hand-written backward pass on %s', (backend) => {
  it.each(cases)('matches tfjs autodiff for a %s model', async (_name, overrides) => {
    await initNodeBackend(backend);
    const config = smallConfig({ ...overrides, seed: 3 });
    const params = initParams(config);
    const variables = allVariables(params);
    const x = batchOf(fakeImages(6, 5), 6);
    const eps =
      config.kind === 'vae' ? (tf.randomNormal([6, config.latentDim], 0, 1, 'float32', 9) as tf.Tensor2D) : null;
    const klWeight = config.beta * 0.7;

    const fast = tf.tidy(() => {
      const out = lossAndGradients(params, x, eps, klWeight);
      return { metrics: out.metrics?.arraySync() ?? [], grads: out.grads.map((g) => g.dataSync().slice()) };
    });
    const reference = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => naiveLoss(params, x, eps, klWeight).loss, variables);
      const metrics = naiveLoss(params, x, eps, klWeight).metrics.arraySync();
      return { loss: value.arraySync(), metrics, grads: variables.map((v) => grads[v.name].dataSync().slice()) };
    });

    expect(fast.metrics[3]).toBeCloseTo(reference.loss, 3);
    expect(relativeMaxError(fast.metrics, reference.metrics)).toBeLessThan(1e-5);
    variables.forEach((v, i) => {
      expect(relativeMaxError(fast.grads[i], reference.grads[i]), v.name).toBeLessThan(1e-4);
    });
    // The gradients are not trivially zero.
    expect(Math.max(...reference.grads.map((g) => Math.max(...g.map(Math.abs))))).toBeGreaterThan(1e-3);
    tf.dispose([x, eps ?? []]);
    disposeParams(params);
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initNodeBackend, type NodeBackend } from '../../scripts/lib/node-tf';
import { familyOf } from '../../src/model/families';
import { FAST_OPS, PLAIN_OPS, type LayerOps } from '../../src/model/layerOps';
import { allVariables, disposeParams, initParams, type ModelParams } from '../../src/model/params';
import type { ModelConfig } from '../../src/model/config';
import { batchOf, fakeImages, perturbExtras, relativeMaxError, smallConfig } from './helpers';

/**
 * Every family trains through the same fast layer ops and tfjs autodiff; none
 * has a backward pass of its own. Here each family's gradients through the
 * fast ops are checked against tfjs autodiff of stock ops, on cpu and wasm.
 */
const cases: Array<[string, Partial<ModelConfig>]> = [
  ['VAE, Bernoulli', {}],
  ['VAE, Gaussian', { likelihood: 'gaussian', gaussianSigma: 0.3 }],
  ['VAE, one hidden layer, beta 4', { hidden: [12], beta: 4, latentDim: 5 }],
  ['VAE, learned mixture prior', { prior: { kind: 'mog', components: 4 } }],
  ['AE, Bernoulli', { kind: 'ae' }],
  ['AE, Gaussian', { kind: 'ae', likelihood: 'gaussian' }],
  ['VQ-VAE, codebook loss', { kind: 'vq-vae', codebookSize: 6, codebookUpdate: 'loss' }],
  ['VQ-VAE, EMA codebook', { kind: 'vq-vae', codebookSize: 6, codebookUpdate: 'ema' }],
  ['flow VAE', { kind: 'flow-vae', flowSteps: 3, flowHidden: 5 }],
  ['flow VAE with a mixture prior, 2-D', { kind: 'flow-vae', latentDim: 2, prior: { kind: 'mog', components: 3 } }],
  ['full-covariance VAE, 4-D', { kind: 'fullcov-vae', latentDim: 4 }],
  ['full-covariance VAE with a mixture prior', { kind: 'fullcov-vae', prior: { kind: 'mog', components: 3 } }],
];

afterAll(async () => {
  await initNodeBackend('cpu');
});

interface LossAndGrads {
  loss: number;
  metrics: number[];
  grads: Array<Float32Array | null>;
}

function lossAndGrads(params: ModelParams, x: tf.Tensor2D, ops: LayerOps, klWeight: number): LossAndGrads {
  const out: LossAndGrads = { loss: NaN, metrics: [], grads: [] };
  tf.tidy(() => {
    const variables = allVariables(params);
    const { value, grads } = tf.variableGrads(() => {
      const terms = familyOf(params).loss(params, x, { klWeight, seed: 9, ops });
      out.metrics = Array.from(terms.metrics.dataSync());
      return terms.loss;
    }, variables);
    out.loss = value.dataSync()[0];
    out.grads = variables.map((v) => (grads[v.name] ? (grads[v.name].dataSync() as Float32Array).slice() : null));
  });
  return out;
}

describe.each<NodeBackend>(['cpu', 'wasm'])('gradients through the fast layer ops on %s', (backend) => {
  it.each(cases)('match plain tfjs autodiff for a %s model', async (_name, overrides) => {
    await initNodeBackend(backend);
    const config = smallConfig({ ...overrides, seed: 3 });
    const params = initParams(config);
    // A flow's couplings start at exactly zero, which hides their gradients.
    perturbExtras(params, 50, 0.3);
    const x = batchOf(fakeImages(6, 5), 6);
    const klWeight = config.beta * 0.7;
    const fast = lossAndGrads(params, x, FAST_OPS, klWeight);
    const plain = lossAndGrads(params, x, PLAIN_OPS, klWeight);

    expect(fast.loss).toBeCloseTo(plain.loss, 3);
    expect(relativeMaxError(fast.metrics, plain.metrics)).toBeLessThan(1e-5);
    allVariables(params).forEach((v, i) => {
      const a = fast.grads[i];
      const b = plain.grads[i];
      expect(a === null, `${v.name}: a gradient in one path only`).toBe(b === null);
      if (a && b) expect(relativeMaxError(a, b), v.name).toBeLessThan(1e-4);
    });
    // Every variable is trained, and the gradients are not trivially zero.
    expect(fast.grads.every((g) => g !== null)).toBe(true);
    const largest = Math.max(...plain.grads.map((g) => Math.max(...(g ?? [0]).map(Math.abs))));
    expect(largest).toBeGreaterThan(1e-3);
    x.dispose();
    disposeParams(params);
  });
});

/**
 * tfjs's wasm backend cannot differentiate a convolution (no Conv2DBackpropFilter kernel), so a conv
 * VAE's fast path, on cpu and on wasm, is checked against plain autodiff on cpu.
 */
const convCases: Array<[string, Partial<ModelConfig>]> = [
  ['conv VAE, two convolutions', { kind: 'conv-vae', convFilters: [3, 5], hidden: [7] }],
  [
    'conv VAE, one convolution, two dense layers, a mixture prior',
    { kind: 'conv-vae', convFilters: [4], hidden: [9, 6], prior: { kind: 'mog', components: 3 } },
  ],
];

describe.each<NodeBackend>(['cpu', 'wasm'])('a conv VAE through the fast layer ops on %s', (backend) => {
  it.each(convCases)('matches plain tfjs autodiff on cpu for a %s', async (_name, overrides) => {
    const config = smallConfig({ ...overrides, seed: 4 });
    await initNodeBackend('cpu');
    const x = fakeImages(6, 5);
    const run = async (on: NodeBackend, ops: LayerOps) => {
      await initNodeBackend(on);
      const params = initParams(config);
      perturbExtras(params, 50, 0.3);
      const batch = batchOf(x, 6);
      const result = lossAndGrads(params, batch, ops, 0.7);
      batch.dispose();
      disposeParams(params);
      return result;
    };
    const plain = await run('cpu', PLAIN_OPS);
    const fast = await run(backend, FAST_OPS);
    expect(relativeMaxError([fast.loss], [plain.loss])).toBeLessThan(1e-5);
    expect(relativeMaxError(fast.metrics, plain.metrics)).toBeLessThan(1e-5);
    expect(fast.grads.length).toBe(plain.grads.length);
    plain.grads.forEach((b, i) => {
      const a = fast.grads[i];
      expect(a, `variable ${i}: no gradient on the fast path`).not.toBeNull();
      expect(relativeMaxError(a!, b!), `variable ${i}`).toBeLessThan(1e-4);
    });
    const largest = Math.max(...plain.grads.map((g) => Math.max(...(g ?? [0]).map(Math.abs))));
    expect(largest).toBeGreaterThan(1e-3);
  });
});

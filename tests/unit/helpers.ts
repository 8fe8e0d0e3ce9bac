import * as tf from '@tensorflow/tfjs';
import { REFERENCE_VAE_CONFIG, type ModelConfig } from '../../src/model/config';
import { familyInfo } from '../../src/model/familyInfo';
import type { ModelMeta } from '../../src/model/format/meta';
import type { ModelParams } from '../../src/model/params';

/** A small model for fast unit tests: 784-16-8-d. */
export function smallConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return { ...REFERENCE_VAE_CONFIG, hidden: [16, 8], latentDim: 3, batchSize: 8, ...overrides };
}

/** A meta.json for a freshly made model of this config (test figures made up; none of KL for a family without one). */
export function metaFor(config: ModelConfig): ModelMeta {
  const withKl = familyInfo(config.kind).klMethod(config.prior) !== null;
  return {
    kind: config.kind,
    latentDim: config.latentDim,
    hidden: config.hidden,
    likelihood: config.likelihood,
    beta: config.beta,
    epochs: 1,
    seed: config.seed,
    trainedOn: 'mnist-train-60000',
    dataset: 'mnist',
    testMetrics: { reconstruction: 150, kl: withKl ? 5 : null, negElbo: withKl ? 155 : null },
  };
}

/** Images with MNIST-like statistics (mostly 0, some 1, a few in between), seeded. */
export function fakeImages(count: number, seed = 1): Float32Array {
  return tf.tidy(() => {
    const u = tf.randomUniform([count, 784], 0, 1, 'float32', seed);
    return tf
      .where(tf.less(u, 0.7), tf.zerosLike(u), tf.where(tf.less(u, 0.9), tf.onesLike(u), u))
      .dataSync() as Float32Array;
  });
}

export function batchOf(images: Float32Array, count: number): tf.Tensor2D {
  return tf.tensor2d(images.subarray(0, count * 784), [count, 784]);
}

/** max |a - b| / max(|b|, tiny): a scale-free closeness of two arrays. */
export function relativeMaxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let maxDiff = 0;
  let scale = 1e-12;
  for (let i = 0; i < a.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return maxDiff / scale;
}

/**
 * Adds seeded N(0, std^2) noise to a family's extra variables (mixture prior, codebook, flow couplings): many start at
 * a special value (a flow's couplings at the identity, zero output weights) that would hide a wrong formula.
 */
export function perturbExtras(params: ModelParams, seed: number, std: number): void {
  let s = seed;
  for (const v of params.extras.values()) {
    tf.tidy(() => v.assign(tf.add(v, tf.randomNormal(v.shape, 0, std, 'float32', s++))));
  }
}

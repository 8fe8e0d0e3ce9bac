import * as tf from '@tensorflow/tfjs';
import { REFERENCE_VAE_CONFIG, type ModelConfig } from '../../src/model/config';

/** A small model for fast unit tests: 784-16-8-d. */
export function smallConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return { ...REFERENCE_VAE_CONFIG, hidden: [16, 8], latentDim: 3, batchSize: 8, ...overrides };
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

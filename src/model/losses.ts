import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config';
import { FAST_OPS, type LayerOps } from './layerOps';
import { LOG_2PI } from '../lib/normal';

/**
 * -log N(x; sigmoid(l), sigma^2 I) summed over pixels, per image [batch]:
 * 0.5 * ||x - mean||^2 / sigma^2 + D/2 * log(2 pi sigma^2). A density, so it
 * can be negative and is not comparable with the Bernoulli figure.
 */
export function gaussianNegLogLikelihood(logits: tf.Tensor2D, x: tf.Tensor2D, sigma: number): tf.Tensor1D {
  const dims = x.shape[1];
  const sse = tf.sum(tf.square(tf.sub(x, tf.sigmoid(logits))), 1);
  return tf.add(tf.mul(sse, 0.5 / (sigma * sigma)), 0.5 * dims * (LOG_2PI + 2 * Math.log(sigma)));
}

/**
 * Reconstruction term -log p(x|z) in nats per image [batch], for the config's
 * likelihood. Bernoulli: BCE(x, sigmoid(l)) = softplus(l) - x * l summed over
 * pixels, written on the logits for numerical stability; pixels are in
 * [0, 1], not binarised.
 */
export function reconstructionNats(
  config: Pick<ModelConfig, 'likelihood' | 'gaussianSigma'>,
  logits: tf.Tensor2D,
  x: tf.Tensor2D,
  ops: LayerOps = FAST_OPS,
): tf.Tensor1D {
  return config.likelihood === 'gaussian'
    ? gaussianNegLogLikelihood(logits, x, config.gaussianSigma)
    : ops.bernoulliNll(logits, x);
}

/**
 * KL(N(mu, diag(sigma^2)) || N(0, I)) per image and dimension [batch, d], in closed form:
 * -1/2 * (1 + log sigma^2 - mu^2 - sigma^2).
 */
export function klPerDimension(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(tf.sub(tf.add(tf.square(zMean), tf.exp(zLogVar)), tf.add(zLogVar, 1)), 0.5);
}

/** The closed-form KL to the prior N(0, I), summed over dimensions: nats per image [batch]. */
export function klToStandardNormal(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(klPerDimension(zMean, zLogVar), 1);
}

/** log N(z; mu, diag(exp(logVar))) summed over dimensions, per row. */
export function diagonalGaussianLogDensity(z: tf.Tensor2D, zMean: tf.Tensor2D, zLogVar: tf.Tensor2D): tf.Tensor1D {
  const d = z.shape[1];
  const standardised = tf.div(tf.square(tf.sub(z, zMean)), tf.exp(zLogVar));
  return tf.mul(tf.add(tf.sum(tf.add(standardised, zLogVar), 1), d * LOG_2PI), -0.5);
}

/** log N(z; 0, I) summed over dimensions, per row. */
export function standardNormalLogDensity(z: tf.Tensor2D): tf.Tensor1D {
  const d = z.shape[1];
  return tf.mul(tf.add(tf.sum(tf.square(z), 1), d * LOG_2PI), -0.5);
}

/**
 * log q(z|x) of z = mu + sigma * eps, from the noise: -1/2 sum_j (eps_j^2 +
 * log sigma_j^2 + log 2 pi). The same function of (mu, log sigma^2, eps) as
 * diagonalGaussianLogDensity(z, ...), without the division.
 */
export function diagonalGaussianLogDensityOfNoise(eps: tf.Tensor2D, zLogVar: tf.Tensor2D): tf.Tensor1D {
  const d = eps.shape[1];
  return tf.mul(tf.add(tf.sum(tf.add(tf.square(eps), zLogVar), 1), d * LOG_2PI), -0.5);
}

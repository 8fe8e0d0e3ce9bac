import * as tf from '@tensorflow/tfjs';
import { INPUT_DIM } from './config';
import { decodeLogits, encode, reparameterize } from './forward';
import { diagonalGaussianLogDensity, klPerDimension, reconstructionNats, standardNormalLogDensity } from './losses';
import type { ModelParams } from './params';
import { createRng } from '../lib/rng';
import { yieldToEventLoop } from '../lib/yieldToEventLoop';

/** Test-set figures, all in nats per image. */
export interface EvaluationMetrics {
  /** E_q[-log p(x|z)] (one z per image for a VAE; the code itself for an AE). */
  reconstruction: number;
  /** KL(q(z|x) || N(0, I)), closed form; null for an AE (a point posterior has no finite KL). */
  kl: number | null;
  /** -ELBO = reconstruction + KL; null for an AE. */
  negElbo: number | null;
  /** KL per latent dimension; a dimension with KL near 0 is inactive (posterior collapsed to the prior). */
  klPerDimension: number[] | null;
  /** Number of images evaluated. */
  count: number;
}

export interface ImportanceSampledEstimate {
  /** -log p(x) estimated with K importance samples from q(z|x): an upper bound on -log p(x). */
  negLogLikelihood: number;
  /** -ELBO estimated from the same samples (the mean of log w_k); always >= negLogLikelihood. */
  negElbo: number;
  /** -ELBO - (-log p(x) estimate): a lower bound on the average KL(q(z|x) || p(z|x)). */
  gap: number;
  K: number;
  count: number;
}

export interface EvaluateOptions {
  /** Images per forward pass. */
  batchSize?: number;
  /** Seeds the noise of the sampled reconstruction. */
  seed?: number;
  /** Called after each batch with the fraction done. */
  onProgress?: (fraction: number) => void;
}

/** Rows [start, start + size) of a float32 image array as a [size, 784] tensor. */
function rows(images: Float32Array, start: number, size: number): tf.Tensor2D {
  return tf.tensor2d(images.subarray(start * INPUT_DIM, (start + size) * INPUT_DIM), [size, INPUT_DIM]);
}

/** Reconstruction, KL and -ELBO over a set of images (pixels in [0, 1], row-major [n, 784]). */
export async function evaluate(
  params: ModelParams,
  images: Float32Array,
  options: EvaluateOptions = {},
): Promise<EvaluationMetrics> {
  const count = images.length / INPUT_DIM;
  const batchSize = options.batchSize ?? 1000;
  const rng = createRng(options.seed ?? 0);
  const isVae = params.config.kind === 'vae';
  const d = params.config.latentDim;
  // Sums stay on the device; one readback at the end.
  let reconSum: tf.Scalar = tf.scalar(0);
  let klDimSums: tf.Tensor1D = tf.zeros([d]);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const [nextRecon, nextKl] = tf.tidy(() => {
      const x = rows(images, start, size);
      const { zMean, zLogVar } = encode(params, x);
      let z = zMean;
      let klDims = tf.zeros([d]) as tf.Tensor1D;
      if (zLogVar) {
        z = reparameterize(zMean, zLogVar, tf.randomNormal([size, d], 0, 1, 'float32', rng.seed()));
        klDims = tf.sum(klPerDimension(zMean, zLogVar), 0);
      }
      const recon = tf.sum(reconstructionNats(params.config, decodeLogits(params, z), x));
      return [tf.add(reconSum, recon) as tf.Scalar, tf.add(klDimSums, klDims) as tf.Tensor1D];
    });
    reconSum.dispose();
    klDimSums.dispose();
    reconSum = nextRecon;
    klDimSums = nextKl;
    options.onProgress?.((start + size) / count);
    await yieldToEventLoop();
  }
  const [reconTotal, klTotals] = await Promise.all([reconSum.data(), klDimSums.data()]);
  reconSum.dispose();
  klDimSums.dispose();
  const reconstruction = reconTotal[0] / count;
  if (!isVae) return { reconstruction, kl: null, negElbo: null, klPerDimension: null, count };
  const klPerDim = Array.from(klTotals, (v) => v / count);
  const kl = klPerDim.reduce((a, b) => a + b, 0);
  return { reconstruction, kl, negElbo: reconstruction + kl, klPerDimension: klPerDim, count };
}

/** log (1/K) sum_k exp(a_k) along axis 0, stable: subtract the max first. */
export function logMeanExp(logWeights: tf.Tensor2D): tf.Tensor1D {
  const K = logWeights.shape[0];
  const max = tf.max(logWeights, 0);
  const shifted = tf.exp(tf.sub(logWeights, max));
  return tf.sub(tf.add(tf.log(tf.sum(shifted, 0)), max), Math.log(K)) as tf.Tensor1D;
}

/**
 * Importance-sampled log p(x) per image (the IWAE bound, Burda et al. 2016):
 *   log p(x) ~= log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x),  z_k ~ q(z|x).
 * Returns [logMeanExp(log w), mean(log w)] per image, the second being the
 * single-sample ELBO averaged over the same K draws. By Jensen the first is
 * never below the second, and it tightens towards log p(x) as K grows.
 */
export function importanceSampledLogLikelihood(
  params: ModelParams,
  x: tf.Tensor2D,
  K: number,
  seed: number,
): { logLikelihood: tf.Tensor1D; elbo: tf.Tensor1D } {
  return tf.tidy(() => {
    const { zMean, zLogVar } = encode(params, x);
    if (!zLogVar) throw new Error('importance sampling needs a VAE (q(z|x) must be a distribution)');
    const [B, d] = zMean.shape;
    const eps = tf.randomNormal([K, B, d], 0, 1, 'float32', seed);
    const z = tf.add(zMean, tf.mul(tf.exp(tf.mul(zLogVar, 0.5)), eps)).reshape([K * B, d]) as tf.Tensor2D;
    const xTiled = tf.tile(x, [K, 1]) as tf.Tensor2D;
    const logPxGivenZ = tf.neg(reconstructionNats(params.config, decodeLogits(params, z), xTiled));
    const logPz = standardNormalLogDensity(z);
    const logQz = diagonalGaussianLogDensity(
      z,
      tf.tile(zMean, [K, 1]) as tf.Tensor2D,
      tf.tile(zLogVar, [K, 1]) as tf.Tensor2D,
    );
    const logW = tf.add(logPxGivenZ, tf.sub(logPz, logQz)).reshape([K, B]) as tf.Tensor2D;
    return { logLikelihood: logMeanExp(logW), elbo: tf.mean(logW, 0) as tf.Tensor1D };
  });
}

/** The importance-sampled -log p(x) over a set of images, with its gap to -ELBO. */
export async function estimateNegLogLikelihood(
  params: ModelParams,
  images: Float32Array,
  K: number,
  options: EvaluateOptions = {},
): Promise<ImportanceSampledEstimate> {
  const count = images.length / INPUT_DIM;
  // Keep K * batch * 784 floats around 16 MB.
  const batchSize = options.batchSize ?? Math.max(1, Math.floor(5000 / K));
  const rng = createRng(options.seed ?? 0);
  let sumLogLik = 0;
  let sumElbo = 0;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const x = rows(images, start, size);
    const { logLikelihood, elbo } = importanceSampledLogLikelihood(params, x, K, rng.seed());
    x.dispose();
    const sums = tf.tidy(() => tf.stack([tf.sum(logLikelihood), tf.sum(elbo)]));
    logLikelihood.dispose();
    elbo.dispose();
    const [a, b] = await sums.data();
    sums.dispose();
    sumLogLik += a;
    sumElbo += b;
    options.onProgress?.((start + size) / count);
    await yieldToEventLoop();
  }
  const negLogLikelihood = -sumLogLik / count;
  const negElbo = -sumElbo / count;
  return { negLogLikelihood, negElbo, gap: negElbo - negLogLikelihood, K, count };
}

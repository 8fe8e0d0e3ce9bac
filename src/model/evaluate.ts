import * as tf from '@tensorflow/tfjs-core';
import { INPUT_DIM } from './config';
import { familyOf } from './families';
import { reconstruction } from './families/common';
import { codebookOf } from './families/vq-vae/family';
import type { ModelParams } from './params';
import { priorOf } from './priors';
import type { KlMethod } from './families/spec';
import { createRng } from '../lib/rng';
import { yieldToEventLoop } from '../lib/yieldToEventLoop';

/**
 * How the KL figure was obtained (each family declares it, families/<kind>/info.ts): in closed form
 * (diagonal Gaussian against N(0, I)), as the one-sample estimate log q(z|x) - log p(z) (a learned
 * mixture prior or a flow: no closed form), or the constant log K of a VQ-VAE's uniform code prior.
 */
export type { KlMethod } from './families/spec';

/** Test-set figures, all in nats per image. */
export interface EvaluationMetrics {
  /** E_q[-log p(x|z)] (one z per image; the code itself for an AE or VQ-VAE). */
  reconstruction: number;
  /** KL(q(z|x) || p(z)); null for an AE (a point posterior has no finite KL). */
  kl: number | null;
  klMethod: KlMethod | null;
  /** -ELBO = reconstruction + KL; null for an AE. */
  negElbo: number | null;
  /** Closed-form KL per latent dimension; a dimension with KL near 0 is inactive (collapsed to the prior). */
  klPerDimension: number[] | null;
  /** VQ-VAE: how many images chose each code. */
  codeUsage: number[] | null;
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
  const family = familyOf(params);
  const d = params.config.latentDim;
  const K = family.info.hasCodebook ? codebookOf(params).shape[0] : 1;
  // Sums stay on the device; one readback at the end: [recon, kl, klPerDim (d), usage (K)].
  let sums: tf.Tensor1D = tf.zeros([2 + d + K]);
  let hasKl = false;
  let hasPerDim = false;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const next = tf.tidy(() => {
      const terms = family.evaluateBatch(params, rows(images, start, size), rng.seed());
      hasKl = terms.kl !== null;
      hasPerDim = terms.klPerDimension !== null;
      const parts = [
        tf.reshape(tf.sum(terms.reconstruction), [1]),
        tf.reshape(terms.kl ? tf.sum(terms.kl) : tf.scalar(0), [1]),
        terms.klPerDimension ? tf.sum(terms.klPerDimension, 0) : tf.zeros([d]),
        terms.codes ? tf.sum(tf.oneHot(terms.codes, K), 0) : tf.zeros([K]),
      ];
      return tf.add(sums, tf.concat(parts)) as tf.Tensor1D;
    });
    sums.dispose();
    sums = next;
    options.onProgress?.((start + size) / count);
    await yieldToEventLoop();
  }
  const totals = await sums.data();
  sums.dispose();
  const reconstruction = totals[0] / count;
  const kl = hasKl ? totals[1] / count : null;
  return {
    reconstruction,
    kl,
    klMethod: family.info.klMethod(params.config.prior),
    negElbo: kl === null ? null : reconstruction + kl,
    klPerDimension: hasPerDim ? Array.from(totals.subarray(2, 2 + d), (v) => v / count) : null,
    codeUsage: family.info.hasCodebook ? Array.from(totals.subarray(2 + d)) : null,
    count,
  };
}

/** log (1/K) sum_k exp(a_k) along axis 0, stable: subtract the max first. */
export function logMeanExp(logWeights: tf.Tensor2D): tf.Tensor1D {
  const K = logWeights.shape[0];
  return tf.sub(tf.logSumExp(logWeights, 0), Math.log(K)) as tf.Tensor1D;
}

/**
 * log w = log p(x|z) + log p(z) - log q(z|x) for K draws z ~ q(z|x) per
 * image, [K, B]: the importance weights of q as a proposal for p(z|x).
 */
export function importanceLogWeights(params: ModelParams, x: tf.Tensor2D, K: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const { z, logQ } = familyOf(params).sample(params, x, K, seed);
    const xTiled = K === 1 ? x : (tf.tile(x, [K, 1]) as tf.Tensor2D);
    const logPxGivenZ = tf.neg(reconstruction(params, z, xTiled));
    const logW = tf.add(logPxGivenZ, tf.sub(priorOf(params).logDensity(z), logQ));
    return tf.reshape(logW, [K, x.shape[0]]);
  });
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
  if (!familyOf(params).info.hasDensity) {
    throw new Error('importance sampling needs q(z|x) to be a distribution (a VAE family)');
  }
  return tf.tidy(() => {
    const logW = importanceLogWeights(params, x, K, seed);
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
    const sums = tf.tidy(() => {
      const { logLikelihood, elbo } = importanceSampledLogLikelihood(params, rows(images, start, size), K, rng.seed());
      return tf.stack([tf.sum(logLikelihood), tf.sum(elbo)]);
    });
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

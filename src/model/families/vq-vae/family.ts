import * as tf from '@tensorflow/tfjs-core';
import { FamilyFormatError, flatMatrix } from '../parts';
import { CODEBOOK, vqInfo } from './info';
import type { ModelParams } from '../../params';
import { createRng } from '../../../lib/rng';
import { noDensity, pointCode } from '../ae/family';
import { decoderLogits, reconstruction, stopGradient } from '../common';
import type { LatentFamily, LossTerms, TrainingHook } from '../types';

/**
 * The VQ-VAE (van den Oord et al. 2017): the encoder's continuous z_e snaps
 * to its nearest codebook vector e_k; the decoder sees e_k; the gradient
 * passes straight through from e_k to z_e. Loss per image:
 *   -log p(x|e_k) + ||sg[z_e] - e_k||^2 + beta_c ||z_e - sg[e_k]||^2
 * (codebook loss, then commitment loss; codebook learned by the loss, not by
 * EMA). With a uniform prior over the K codes, KL(q(k|x) || p(k)) = log K:
 * -ELBO = reconstruction + log K. Codes no batch used for a while restart at
 * a random z_e of the current batch.
 */

/** The decay of the EMA codebook updates (the VQ-VAE paper's gamma). */
const EMA_DECAY = 0.99;

/** Steps between checks for dead codes (codes no image chose since the last check). */
export const DEAD_CODE_WINDOW = 100;

export function codebookOf(params: ModelParams): tf.Tensor2D {
  const codebook = params.extras.get(CODEBOOK);
  if (!codebook) throw new Error('a VQ-VAE needs a codebook');
  return codebook as tf.Tensor2D;
}

/** argmin_k ||z - e_k||^2 per row of z: the code index, [n] int32. */
export function nearestCodes(z: tf.Tensor2D, codebook: tf.Tensor2D): tf.Tensor1D {
  const distances = tf.add(
    tf.sub(tf.sum(tf.square(z), 1, true), tf.mul(tf.matMul(z, codebook, false, true), 2)),
    tf.expandDims(tf.sum(tf.square(codebook), 1), 0),
  );
  return tf.argMin(distances, 1) as tf.Tensor1D;
}

/**
 * The mean reconstruction (nats per image) if each image got the best of the K codes, judged by its own
 * -log p(x|e_k), instead of the code nearest its z_e: the gap to the model's own reconstruction is what
 * nearest-code quantisation loses. Bernoulli likelihood; x is [n, 784] in [0, 1]. BCE from logits l:
 * sum_j softplus(l_j) - x . l, for every image and code at once.
 */
export function bestCodeReconstruction(params: ModelParams, x: tf.Tensor2D): tf.Scalar {
  if (params.config.likelihood !== 'bernoulli') throw new Error('bestCodeReconstruction needs a Bernoulli likelihood');
  return tf.tidy(() => {
    const logits = decoderLogits(params, codebookOf(params));
    const perCode = tf.sum(tf.softplus(logits), 1);
    const nats = tf.sub(tf.expandDims(perCode, 0), tf.matMul(x, logits, false, true));
    return tf.mean(tf.min(nats, 1)) as tf.Scalar;
  });
}

export const vqFamily: LatentFamily = {
  info: vqInfo,

  loss(params, x, { ops }): LossTerms {
    const codebook = codebookOf(params);
    const K = codebook.shape[0];
    const zE = pointCode(params, x, ops);
    // The nearest code is chosen, not differentiated: no gradient goes through the search.
    const codes = nearestCodes(stopGradient(zE), stopGradient(codebook));
    // e_k as one-hot rows times the codebook: a product tfjs differentiates on every backend
    // (the gradient of gather needs UnsortedSegmentSum, which the wasm backend lacks).
    const oneHot = tf.cast(tf.oneHot(codes, K), 'float32') as tf.Tensor2D;
    const e = tf.matMul(oneHot, codebook);
    // Straight-through: the decoder sees e_k, the gradient reaches z_e unchanged.
    const zq = tf.add(zE, stopGradient(tf.sub(e, zE))) as tf.Tensor2D;
    const recon = tf.mean(reconstruction(params, zq, x, ops)) as tf.Scalar;
    const commitmentLoss = tf.mean(tf.sum(tf.square(tf.sub(zE, stopGradient(e))), 1));
    const ema = params.config.codebookUpdate === 'ema';
    // With EMA updates the codebook takes no gradient: the training hook moves it.
    const codebookLoss = ema ? tf.scalar(0) : tf.mean(tf.sum(tf.square(tf.sub(stopGradient(zE), e)), 1));
    const loss = tf.add(recon, tf.add(codebookLoss, tf.mul(commitmentLoss, params.config.commitment))) as tf.Scalar;
    const logK = tf.scalar(Math.log(K));
    return {
      loss,
      metrics: tf.stack([recon, logK, tf.add(recon, logK), loss]) as tf.Tensor1D,
      codeCounts: tf.sum(oneHot, 0) as tf.Tensor1D,
      codeSums: ema ? tf.matMul(oneHot, stopGradient(zE), true, false) : undefined,
    };
  },

  evaluateBatch(params, x) {
    const codebook = codebookOf(params);
    const codes = nearestCodes(pointCode(params, x), codebook);
    return {
      reconstruction: reconstruction(params, tf.gather(codebook, codes) as tf.Tensor2D, x),
      kl: tf.fill([x.shape[0]], Math.log(codebook.shape[0])) as tf.Tensor1D,
      klPerDimension: null,
      codes,
    };
  },

  mapPosteriors: (params, x) => ({ means: pointCode(params, x), logVars: null }),
  sample: noDensity,
  logQ: noDensity,
  decoderInput(params, z) {
    const codebook = codebookOf(params);
    return tf.gather(codebook, nearestCodes(z, codebook)) as tf.Tensor2D;
  },

  // The codebook lives in meta.json `codebook` (info.ts writes it): no files of its own.
  files: {
    write: async () => new Map(),
    async read(config, meta) {
      if (!meta.codebook) throw new FamilyFormatError('meta.json: a VQ-VAE needs its codebook');
      return new Map([[CODEBOOK, flatMatrix(meta.codebook.vectors, config.latentDim, 'codebook.vectors')]]);
    },
  },

  trainingHook(params): TrainingHook {
    const codebook = params.extras.get(CODEBOOK)!;
    const K = codebook.shape[0];
    const counts = tf.tidy(() => tf.variable(tf.zeros([K]), false));
    // EMA state (Sonnet's VectorQuantizerEMA): the decayed count and sum of the z_e each code was chosen for.
    const ema =
      params.config.codebookUpdate === 'ema'
        ? {
            size: tf.tidy(() => tf.variable(tf.zeros([K]), false)),
            sum: tf.tidy(() => tf.variable(tf.zeros(codebook.shape), false)),
          }
        : null;
    const rng = createRng(params.config.seed ^ 0xc0de);
    let restarted = 0;
    return {
      afterStep(x, terms, step) {
        if (terms.codeCounts) counts.assign(tf.add(counts, terms.codeCounts));
        if (ema && terms.codeCounts && terms.codeSums) {
          ema.size.assign(tf.add(tf.mul(ema.size, EMA_DECAY), tf.mul(terms.codeCounts, 1 - EMA_DECAY)));
          ema.sum.assign(tf.add(tf.mul(ema.sum, EMA_DECAY), tf.mul(terms.codeSums, 1 - EMA_DECAY)));
          // Laplace-smoothed sizes: a code chosen by no one keeps a non-zero denominator.
          const total = tf.sum(ema.size);
          const smoothed = tf.mul(tf.div(tf.add(ema.size, 1e-5), tf.add(total, K * 1e-5)), total);
          const fresh = tf.div(ema.sum, tf.expandDims(smoothed, 1));
          // Codes never chosen yet keep their vectors.
          codebook.assign(tf.where(tf.expandDims(tf.greater(ema.size, 0), 1), fresh, codebook));
        }
        if ((step + 1) % DEAD_CODE_WINDOW !== 0) return;
        const used = counts.dataSync();
        const dead = Array.from(used, (n, k) => (n === 0 ? k : -1)).filter((k) => k >= 0);
        if (dead.length > 0) {
          restarted += dead.length;
          tf.tidy(() => {
            const zE = pointCode(params, x);
            const rows = Array.from({ length: K }, () => rng.int(x.shape[0]));
            const mask = tf.tensor2d(
              Array.from(used, (n) => n === 0),
              [K, 1],
              'bool',
            );
            const fresh = tf.add(
              tf.gather(zE, rows),
              tf.randomNormal([K, zE.shape[1]], 0, 0.01, 'float32', rng.seed()),
            );
            codebook.assign(tf.where(mask, fresh, codebook));
            if (ema) {
              // A restarted code starts its averages afresh at its new vector.
              ema.size.assign(tf.where(tf.squeeze(mask, [1]), tf.onesLike(ema.size), ema.size));
              ema.sum.assign(tf.where(mask, codebook, ema.sum));
            }
          });
        }
        counts.assign(tf.zerosLike(counts));
      },
      stats: () => ({ restartedCodes: restarted }),
      dispose: () => {
        counts.dispose();
        if (ema) tf.dispose([ema.size, ema.sum]);
      },
    };
  },
};

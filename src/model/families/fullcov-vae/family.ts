import * as tf from '@tensorflow/tfjs-core';
import { packedIndex } from '../../../lib/packedTriangle';
import type { ModelParams } from '../../params';
import { standardNormalLogDensity } from '../../losses';
import { priorOf } from '../../priors';
import { FAST_OPS, type LayerOps } from '../../layerOps';
import { reconstruction, repeatRows, stackMetrics, trunk } from '../common';
import type { EvaluationTerms, LatentFamily } from '../types';
import { fullcovInfo } from './info';
import {
  choleskyFromHead,
  covarianceFromCholesky,
  logDetFromHead,
  lowerTimes,
  solveLower,
  trilOps,
  type TrilOps,
} from './tril';

/**
 * The full-covariance VAE: q(z|x) = N(mu, Sigma), Sigma = L L^T with L lower triangular, exp on its
 * diagonal; z = mu + L eps. Against N(0, I) its KL is closed form,
 *   KL = 1/2 (tr Sigma + |mu|^2 - d) - log det L,   tr Sigma = sum_ij L_ij^2,
 * and log q(z|x) = -1/2 (|eps|^2 + d log 2 pi) - log det L. With a learned mixture prior the KL is the
 * one-sample estimate log q(z|x) - log p(z), as for the diagonal VAE.
 */

interface Heads {
  zMean: tf.Tensor2D;
  /** The head's raw output: log L_ii on the diagonal, L_ij below it. */
  raw: tf.Tensor2D;
  /** L's packed entries. */
  scale: tf.Tensor2D;
  tril: TrilOps;
}

function heads(params: ModelParams, x: tf.Tensor2D, ops: LayerOps = FAST_OPS): Heads {
  const h = trunk(params, x, ops);
  const tril = trilOps(params.config.latentDim);
  const raw = ops.dense(h, params.heads[1], 'linear');
  return { zMean: ops.dense(h, params.heads[0], 'linear'), raw, scale: choleskyFromHead(raw, tril), tril };
}

/** log q(z|x) of z = mu + L eps, from the noise, per row: log N(eps; 0, I) - log det L. */
function logQOfNoise(eps: tf.Tensor2D, logDet: tf.Tensor1D): tf.Tensor1D {
  return tf.sub(standardNormalLogDensity(eps), logDet);
}

/** KL(N(mu, L L^T) || N(0, I)) per row, in closed form. */
export function fullcovKlToStandardNormal(zMean: tf.Tensor2D, scale: tf.Tensor2D, logDet: tf.Tensor1D): tf.Tensor1D {
  const d = zMean.shape[1];
  const traceAndMean = tf.add(tf.sum(tf.square(scale), 1), tf.sum(tf.square(zMean), 1));
  return tf.sub(tf.mul(tf.sub(traceAndMean, d), 0.5), logDet);
}

function draw(params: ModelParams, { zMean, raw, scale, tril }: Heads, eps: tf.Tensor2D) {
  const z = tf.add(zMean, lowerTimes(scale, eps, tril)) as tf.Tensor2D;
  const logDet = logDetFromHead(raw, tril);
  const prior = priorOf(params);
  const kl = prior.klClosedForm
    ? fullcovKlToStandardNormal(zMean, scale, logDet)
    : (tf.sub(logQOfNoise(eps, logDet), prior.logDensity(z)) as tf.Tensor1D);
  return { z, kl };
}

export const fullcovFamily: LatentFamily = {
  info: fullcovInfo,

  loss(params, x, { klWeight, seed, ops }) {
    const q = heads(params, x, ops);
    const eps = tf.randomNormal(q.zMean.shape, 0, 1, 'float32', seed) as tf.Tensor2D;
    const { z, kl: klRows } = draw(params, q, eps);
    const recon = tf.mean(reconstruction(params, z, x, ops)) as tf.Scalar;
    const kl = tf.mean(klRows) as tf.Scalar;
    const loss = tf.add(recon, tf.mul(kl, klWeight)) as tf.Scalar;
    return { loss, metrics: stackMetrics(recon, kl, loss) };
  },

  evaluateBatch(params, x, seed): EvaluationTerms {
    const q = heads(params, x);
    const eps = tf.randomNormal(q.zMean.shape, 0, 1, 'float32', seed) as tf.Tensor2D;
    const { z, kl } = draw(params, q, eps);
    // A full covariance's KL does not split over dimensions.
    return { reconstruction: reconstruction(params, z, x), kl, klPerDimension: null, codes: null };
  },

  mapPosteriors(params, x) {
    const { zMean, scale, tril } = heads(params, x);
    const covariances = covarianceFromCholesky(scale, tril);
    // The marginal log-variances: Sigma's diagonal, for what reads one sigma per axis.
    const diagonal = tf.tensor1d(
      Array.from({ length: tril.d }, (_, i) => packedIndex(i, i)),
      'int32',
    );
    return { means: zMean, logVars: tf.log(tf.gather(covariances, diagonal, 1)) as tf.Tensor2D, covariances };
  },

  sample(params, x, K, seed) {
    const { zMean, raw, scale, tril } = heads(params, x);
    const eps = tf.randomNormal([K * x.shape[0], zMean.shape[1]], 0, 1, 'float32', seed) as tf.Tensor2D;
    const z = tf.add(repeatRows(zMean, K), lowerTimes(repeatRows(scale, K), eps, tril)) as tf.Tensor2D;
    return { z, logQ: logQOfNoise(eps, tf.tile(logDetFromHead(raw, tril), [K])) };
  },

  logQ(params, x, z) {
    const { zMean, raw, scale, tril } = heads(params, x);
    const eps = solveLower(scale, tf.sub(z, zMean) as tf.Tensor2D, tril.d);
    return logQOfNoise(eps, tf.tile(logDetFromHead(raw, tril), [z.shape[0]]));
  },

  decoderInput: (_params, z) => z,
};

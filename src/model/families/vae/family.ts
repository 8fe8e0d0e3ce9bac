import * as tf from '@tensorflow/tfjs-core';
import { diagonalGaussianLogDensity, diagonalGaussianLogDensityOfNoise, klPerDimension } from '../../losses';
import { vaeInfo } from './info';
import type { ModelParams } from '../../params';
import { priorOf } from '../../priors';
import { gaussianHeads, reconstruction, repeatRows, reparameterize, stackMetrics, trunk } from '../common';
import type { EvaluationTerms, LatentFamily } from '../types';

/**
 * The VAE: q(z|x) = N(mu(x), diag sigma(x)^2), z = mu + sigma * eps.
 * Loss per image: -log p(x|z) + w * KL(q(z|x) || p(z)). With the prior
 * N(0, I) the KL is closed form; with a learned mixture prior it has none
 * and the one-sample estimate log q(z|x) - log p(z) takes its place.
 */

/** KL(q(z|x) || p(z)) per image: closed form where the prior has one, else log q(z|x) - log p(z) at the drawn z. */
function klTerm(params: ModelParams, zMean: tf.Tensor2D, zLogVar: tf.Tensor2D, z: tf.Tensor2D, eps: tf.Tensor2D) {
  const prior = priorOf(params);
  return prior.klClosedForm
    ? prior.klClosedForm(zMean, zLogVar)
    : (tf.sub(diagonalGaussianLogDensityOfNoise(eps, zLogVar), prior.logDensity(z)) as tf.Tensor1D);
}

export const vaeFamily: LatentFamily = {
  info: vaeInfo,

  loss(params, x, { klWeight, seed, ops }) {
    const { zMean, zLogVar } = gaussianHeads(params, trunk(params, x, ops), ops);
    const eps = tf.randomNormal(zMean.shape, 0, 1, 'float32', seed) as tf.Tensor2D;
    const z = reparameterize(zMean, zLogVar, eps);
    const recon = tf.mean(reconstruction(params, z, x, ops)) as tf.Scalar;
    const kl = tf.mean(klTerm(params, zMean, zLogVar, z, eps)) as tf.Scalar;
    const loss = tf.add(recon, tf.mul(kl, klWeight)) as tf.Scalar;
    return { loss, metrics: stackMetrics(recon, kl, loss) };
  },

  evaluateBatch(params, x, seed): EvaluationTerms {
    const { zMean, zLogVar } = gaussianHeads(params, trunk(params, x));
    const eps = tf.randomNormal(zMean.shape, 0, 1, 'float32', seed) as tf.Tensor2D;
    const z = reparameterize(zMean, zLogVar, eps);
    const closedForm = priorOf(params).klClosedForm !== null;
    return {
      reconstruction: reconstruction(params, z, x),
      kl: klTerm(params, zMean, zLogVar, z, eps),
      klPerDimension: closedForm ? klPerDimension(zMean, zLogVar) : null,
      codes: null,
    };
  },

  mapPosteriors(params, x) {
    const { zMean, zLogVar } = gaussianHeads(params, trunk(params, x));
    return { means: zMean, logVars: zLogVar };
  },

  sample(params, x, K, seed) {
    const { zMean, zLogVar } = gaussianHeads(params, trunk(params, x));
    const eps = tf.randomNormal([K * x.shape[0], zMean.shape[1]], 0, 1, 'float32', seed) as tf.Tensor2D;
    const logVars = repeatRows(zLogVar, K);
    const z = reparameterize(repeatRows(zMean, K), logVars, eps);
    return { z, logQ: diagonalGaussianLogDensityOfNoise(eps, logVars) };
  },

  logQ(params, x, z) {
    const { zMean, zLogVar } = gaussianHeads(params, trunk(params, x));
    const n = z.shape[0];
    return diagonalGaussianLogDensity(z, repeatRows(zMean, n), repeatRows(zLogVar, n));
  },

  decoderInput: (_params, z) => z,
};

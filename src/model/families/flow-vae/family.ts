import * as tf from '@tensorflow/tfjs-core';
import { flowFiles } from './files';
import { couplingSplit, flowInfo, flowLayerNames } from './info';
import { FAST_OPS, type LayerOps } from '../../layerOps';
import { diagonalGaussianLogDensityOfNoise } from '../../losses';
import type { ModelParams } from '../../params';
import { priorOf } from '../../priors';
import { extraDense, gaussianHeads, reconstruction, repeatRows, reparameterize, stackMetrics, trunk } from '../common';
import type { LatentFamily } from '../types';

/**
 * A VAE with a normalizing-flow posterior: z_0 ~ N(mu(x), diag sigma(x)^2)
 * pushed through T affine coupling layers conditioned on x (on the
 * encoder's last hidden layer h):
 *   keep the coordinates z_a, change the others: z_b' = z_b * exp(s) + t,
 *   (s, t) = NN_t([z_a, h]), s = tanh(.) so one layer scales by at most e.
 * Each layer is invertible with log |det| = sum s, so
 *   log q(z_T|x) = log q(z_0|x) - sum_t sum s_t
 * is exact, and the ELBO is estimated by sampling z_T. The couplings start
 * as the identity (zero output weights): a flow VAE starts as a VAE.
 */

interface Coupling {
  s: tf.Tensor2D;
  t: tf.Tensor2D;
}

function couplingNet(params: ModelParams, layer: number, kept: tf.Tensor2D, h: tf.Tensor2D, ops: LayerOps): Coupling {
  const names = flowLayerNames(layer);
  const hiddenLayer = extraDense(params, names.hiddenKernel, names.hiddenBias);
  let hidden: tf.Tensor2D;
  if (h.shape[0] === 1 && kept.shape[0] > 1) {
    // One digit's conditioning for many points (the lab's grid, q's draws): [z_a, h] W = z_a W_a + h W_h,
    // so h W_h + b is one row computed once instead of a product over every point's copy of h (the
    // conditioning is hundreds of columns, z_a one or a few). Plain tf ops: autodiff holds, though no
    // training step takes this branch (its h has a row per point).
    const k = kept.shape[1];
    const wa = tf.slice(hiddenLayer.kernel, [0, 0], [k, -1]) as tf.Tensor2D;
    const wh = tf.slice(hiddenLayer.kernel, [k, 0], [-1, -1]) as tf.Tensor2D;
    const shared = tf.add(tf.matMul(h, wh), hiddenLayer.bias);
    hidden = tf.relu(tf.add(tf.matMul(kept, wa), shared)) as tf.Tensor2D;
  } else {
    hidden = ops.dense(tf.concat([kept, h], 1), hiddenLayer, 'relu');
  }
  const out = ops.dense(hidden, extraDense(params, names.outKernel, names.outBias), 'linear');
  const n = out.shape[1] / 2;
  return { s: tf.tanh(tf.slice(out, [0, 0], [-1, n])), t: tf.slice(out, [0, n], [-1, n]) };
}

/** Splits z's columns into the kept and changed blocks of coupling layer `layer` (contiguous halves). */
function split(z: tf.Tensor2D, layer: number) {
  const { keep, change } = couplingSplit(z.shape[1], layer);
  const first = keep[0] === 0 ? keep.length : change.length;
  const a = tf.slice(z, [0, 0], [-1, first]);
  const b = tf.slice(z, [0, first], [-1, -1]);
  return keep[0] === 0
    ? { kept: a, changed: b, join: (k: tf.Tensor2D, c: tf.Tensor2D) => tf.concat([k, c], 1) as tf.Tensor2D }
    : { kept: b, changed: a, join: (k: tf.Tensor2D, c: tf.Tensor2D) => tf.concat([c, k], 1) as tf.Tensor2D };
}

/** z_0 -> z_T with sum_t log |det df_t/dz| per row. h: the conditioning, one row per row of z. */
export function flowForward(params: ModelParams, z0: tf.Tensor2D, h: tf.Tensor2D, ops: LayerOps = FAST_OPS) {
  let z = z0;
  let logDet: tf.Tensor1D = tf.zeros([z0.shape[0]]);
  for (let layer = 0; layer < params.config.flowSteps; layer++) {
    const { kept, changed, join } = split(z, layer);
    const { s, t } = couplingNet(params, layer, kept, h, ops);
    z = join(kept, tf.add(tf.mul(changed, tf.exp(s)), t));
    logDet = tf.add(logDet, tf.sum(s, 1));
  }
  return { z, logDet };
}

/**
 * z_T -> z_0 (each coupling inverted in reverse order) with the same sum of log-determinants.
 * h: one row per row of z, or one row for all of them (one digit's points).
 */
export function flowInverse(params: ModelParams, zT: tf.Tensor2D, h: tf.Tensor2D) {
  let z = zT;
  let logDet: tf.Tensor1D = tf.zeros([zT.shape[0]]);
  for (let layer = params.config.flowSteps - 1; layer >= 0; layer--) {
    const { kept, changed, join } = split(z, layer);
    const { s, t } = couplingNet(params, layer, kept, h, FAST_OPS);
    z = join(kept, tf.mul(tf.sub(changed, t), tf.exp(tf.neg(s))));
    logDet = tf.add(logDet, tf.sum(s, 1));
  }
  return { z0: z, logDet };
}

/** z_T ~ q(z|x) for given base noise, with log q(z_T|x); h, mu, log sigma^2 one row per row of eps. */
function pushForward(
  params: ModelParams,
  h: tf.Tensor2D,
  zMean: tf.Tensor2D,
  zLogVar: tf.Tensor2D,
  eps: tf.Tensor2D,
  ops: LayerOps,
) {
  const { z, logDet } = flowForward(params, reparameterize(zMean, zLogVar, eps), h, ops);
  return { z, logQ: tf.sub(diagonalGaussianLogDensityOfNoise(eps, zLogVar), logDet) as tf.Tensor1D };
}

function drawTerms(params: ModelParams, x: tf.Tensor2D, seed: number, ops: LayerOps) {
  const h = trunk(params, x, ops);
  const { zMean, zLogVar } = gaussianHeads(params, h, ops);
  const eps = tf.randomNormal(zMean.shape, 0, 1, 'float32', seed) as tf.Tensor2D;
  const { z, logQ } = pushForward(params, h, zMean, zLogVar, eps, ops);
  const recon = reconstruction(params, z, x, ops);
  // No closed form through a flow: log q(z_T|x) - log p(z_T) at the drawn z_T.
  const kl = tf.sub(logQ, priorOf(params).logDensity(z)) as tf.Tensor1D;
  return { recon, kl };
}

export const flowFamily: LatentFamily = {
  info: flowInfo,
  files: flowFiles,

  loss(params, x, { klWeight, seed, ops }) {
    const terms = drawTerms(params, x, seed, ops);
    const recon = tf.mean(terms.recon) as tf.Scalar;
    const kl = tf.mean(terms.kl) as tf.Scalar;
    const loss = tf.add(recon, tf.mul(kl, klWeight)) as tf.Scalar;
    return { loss, metrics: stackMetrics(recon, kl, loss) };
  },

  evaluateBatch(params, x, seed) {
    const { recon, kl } = drawTerms(params, x, seed, FAST_OPS);
    return { reconstruction: recon, kl, klPerDimension: null, codes: null };
  },

  /** The point drawn per digit: the flow's image of the base mean, f(mu(x)); no ellipse fits a flow. */
  mapPosteriors(params, x) {
    const h = trunk(params, x);
    const { zMean } = gaussianHeads(params, h);
    return { means: flowForward(params, zMean, h).z, logVars: null };
  },

  sample(params, x, K, seed) {
    const h = trunk(params, x);
    const { zMean, zLogVar } = gaussianHeads(params, h);
    const eps = tf.randomNormal([K * x.shape[0], zMean.shape[1]], 0, 1, 'float32', seed) as tf.Tensor2D;
    // One digit's K draws share its conditioning row (couplingNet's shared branch).
    const hs = x.shape[0] === 1 ? h : repeatRows(h, K);
    return pushForward(params, hs, repeatRows(zMean, K), repeatRows(zLogVar, K), eps, FAST_OPS);
  },

  logQ(params, x, z) {
    const h = trunk(params, x);
    const { zMean, zLogVar } = gaussianHeads(params, h);
    const n = z.shape[0];
    const { z0, logDet } = flowInverse(params, z, h);
    const logVars = repeatRows(zLogVar, n);
    const eps = tf.div(tf.sub(z0, repeatRows(zMean, n)), tf.exp(tf.mul(logVars, 0.5))) as tf.Tensor2D;
    // log q(z_T) = log q_0(z_0) - sum log|det|; q_0's density at z_0 is N(eps; 0, I) / prod sigma.
    return tf.sub(diagonalGaussianLogDensityOfNoise(eps, logVars), logDet) as tf.Tensor1D;
  },

  decoderInput: (_params, z) => z,
};

import * as tf from '@tensorflow/tfjs-core';
import { PRIOR_EXTRAS } from '../extras';
import { klToStandardNormal, standardNormalLogDensity } from '../losses';
import type { ModelParams } from '../params';
import { LOG_2PI } from '../../lib/normal';

/**
 * p(z) of the Gaussian families: N(0, I), or a learned mixture of K
 * diagonal Gaussians p(z) = sum_k pi_k N(z; m_k, diag(exp(v_k))), pi =
 * softmax(logits). Everything that needs the prior (the loss, sampling, the
 * importance-sampled log p(x), the posterior lab) asks this module.
 */
export interface Prior {
  /** log p(z) per row of z [n, d]. */
  logDensity(z: tf.Tensor2D): tf.Tensor1D;
  /** n draws z ~ p(z), [n, d]. */
  sample(n: number, seed: number): tf.Tensor2D;
  /**
   * KL(N(mu, diag exp(logVar)) || p(z)) per row in closed form, where there is
   * one (N(0, I)); null for a mixture, whose KL is estimated by sampling.
   */
  klClosedForm: ((zMean: tf.Tensor2D, zLogVar: tf.Tensor2D) => tf.Tensor1D) | null;
}

export interface MixtureTensors {
  logits: tf.Tensor1D;
  means: tf.Tensor2D;
  logVars: tf.Tensor2D;
}

/** log sum_k pi_k N(z; m_k, diag exp(v_k)) per row of z, by log-sum-exp over k. */
export function mixtureLogDensity(z: tf.Tensor2D, { logits, means, logVars }: MixtureTensors): tf.Tensor1D {
  const d = z.shape[1];
  const diff = tf.sub(tf.expandDims(z, 1), tf.expandDims(means, 0)); // [n, K, d]
  const mahalanobis = tf.sum(tf.div(tf.square(diff), tf.expandDims(tf.exp(logVars), 0)), 2); // [n, K]
  const logNorm = tf.add(tf.sum(logVars, 1), d * LOG_2PI); // [K]
  const logComponent = tf.mul(tf.add(mahalanobis, logNorm), -0.5);
  return tf.logSumExp(tf.add(logComponent, tf.logSoftmax(logits)), 1) as tf.Tensor1D;
}

export function sampleMixture(n: number, seed: number, { logits, means, logVars }: MixtureTensors): tf.Tensor2D {
  return tf.tidy(() => {
    const d = means.shape[1];
    const k = tf.reshape(tf.multinomial(tf.expandDims(logits, 0), n, seed, false), [n]) as tf.Tensor1D;
    const eps = tf.randomNormal([n, d], 0, 1, 'float32', seed + 1);
    return tf.add(tf.gather(means, k), tf.mul(tf.exp(tf.mul(tf.gather(logVars, k), 0.5)), eps)) as tf.Tensor2D;
  });
}

/** The mixture's tensors of a model with a learned prior (null for N(0, I)). */
export function mixtureOf(params: ModelParams): MixtureTensors | null {
  const logits = params.extras.get(PRIOR_EXTRAS.logits);
  const means = params.extras.get(PRIOR_EXTRAS.means);
  const logVars = params.extras.get(PRIOR_EXTRAS.logVars);
  if (!logits || !means || !logVars) return null;
  return { logits: logits as tf.Tensor1D, means: means as tf.Tensor2D, logVars: logVars as tf.Tensor2D };
}

/** The prior of a model: its learned mixture, or N(0, I) of its latent size. */
export function priorOf(params: ModelParams): Prior {
  const mixture = mixtureOf(params);
  const d = params.config.latentDim;
  if (!mixture) {
    return {
      logDensity: standardNormalLogDensity,
      sample: (n, seed) => tf.randomNormal([n, d], 0, 1, 'float32', seed),
      klClosedForm: klToStandardNormal,
    };
  }
  return {
    logDensity: (z) => mixtureLogDensity(z, mixture),
    sample: (n, seed) => sampleMixture(n, seed, mixture),
    klClosedForm: null,
  };
}

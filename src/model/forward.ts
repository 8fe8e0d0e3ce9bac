import * as tf from '@tensorflow/tfjs';
import type { DenseParams, ModelParams } from './params';

/**
 * y = act(x W + b). Not tf.fused.matMul: on wasm its kernel ran at about half
 * the speed of a plain matMul followed by add and relu (profiled on the
 * reference model, where the weights change every step).
 */
export function dense(x: tf.Tensor2D, layer: DenseParams, activation: 'relu' | 'linear'): tf.Tensor2D {
  const y: tf.Tensor2D = tf.add(tf.matMul(x, layer.kernel), layer.bias);
  return activation === 'relu' ? tf.relu(y) : y;
}

/** Runs x through ReLU layers; the last layer is linear unless `reluLast`. */
export function mlp(x: tf.Tensor2D, layers: DenseParams[], reluLast: boolean): tf.Tensor2D {
  let h = x;
  layers.forEach((layer, i) => {
    h = dense(h, layer, i < layers.length - 1 || reluLast ? 'relu' : 'linear');
  });
  return h;
}

export interface Posterior {
  /** mu(x), [batch, latentDim]. For an AE: the code itself. */
  zMean: tf.Tensor2D;
  /** log sigma^2(x), [batch, latentDim]; null for an AE (a point, not a distribution). */
  zLogVar: tf.Tensor2D | null;
}

/** q(z|x) = N(zMean, diag(exp(zLogVar))) for a VAE; the deterministic code for an AE. */
export function encode(params: ModelParams, x: tf.Tensor2D): Posterior {
  const h = mlp(x, params.encoder, true);
  const zMean = dense(h, params.heads[0], 'linear');
  const zLogVar = params.heads.length > 1 ? dense(h, params.heads[1], 'linear') : null;
  return { zMean, zLogVar };
}

/** The reparameterisation trick: z = mu + sigma * eps, eps ~ N(0, I), so gradients reach mu and sigma. */
export function reparameterize(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.add(zMean, tf.mul(tf.exp(tf.mul(zLogVar, 0.5)), eps));
}

/** Decoder logits: the Bernoulli means are sigmoid(logits). */
export function decodeLogits(params: ModelParams, z: tf.Tensor2D): tf.Tensor2D {
  return mlp(z, params.decoder, false);
}

/** p(x|z)'s mean image, 784 values in (0, 1) per row. */
export function decode(params: ModelParams, z: tf.Tensor2D): tf.Tensor2D {
  return tf.sigmoid(decodeLogits(params, z));
}

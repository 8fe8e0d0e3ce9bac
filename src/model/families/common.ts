import * as tf from '@tensorflow/tfjs-core';
import { FAST_OPS, runLayers, withGradient, type LayerOps } from '../layerOps';
import { reconstructionNats } from '../losses';
import type { DenseParams, ModelParams } from '../params';

/** The encoder's ReLU trunk h(x), dense or convolutional; its first layer is fed by data. */
export function trunk(params: ModelParams, x: tf.Tensor2D, ops: LayerOps = FAST_OPS): tf.Tensor2D {
  return runLayers(ops, x, params.encoder, true, true);
}

/** q(z|x)'s parameters from the trunk: zMean and zLogVar (log sigma^2). */
export function gaussianHeads(params: ModelParams, h: tf.Tensor2D, ops: LayerOps = FAST_OPS) {
  return {
    zMean: ops.dense(h, params.heads[0], 'linear'),
    zLogVar: ops.dense(h, params.heads[1], 'linear'),
  };
}

/** Decoder logits: the Bernoulli means are sigmoid(logits). */
export function decoderLogits(params: ModelParams, z: tf.Tensor2D, ops: LayerOps = FAST_OPS): tf.Tensor2D {
  return runLayers(ops, z, params.decoder, false);
}

/** -log p(x|z) per image [B]. */
export function reconstruction(params: ModelParams, z: tf.Tensor2D, x: tf.Tensor2D, ops: LayerOps = FAST_OPS) {
  return reconstructionNats(params.config, decoderLogits(params, z, ops), x, ops);
}

/** The reparameterisation trick: z = mu + sigma * eps, eps ~ N(0, I), so gradients reach mu and sigma. */
export function reparameterize(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.add(zMean, tf.mul(tf.exp(tf.mul(zLogVar, 0.5)), eps));
}

/** [reconstruction, kl, negElbo, loss] from batch means. */
export function stackMetrics(recon: tf.Scalar, kl: tf.Scalar, loss: tf.Scalar): tf.Tensor1D {
  return tf.stack([recon, kl, tf.add(recon, kl), loss]) as tf.Tensor1D;
}

/** A dense layer kept among the extras (a flow's coupling networks). */
export function extraDense(params: ModelParams, kernelName: string, biasName: string): DenseParams {
  const kernel = params.extras.get(kernelName);
  const bias = params.extras.get(biasName);
  if (!kernel || !bias) throw new Error(`the model has no layer ${kernelName}`);
  return { kernel: kernel as tf.Variable<tf.Rank.R2>, bias: bias as tf.Variable<tf.Rank.R1> };
}

/** Rows of x repeated K times: [K * B, ...], block k holding a copy of every row. */
export function repeatRows(x: tf.Tensor2D, K: number): tf.Tensor2D {
  return K === 1 ? x : (tf.tile(x, [K, 1]) as tf.Tensor2D);
}

/**
 * The value passes through; the gradient stops (sg[.] of the VQ-VAE paper).
 * tfjs has no stop-gradient op, so it is a custom gradient of zeros.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return withGradient([x], ([input]) => ({ value: input.clone() as T, gradFunc: (dy) => tf.zerosLike(dy) }));
}

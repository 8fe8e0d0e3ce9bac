import * as tf from '@tensorflow/tfjs';
import { dense } from './forward';
import { klPerDimension, reconstructionNats } from './losses';
import { denseBackwardProducts } from './linalg';
import { allVariables, type DenseParams, type ModelParams } from './params';

/**
 * The training loss and its gradient, with a hand-written backward pass.
 *
 * Loss per batch (nats per image, averaged over the B images):
 *   L = 1/B * sum_i [ -log p(x_i|z_i) + w * KL(q(z|x_i) || N(0, I)) ]
 * with z_i = mu_i + sigma_i * eps_i (reparameterisation) and w the KL weight
 * (beta, possibly warmed up). For an AE, z_i = code(x_i) and there is no KL.
 *
 * Why by hand: autodiff of a dense layer emits matMul with transposed
 * operands, which the wasm backend runs ~20x slower than a plain product (see
 * linalg.ts). Here every product goes through matMulTransA/B, which pick the
 * fast form per backend; the ReLU, sigmoid and KL derivatives are the
 * textbook ones and are checked against tf.grads in the unit tests.
 *
 * Must run inside tf.tidy. Returns the per-batch metrics
 * [reconstruction, kl, negElbo, loss] (when `withMetrics`) and one gradient
 * per variable, in allVariables order.
 */
export function lossAndGradients(
  params: ModelParams,
  x: tf.Tensor2D,
  eps: tf.Tensor2D | null,
  klWeight: number,
  withMetrics = true,
): { metrics: tf.Tensor1D | null; grads: tf.Tensor[] } {
  const config = params.config;
  const invBatch = 1 / x.shape[0];
  const grads = new Map<tf.Variable, tf.Tensor>();

  // Forward, keeping every layer's input for the backward pass.
  const encoderInputs: tf.Tensor2D[] = [];
  let h = x;
  for (const layer of params.encoder) {
    encoderInputs.push(h);
    h = dense(h, layer, 'relu');
  }
  const zMean = dense(h, params.heads[0], 'linear');
  const isVae = config.kind === 'vae';
  let z = zMean;
  let zLogVar: tf.Tensor2D | null = null;
  let sigma: tf.Tensor2D | null = null;
  if (isVae) {
    if (!eps) throw new Error('lossAndGradients: a VAE step needs noise eps');
    zLogVar = dense(h, params.heads[1], 'linear');
    sigma = tf.exp(tf.mul(zLogVar, 0.5));
    z = tf.add(zMean, tf.mul(sigma, eps));
  }
  const decoderInputs: tf.Tensor2D[] = [];
  let g = z;
  params.decoder.forEach((layer, i) => {
    decoderInputs.push(g);
    g = dense(g, layer, i < params.decoder.length - 1 ? 'relu' : 'linear');
  });
  const logits = g;

  // d L / d logits.
  let dLogits: tf.Tensor2D;
  if (config.likelihood === 'gaussian') {
    // d/dl [0.5 (x - s(l))^2 / sigma^2] = (s - x) s (1 - s) / sigma^2
    const mean = tf.sigmoid(logits);
    const scale = invBatch / (config.gaussianSigma * config.gaussianSigma);
    dLogits = tf.mul(tf.mul(tf.sub(mean, x), tf.mul(mean, tf.sub(1, mean))), scale);
  } else {
    // d/dl [softplus(l) - x l] = sigmoid(l) - x
    dLogits = tf.mul(tf.sub(tf.sigmoid(logits), x), invBatch);
  }

  const dz = backpropagateMlp(params.decoder, decoderInputs, dLogits, grads, true);

  // Through the code: heads, then the encoder trunk.
  let dh: tf.Tensor2D;
  if (isVae && zLogVar && sigma && eps) {
    const w = klWeight * invBatch;
    // d/dmu: through z (dz) and through KL (w * mu).
    const dMean: tf.Tensor2D = tf.add(dz, tf.mul(zMean, w));
    // d/dlogvar: z depends on it via sigma = exp(logvar / 2), KL via -1/2 (1 + logvar - exp(logvar)).
    const dLogVar: tf.Tensor2D = tf.add(
      tf.mul(tf.mul(dz, eps), tf.mul(sigma, 0.5)),
      tf.mul(tf.sub(tf.square(sigma), 1), 0.5 * w),
    );
    dh = tf.add(
      denseBackwardToInput(params.heads[0], h, dMean, grads),
      denseBackwardToInput(params.heads[1], h, dLogVar, grads),
    );
  } else {
    dh = denseBackwardToInput(params.heads[0], h, dz, grads);
  }
  backpropagateMlp(params.encoder, encoderInputs, reluBackward(dh, h), grads, false);

  // The loss itself is not needed for the gradient; it costs a softplus pass
  // over B x 784 logits (slow on wasm), so it is computed only when asked for.
  let metrics: tf.Tensor1D | null = null;
  if (withMetrics) {
    const recon = tf.mean(reconstructionNats(config, logits, x));
    const kl = zLogVar ? tf.mean(tf.sum(klPerDimension(zMean, zLogVar), 1)) : tf.scalar(0);
    metrics = tf.stack([recon, kl, tf.add(recon, kl), tf.add(recon, tf.mul(kl, klWeight))]) as tf.Tensor1D;
  }
  const ordered = allVariables(params).map((v) => {
    const grad = grads.get(v);
    if (!grad) throw new Error(`lossAndGradients: no gradient for ${v.name}`);
    return grad;
  });
  return { metrics, grads: ordered };
}

/** Gradient through a ReLU whose output was `activation`. */
function reluBackward(dOut: tf.Tensor2D, activation: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(dOut, tf.step(activation));
}

/** Backward through y = x W + b given dL/dy (pre-activation): records dW and db, returns dL/dx when asked. */
function denseBackward(
  layer: DenseParams,
  input: tf.Tensor2D,
  dOut: tf.Tensor2D,
  grads: Map<tf.Variable, tf.Tensor>,
  needInputGrad: boolean,
): tf.Tensor2D | null {
  const { dKernel, dBias, dInput } = denseBackwardProducts(input, dOut, layer.kernel, needInputGrad);
  grads.set(layer.kernel, dKernel);
  grads.set(layer.bias, dBias);
  return dInput;
}

/** denseBackward when dL/dx is needed. */
function denseBackwardToInput(
  layer: DenseParams,
  input: tf.Tensor2D,
  dOut: tf.Tensor2D,
  grads: Map<tf.Variable, tf.Tensor>,
): tf.Tensor2D {
  const dInput = denseBackward(layer, input, dOut, grads, true);
  if (!dInput) throw new Error('denseBackward: missing input gradient');
  return dInput;
}

/**
 * Backward through ReLU layers whose last layer is linear; `dOut` is the
 * gradient at the last pre-activation. Returns dL/d(input) when asked for.
 */
function backpropagateMlp(
  layers: DenseParams[],
  inputs: tf.Tensor2D[],
  dOut: tf.Tensor2D,
  grads: Map<tf.Variable, tf.Tensor>,
  needInputGrad: boolean,
): tf.Tensor2D {
  let d = dOut;
  for (let i = layers.length - 1; i >= 0; i--) {
    if (i === 0 && !needInputGrad) {
      denseBackward(layers[i], inputs[i], d, grads, false);
      break;
    }
    const dInput = denseBackwardToInput(layers[i], inputs[i], d, grads);
    // inputs[i] is the ReLU output of layer i - 1 (or the network input when i = 0).
    d = i > 0 ? reluBackward(dInput, inputs[i]) : dInput;
  }
  return d;
}

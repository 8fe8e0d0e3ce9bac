import * as tf from '@tensorflow/tfjs-core';
import { fastConv2d, fastConv2dTranspose, plainConv2d, plainConv2dTranspose, type ConvParams } from './convOps';
import { withGradient, type Activation } from './customGradient';
import { denseBackwardProducts } from './linalg';
import type { DenseParams, LayerParams } from './params';

export { withGradient, type Activation } from './customGradient';

/**
 * The building blocks every family's forward pass is made of, in two
 * interchangeable versions:
 *
 * - 'fast': a dense layer whose gradient is written once, here, with every
 *   product formed in the backend's fast orientation (linalg.ts); tfjs
 *   autodiff does the rest of any model. The Bernoulli likelihood carries its
 *   textbook gradient (sigmoid(l) - x) too, which saves four passes over the
 *   784 logits per image.
 * - 'plain': the same functions from stock tfjs ops, differentiated by tfjs
 *   alone. The reference the gradient tests and the benchmark compare with.
 *
 * No family writes a backward pass of its own.
 */
export type GradientPath = 'fast' | 'plain';

export interface LayerOps {
  readonly path: GradientPath;
  /**
   * y = act(x W + b). `inputNeedsGradient: false` for a layer fed straight by
   * the data: its dL/dx (the largest product of the first layer) is skipped.
   */
  dense(x: tf.Tensor2D, layer: DenseParams, activation: Activation, inputNeedsGradient?: boolean): tf.Tensor2D;
  /** A 'same' convolution (convOps.ts); `inputNeedsGradient` as for dense. */
  conv2d(
    x: tf.Tensor4D,
    layer: ConvParams,
    stride: number,
    activation: Activation,
    inputNeedsGradient?: boolean,
  ): tf.Tensor4D;
  /** A transposed convolution, the output stride times the input's size. */
  conv2dTranspose(x: tf.Tensor4D, layer: ConvParams, stride: number, activation: Activation): tf.Tensor4D;
  /** -log Bernoulli(x; sigmoid(logits)) summed over pixels, per row: softplus(l) - x l. */
  bernoulliNll(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D;
}

function plainDense(x: tf.Tensor2D, layer: DenseParams, activation: Activation): tf.Tensor2D {
  const y: tf.Tensor2D = tf.add(tf.matMul(x, layer.kernel), layer.bias);
  return activation === 'relu' ? tf.relu(y) : y;
}

function plainBernoulliNll(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1);
}

/** dL/d(pre-activation) from dL/dy, given the layer's output y. */
function throughActivation(dy: tf.Tensor, y: tf.Tensor, activation: Activation): tf.Tensor2D {
  return (activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy) as tf.Tensor2D;
}

function fastDense(x: tf.Tensor2D, layer: DenseParams, activation: Activation, inputNeedsGradient = true): tf.Tensor2D {
  // Inside a custom gradient the forward's tensors are gone by the backward pass: what the gradient
  // needs is handed to save() (a cheap reference-counted clone). A layer fed by data (no variable leads
  // to it) takes no gradient for its input: x is then no input of the custom gradient.
  const inputs = inputNeedsGradient ? [x, layer.kernel, layer.bias] : [layer.kernel, layer.bias];
  return withGradient(inputs, (args, save) => {
    const [input, kernel, bias] = (inputNeedsGradient ? args : [x, ...args]) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const y = plainDense(input, { kernel, bias } as DenseParams, activation);
    save([input, y]);
    return {
      value: y,
      gradFunc: (dy, [savedInput, savedY]) => {
        const dPre = throughActivation(dy, savedY, activation);
        const g = denseBackwardProducts(savedInput as tf.Tensor2D, dPre, kernel, inputNeedsGradient);
        return inputNeedsGradient ? [g.dInput!, g.dKernel, g.dBias] : [g.dKernel, g.dBias];
      },
    };
  });
}

function fastBernoulliNll(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return withGradient([logits], ([l], save) => {
    save([l, x]);
    return {
      value: plainBernoulliNll(l as tf.Tensor2D, x),
      // d/dl [softplus(l) - x l] = sigmoid(l) - x, scaled by each row's dL/d(row sum).
      gradFunc: (dy, [savedL, savedX]) => tf.mul(tf.sub(tf.sigmoid(savedL), savedX), tf.expandDims(dy, 1)),
    };
  });
}

export const FAST_OPS: LayerOps = {
  path: 'fast',
  dense: fastDense,
  conv2d: fastConv2d,
  conv2dTranspose: fastConv2dTranspose,
  bernoulliNll: fastBernoulliNll,
};
/** Stock tfjs ops for autodiff. Its convolutions do not train on wasm (no Conv2DBackpropFilter kernel there). */
export const PLAIN_OPS: LayerOps = {
  path: 'plain',
  dense: (x, layer, activation) => plainDense(x, layer, activation),
  conv2d: (x, layer, stride, activation) => plainConv2d(x, layer, stride, activation),
  conv2dTranspose: plainConv2dTranspose,
  bernoulliNll: plainBernoulliNll,
};

export function layerOps(path: GradientPath): LayerOps {
  return path === 'fast' ? FAST_OPS : PLAIN_OPS;
}

/**
 * Runs x [B, n] through the layers of a network (network.ts): ReLU after each, the last linear unless
 * `reluLast`; a convolution's input is reshaped to its [H, W, C], a dense layer's flattened, and the
 * result is [B, outputs]. The first layer's input is data when `fromData` (no gradient for it).
 */
export function runLayers(ops: LayerOps, x: tf.Tensor2D, layers: LayerParams[], reluLast: boolean, fromData = false) {
  let h: tf.Tensor = x;
  const B = x.shape[0];
  layers.forEach((layer, i) => {
    const activation = i < layers.length - 1 || reluLast ? 'relu' : 'linear';
    const needsGradient = !(fromData && i === 0);
    const { spec } = layer;
    if (spec.type === 'dense') {
      const input = (h.rank === 2 ? h : tf.reshape(h, [B, -1])) as tf.Tensor2D;
      const dense: DenseParams = { kernel: layer.kernel as tf.Variable<tf.Rank.R2>, bias: layer.bias };
      h = ops.dense(input, dense, activation, needsGradient);
      return;
    }
    const input = (h.rank === 4 ? h : tf.reshape(h, [B, ...spec.input])) as tf.Tensor4D;
    const conv: ConvParams = { kernel: layer.kernel as tf.Variable<tf.Rank.R4>, bias: layer.bias };
    h =
      spec.type === 'conv2d'
        ? ops.conv2d(input, conv, spec.stride, activation, needsGradient)
        : ops.conv2dTranspose(input, conv, spec.stride, activation);
  });
  return (h.rank === 2 ? h : tf.reshape(h, [B, -1])) as tf.Tensor2D;
}

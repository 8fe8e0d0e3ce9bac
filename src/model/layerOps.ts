import * as tf from '@tensorflow/tfjs-core';
import { denseBackwardProducts } from './linalg';
import type { DenseParams } from './params';

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

export type Activation = 'relu' | 'linear';

export interface LayerOps {
  readonly path: GradientPath;
  /**
   * y = act(x W + b). `inputNeedsGradient: false` for a layer fed straight by
   * the data: its dL/dx (the largest product of the first layer) is skipped.
   */
  dense(x: tf.Tensor2D, layer: DenseParams, activation: Activation, inputNeedsGradient?: boolean): tf.Tensor2D;
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

/**
 * tf.customGrad with typed arguments: `f` gets the input tensors and the
 * save function, returns the value and the gradient for each input.
 */
export function withGradient<T extends tf.Tensor>(
  inputs: tf.Tensor[],
  f: (
    inputs: tf.Tensor[],
    save: tf.GradSaveFunc,
  ) => { value: T; gradFunc: (dy: T, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[] },
): T {
  const custom = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) =>
    f(args.slice(0, -1) as tf.Tensor[], args[args.length - 1] as tf.GradSaveFunc),
  );
  return custom(...inputs) as T;
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

export const FAST_OPS: LayerOps = { path: 'fast', dense: fastDense, bernoulliNll: fastBernoulliNll };
export const PLAIN_OPS: LayerOps = {
  path: 'plain',
  dense: (x, layer, activation) => plainDense(x, layer, activation),
  bernoulliNll: plainBernoulliNll,
};

export function layerOps(path: GradientPath): LayerOps {
  return path === 'fast' ? FAST_OPS : PLAIN_OPS;
}

/** Runs x through ReLU layers; the last layer is linear unless `reluLast`. The first layer's input is data. */
export function mlp(ops: LayerOps, x: tf.Tensor2D, layers: DenseParams[], reluLast: boolean, fromData = false) {
  let h = x;
  layers.forEach((layer, i) => {
    h = ops.dense(h, layer, i < layers.length - 1 || reluLast ? 'relu' : 'linear', !(fromData && i === 0));
  });
  return h;
}

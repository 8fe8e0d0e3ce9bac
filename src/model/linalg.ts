import * as tf from '@tensorflow/tfjs-core';

/**
 * The backward pass of a dense layer y = x W + b given dL/dy:
 *   dW = x^T dy,  db = sum_rows(dy),  dx = dy W^T.
 *
 * Why this file exists: the wasm backend's matMul with transposeA/transposeB
 * falls off XNNPACK's fast path and runs at 1-2 GFLOP/s, against 27-29 GFLOP/s
 * for a plain product and 20-24 GFLOP/s for an explicit transpose followed by
 * a plain product (measured in Node, 128x784 by 784x512); tfjs's autodiff of
 * matMul uses exactly those flags. The cpu backend gains from explicit
 * transposes too. On WebGL the flags are free (the shader reads the operand
 * in the other order) while an explicit transpose costs an extra pass, so
 * there the flags stay.
 *
 * On wasm/cpu two more things pay: dy^T is formed once and serves both db (a
 * reduction along the contiguous axis; tfjs would transpose for an axis-0
 * sum anyway) and dx, computed as (W dy^T)^T when dy is smaller than W, which
 * transposes and packs the small operand instead of the large one.
 */
export interface DenseGradients {
  dKernel: tf.Tensor2D;
  dBias: tf.Tensor1D;
  dInput: tf.Tensor2D | null;
}

function flagsAreFast(): boolean {
  return tf.getBackend() === 'webgl';
}

export function denseBackwardProducts(
  input: tf.Tensor2D,
  dOut: tf.Tensor2D,
  kernel: tf.Tensor2D,
  needInputGrad: boolean,
): DenseGradients {
  if (flagsAreFast()) {
    return {
      dKernel: tf.matMul(input, dOut, true, false),
      dBias: tf.sum(dOut, 0),
      dInput: needInputGrad ? tf.matMul(dOut, kernel, false, true) : null,
    };
  }
  const dOutT = tf.transpose(dOut);
  let dInput: tf.Tensor2D | null = null;
  if (needInputGrad) {
    dInput = dOut.size < kernel.size ? tf.transpose(tf.matMul(kernel, dOutT)) : tf.matMul(dOut, tf.transpose(kernel));
  }
  return {
    dKernel: tf.matMul(tf.transpose(input), dOut),
    dBias: tf.sum(dOutT, 1),
    dInput,
  };
}

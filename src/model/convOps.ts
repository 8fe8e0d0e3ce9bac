import * as tf from '@tensorflow/tfjs-core';
import { withGradient, type Activation } from './layerOps';

/**
 * Convolution layers for the fast path, NHWC, 'same' padding (TensorFlow's convention: an output of
 * ceil(size / stride), the odd pixel of padding after), kernels [k, k, in, out] for a convolution and
 * [k, k, out, in] for a transposed one (tf.conv2dTranspose's layout, Keras's Conv2DTranspose's too).
 *
 * Why a gradient of their own: tfjs's wasm backend has no Conv2DBackpropFilter kernel, so autodiff of
 * tf.conv2d cannot train there. The forward passes are tfjs's own (XNNPACK on wasm); each backward pass
 * is built from kernels every backend has and runs fast:
 *   convolution            dx = conv2dTranspose(dy, W)   dW = patches(x)^T dy
 *   transposed convolution dx = conv2d(dy, W)            dW = patches(dy)^T x
 * where patches(.) lays every k x k window of the ('same'-padded) input out as a row: a pad, k^2
 * strided slices and one concat, no autodiff through it. The plain versions are stock tfjs ops left to
 * autodiff: the reference the gradient tests compare with, on the cpu backend.
 */
export interface ConvParams {
  kernel: tf.Variable<tf.Rank.R4> | tf.Tensor4D;
  bias: tf.Variable<tf.Rank.R1> | tf.Tensor1D;
}

/** 'same' padding along one axis: the output size and the padding before and after. */
export function samePadding(size: number, kernel: number, stride: number) {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/** Every k x k window of x [B, H, W, C] at the stride, one row each: [B * Ho * Wo, k * k * C], (i, j, c) order. */
export function patches(x: tf.Tensor4D, k: number, stride: number): tf.Tensor2D {
  const [B, H, W, C] = x.shape;
  const ph = samePadding(H, k, stride);
  const pw = samePadding(W, k, stride);
  const padded = tf.pad(x, [
    [0, 0],
    [ph.before, ph.after],
    [pw.before, pw.after],
    [0, 0],
  ]);
  const windows: tf.Tensor4D[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      windows.push(
        tf.stridedSlice(
          padded,
          [0, i, j, 0],
          [B, i + stride * (ph.out - 1) + 1, j + stride * (pw.out - 1) + 1, C],
          [1, stride, stride, 1],
        ) as tf.Tensor4D,
      );
    }
  }
  return tf.reshape(tf.concat(windows, 3), [B * ph.out * pw.out, k * k * C]);
}

function activate<T extends tf.Tensor>(y: T, activation: Activation): T {
  return activation === 'relu' ? tf.relu(y) : y;
}

function dPre(dy: tf.Tensor4D, y: tf.Tensor4D, activation: Activation): tf.Tensor4D {
  return activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy;
}

/** patches^T g, reshaped to the kernel: the weight gradient of either layer. */
function kernelGradient(windows: tf.Tensor2D, g: tf.Tensor2D, shape: [number, number, number, number]) {
  return tf.reshape(tf.matMul(tf.transpose(windows), g), shape) as tf.Tensor4D;
}

export function plainConv2d(x: tf.Tensor4D, layer: ConvParams, stride: number, activation: Activation): tf.Tensor4D {
  return activate(tf.add(tf.conv2d(x, layer.kernel, stride, 'same'), layer.bias), activation);
}

export function plainConv2dTranspose(
  x: tf.Tensor4D,
  layer: ConvParams,
  stride: number,
  activation: Activation,
): tf.Tensor4D {
  const [B, H, W] = x.shape;
  const out = layer.kernel.shape[2];
  const y = tf.conv2dTranspose(x, layer.kernel, [B, H * stride, W * stride, out], stride, 'same');
  return activate(tf.add(y, layer.bias), activation);
}

/** act(conv(x, W) + b); `inputNeedsGradient: false` for a layer fed by data (its dx is skipped). */
export function fastConv2d(
  x: tf.Tensor4D,
  layer: ConvParams,
  stride: number,
  activation: Activation,
  inputNeedsGradient = true,
): tf.Tensor4D {
  const k = layer.kernel.shape[0];
  const shape = layer.kernel.shape as [number, number, number, number];
  // A layer fed by data takes no gradient for its input: x is then no input of the custom gradient.
  const inputs = inputNeedsGradient ? [x, layer.kernel, layer.bias] : [layer.kernel, layer.bias];
  return withGradient(inputs, (args, save) => {
    const [input, kernel, bias] = (inputNeedsGradient ? args : [x, ...args]) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D];
    const y = plainConv2d(input, { kernel, bias }, stride, activation);
    save([input, y]);
    return {
      value: y,
      gradFunc: (dy, [savedInput, savedY]) => {
        const g = dPre(dy, savedY as tf.Tensor4D, activation);
        const dKernel = kernelGradient(
          patches(savedInput as tf.Tensor4D, k, stride),
          tf.reshape(g, [-1, shape[3]]),
          shape,
        );
        const dBias = tf.sum(g, [0, 1, 2]);
        if (!inputNeedsGradient) return [dKernel, dBias];
        return [
          tf.conv2dTranspose(g, kernel, savedInput.shape as [number, number, number, number], stride, 'same'),
          dKernel,
          dBias,
        ];
      },
    };
  });
}

/** act(conv2dTranspose(x, W) + b): the output stride times the input's size, `kernel.shape[2]` channels. */
export function fastConv2dTranspose(
  x: tf.Tensor4D,
  layer: ConvParams,
  stride: number,
  activation: Activation,
): tf.Tensor4D {
  const k = layer.kernel.shape[0];
  const shape = layer.kernel.shape as [number, number, number, number];
  return withGradient([x, layer.kernel, layer.bias], ([input, kernel, bias], save) => {
    const y = plainConv2dTranspose(
      input as tf.Tensor4D,
      { kernel: kernel as tf.Tensor4D, bias: bias as tf.Tensor1D },
      stride,
      activation,
    );
    save([input, y]);
    return {
      value: y,
      gradFunc: (dy, [savedInput, savedY]) => {
        const g = dPre(dy, savedY as tf.Tensor4D, activation);
        const inputRows = tf.reshape(savedInput, [-1, shape[3]]) as tf.Tensor2D;
        const dKernel = kernelGradient(patches(g, k, stride), inputRows, shape);
        const dBias = tf.sum(g, [0, 1, 2]);
        const dInput = tf.conv2d(g, kernel as tf.Tensor4D, stride, 'same');
        return [dInput, dKernel, dBias];
      },
    };
  });
}

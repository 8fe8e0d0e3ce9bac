import * as tf from '@tensorflow/tfjs-core';
import { withGradient, type Activation } from './customGradient';

/**
 * Convolution layers for the fast path, NHWC, 'same' padding (TensorFlow's convention: an output of
 * ceil(size / stride), the odd pixel of padding after), kernels [k, k, in, out] for a convolution and
 * [k, k, out, in] for a transposed one (tf.conv2dTranspose's layout, Keras's Conv2DTranspose's too).
 *
 * Why a gradient of their own: tfjs's wasm backend has no Conv2DBackpropFilter kernel, so autodiff of
 * tf.conv2d cannot train there, and its Conv2DBackpropInput (tf.conv2dTranspose) is a plain loop. Every
 * pass here is built from kernels every backend has and wasm runs through XNNPACK:
 *   convolution            y = conv2d(x, W)              dx = transposedConv(dy, W)   dW = patches(x)^T dy
 *   transposed convolution y = transposedConv(x, W)      dx = conv2d(dy, W)           dW = patches(dy)^T x
 * where patches(.) lays every k x k window of the ('same'-padded) input out as a row (a depthwise
 * convolution with one-hot filters) and transposedConv is the sub-pixel form of tf.conv2dTranspose; no
 * autodiff through either. The plain versions are stock tfjs ops left to autodiff: the reference the
 * gradient tests compare with, on the cpu backend.
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

/**
 * Every k x k window of x [B, H, W, C] at the stride, one row each: [B * Ho * Wo, C * k * k], in (c, i, j)
 * order. A depthwise convolution with one-hot filters does it (XNNPACK on wasm, where a pad, k^2 strided
 * slices and a concat took 20 times as long).
 */
export function patches(x: tf.Tensor4D, k: number, stride: number): tf.Tensor2D {
  const C = x.shape[3];
  const oneHot = tf.tile(tf.reshape(tf.eye(k * k), [k, k, 1, k * k]), [1, 1, C, 1]) as tf.Tensor4D;
  const windows = tf.depthwiseConv2d(x, oneHot, stride, 'same');
  return tf.reshape(windows, [-1, C * k * k]);
}

/**
 * The input gradient of a 'same' convolution of an [outH, outW] input with kernel W [k, k, Co, Ci]
 * (tf.conv2dTranspose's layout) at dy [B, Ho, Wo, Ci]: tf.conv2dTranspose(dy, W, [B, outH, outW, Co],
 * stride, 'same'), formed as a sub-pixel convolution. Output pixel s a + p (phase p) gathers the taps
 * i = s m + p + before of the input pixels a - m; so one stride-1 convolution of dy with a T x T kernel
 * holding every phase's taps gives all s^2 phases as channels, and a transpose lays them out. Why:
 * tfjs's wasm Conv2DBackpropInput is a plain loop (a fifth of XNNPACK's convolution here, measured).
 */
export function transposedConv(
  dy: tf.Tensor4D,
  kernel: tf.Tensor4D,
  stride: number,
  outH: number,
  outW: number,
): tf.Tensor4D {
  const [k, , Co, Ci] = kernel.shape;
  const s = stride;
  const taps = (out: number) => {
    const { before } = samePadding(out, k, s);
    let mMin = 0;
    let mMax = 0;
    for (let p = 0; p < s; p++)
      for (let i = 0; i < k; i++) {
        const m = (i - p - before) / s;
        if (Number.isInteger(m)) [mMin, mMax] = [Math.min(mMin, m), Math.max(mMax, m)];
      }
    // The kernel row of tap u in phase p, or k * k's zero block (index -1 here) where the phase has none.
    const row = (u: number, p: number) => {
      const i = s * (mMax - u) + p + before;
      return i >= 0 && i < k ? i : -1;
    };
    return { mMin, mMax, T: mMax - mMin + 1, row };
  };
  const r = taps(outH);
  const c = taps(outW);
  const index: number[] = [];
  for (let u = 0; u < r.T; u++)
    for (let v = 0; v < c.T; v++)
      for (let p = 0; p < s; p++)
        for (let q = 0; q < s; q++) {
          const [i, j] = [r.row(u, p), c.row(v, q)];
          index.push(i < 0 || j < 0 ? k * k : i * k + j);
        }
  // [Ci, k * k + 1, Co]: the kernel's taps and a zero one, gathered into [T, T, Ci, s * s * Co].
  const taps2 = tf.pad(tf.reshape(tf.transpose(kernel, [3, 0, 1, 2]), [Ci, k * k, Co]), [
    [0, 0],
    [0, 1],
    [0, 0],
  ]);
  const gathered = tf.reshape(tf.gather(taps2, tf.tensor1d(index, 'int32'), 1), [Ci, r.T * c.T, s * s * Co]);
  const subKernel = tf.reshape(tf.transpose(gathered, [1, 0, 2]), [r.T, c.T, Ci, s * s * Co]) as tf.Tensor4D;
  const padded = tf.pad(dy, [
    [0, 0],
    [r.mMax, -r.mMin],
    [c.mMax, -c.mMin],
    [0, 0],
  ]);
  const phases = tf.conv2d(padded, subKernel, 1, 'valid');
  // [B, Ho, Wo, (p, q, Co)] to [B, s Ho, s Wo, Co]: rows (h, p), columns (w, q). tf.depthToSpace does the
  // same but is a plain loop on wasm (10 times the time of this transpose, measured).
  const [B, Ho, Wo] = phases.shape;
  const full =
    s === 1
      ? phases
      : (tf.reshape(tf.transpose(tf.reshape(phases, [B * Ho, Wo, s, s * Co]), [0, 2, 1, 3]), [
          B,
          Ho * s,
          Wo * s,
          Co,
        ]) as tf.Tensor4D);
  const [, H, W] = full.shape;
  return H === outH && W === outW ? full : tf.slice(full, [0, 0, 0, 0], [B, outH, outW, Co]);
}

function activate<T extends tf.Tensor>(y: T, activation: Activation): T {
  return activation === 'relu' ? tf.relu(y) : y;
}

function dPre(dy: tf.Tensor4D, y: tf.Tensor4D, activation: Activation): tf.Tensor4D {
  return activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy;
}

/** patches^T g, laid out as the kernel [k, k, C, O] (the rows of patches are (c, i, j)): either layer's weight gradient. */
function kernelGradient(windows: tf.Tensor2D, g: tf.Tensor2D, shape: [number, number, number, number]) {
  const [k, , C, O] = shape;
  const product = tf.reshape(tf.matMul(tf.transpose(windows), g), [C, k, k, O]);
  return tf.transpose(product, [1, 2, 0, 3]) as tf.Tensor4D;
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

function fastTransposedForward(x: tf.Tensor4D, layer: ConvParams, stride: number, activation: Activation) {
  const [, H, W] = x.shape;
  const y = transposedConv(x, layer.kernel, stride, H * stride, W * stride);
  return activate(tf.add(y, layer.bias) as tf.Tensor4D, activation);
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
        const [, H, W] = savedInput.shape;
        return [transposedConv(g, kernel, stride, H, W), dKernel, dBias];
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
    const y = fastTransposedForward(
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

import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initNodeBackend, type NodeBackend } from '../../scripts/lib/node-tf';
import {
  fastConv2d,
  fastConv2dTranspose,
  patches,
  plainConv2d,
  plainConv2dTranspose,
  samePadding,
  transposedConv,
  type ConvParams,
} from '../../src/model/convOps';
import type { Activation } from '../../src/model/layerOps';
import { relativeMaxError } from './helpers';

/**
 * The convolution layers' own backward passes (convOps.ts) against tfjs autodiff of tf.conv2d and
 * tf.conv2dTranspose on the cpu backend, on odd sizes, both strides and activations; and the same
 * fast gradients computed on wasm (which cannot differentiate tf.conv2d itself) against cpu's.
 */

afterAll(async () => {
  await initNodeBackend('cpu');
});

interface Case {
  name: string;
  transpose: boolean;
  input: [number, number, number, number];
  k: number;
  out: number;
  stride: number;
  activation: Activation;
}

const cases: Case[] = [
  {
    name: 'conv, stride 2, odd sizes, ReLU',
    transpose: false,
    input: [3, 7, 5, 2],
    k: 3,
    out: 4,
    stride: 2,
    activation: 'relu',
  },
  {
    name: 'conv, stride 1, linear',
    transpose: false,
    input: [2, 6, 6, 3],
    k: 3,
    out: 2,
    stride: 1,
    activation: 'linear',
  },
  {
    name: 'conv, the MNIST shape',
    transpose: false,
    input: [2, 28, 28, 1],
    k: 3,
    out: 8,
    stride: 2,
    activation: 'relu',
  },
  {
    name: 'transposed, stride 2, ReLU',
    transpose: true,
    input: [3, 4, 3, 5],
    k: 3,
    out: 2,
    stride: 2,
    activation: 'relu',
  },
  {
    name: 'transposed, stride 1, linear',
    transpose: true,
    input: [2, 5, 5, 3],
    k: 3,
    out: 1,
    stride: 1,
    activation: 'linear',
  },
  {
    name: 'transposed, 7 x 7 to 14 x 14',
    transpose: true,
    input: [2, 7, 7, 4],
    k: 3,
    out: 3,
    stride: 2,
    activation: 'relu',
  },
];

function random(shape: number[], seed: number): Float32Array {
  return tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync() as Float32Array).slice();
}

/** Loss sum(y * R) and its gradients with respect to x, the kernel and the bias. */
function gradients(c: Case, fast: boolean): { y: Float32Array; grads: Float32Array[] } {
  const [B, H, W, C] = c.input;
  const kernelShape: [number, number, number, number] = c.transpose ? [c.k, c.k, c.out, C] : [c.k, c.k, C, c.out];
  return tf.tidy(() => {
    const x = tf.tensor4d(random(c.input, 1), c.input);
    const kernel = tf.tensor4d(random(kernelShape, 2), kernelShape).mul(0.4) as tf.Tensor4D;
    const bias = tf.tensor1d(random([c.out], 3)).mul(0.1) as tf.Tensor1D;
    const f = (input: tf.Tensor4D, k: tf.Tensor4D, b: tf.Tensor1D) => {
      const layer: ConvParams = { kernel: k, bias: b };
      if (c.transpose)
        return fast
          ? fastConv2dTranspose(input, layer, c.stride, c.activation)
          : plainConv2dTranspose(input, layer, c.stride, c.activation);
      return fast
        ? fastConv2d(input, layer, c.stride, c.activation)
        : plainConv2d(input, layer, c.stride, c.activation);
    };
    const y = f(x, kernel, bias);
    const R = tf.tensor(random(y.shape, 4), y.shape);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) =>
      tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D, d as tf.Tensor1D), R)),
    )([x, kernel, bias]);
    const expectedShape = c.transpose
      ? [B, H * c.stride, W * c.stride, c.out]
      : [B, Math.ceil(H / c.stride), Math.ceil(W / c.stride), c.out];
    expect(y.shape).toEqual(expectedShape);
    return { y: y.dataSync() as Float32Array, grads: g.map((t) => t.dataSync() as Float32Array) };
  });
}

describe('same padding and patches', () => {
  it('pads as TensorFlow does: the odd pixel after', () => {
    expect(samePadding(28, 3, 2)).toEqual({ out: 14, before: 0, after: 1 });
    expect(samePadding(14, 3, 2)).toEqual({ out: 7, before: 0, after: 1 });
    expect(samePadding(7, 3, 1)).toEqual({ out: 7, before: 1, after: 1 });
    expect(samePadding(5, 3, 2)).toEqual({ out: 3, before: 1, after: 1 });
  });

  it('lays out every window as a plain loop does', async () => {
    await initNodeBackend('cpu');
    const [B, H, W, C, k, s] = [2, 5, 4, 3, 3, 2];
    const x = random([B, H, W, C], 7);
    const rows = tf.tidy(() => patches(tf.tensor4d(x, [B, H, W, C]), k, s).arraySync() as number[][]);
    const ph = samePadding(H, k, s);
    const pw = samePadding(W, k, s);
    expect(rows.length).toBe(B * ph.out * pw.out);
    let r = 0;
    for (let b = 0; b < B; b++)
      for (let oy = 0; oy < ph.out; oy++)
        for (let ox = 0; ox < pw.out; ox++, r++)
          for (let i = 0; i < k; i++)
            for (let j = 0; j < k; j++)
              for (let c = 0; c < C; c++) {
                const yy = oy * s + i - ph.before;
                const xx = ox * s + j - pw.before;
                const inside = yy >= 0 && yy < H && xx >= 0 && xx < W;
                const want = inside ? x[((b * H + yy) * W + xx) * C + c] : 0;
                expect(rows[r][(c * k + i) * k + j]).toBeCloseTo(want, 6);
              }
  });
});

describe.each<NodeBackend>(['cpu', 'wasm'])('the sub-pixel transposed convolution on %s', (backend) => {
  // [k, stride, output height, output width]: even and odd outputs, strides 1 to 3, kernels smaller and larger.
  it.each([
    [3, 2, 14, 14],
    [3, 2, 7, 5],
    [3, 1, 6, 5],
    [5, 2, 9, 8],
    [2, 2, 6, 6],
    [4, 3, 10, 7],
    [1, 2, 5, 6],
  ])('k %i, stride %i, output %i x %i: tf.conv2dTranspose with same padding', async (k, s, outH, outW) => {
    const [B, Co, Ci] = [2, 3, 4];
    const [Ho, Wo] = [Math.ceil(outH / s), Math.ceil(outW / s)];
    const dy = random([B, Ho, Wo, Ci], 11);
    const w = random([k, k, Co, Ci], 12);
    const run = (fast: boolean) =>
      tf.tidy(() => {
        const dyT = tf.tensor4d(dy, [B, Ho, Wo, Ci]);
        const wT = tf.tensor4d(w, [k, k, Co, Ci]);
        const out = fast
          ? transposedConv(dyT, wT, s, outH, outW)
          : tf.conv2dTranspose(dyT, wT, [B, outH, outW, Co], s, 'same');
        expect(out.shape).toEqual([B, outH, outW, Co]);
        return out.dataSync() as Float32Array;
      });
    await initNodeBackend('cpu');
    const reference = run(false);
    await initNodeBackend(backend);
    expect(relativeMaxError(run(true), reference)).toBeLessThan(1e-5);
  });
});

describe.each<NodeBackend>(['cpu', 'wasm'])('the convolution layers backward pass on %s', (backend) => {
  it.each(cases)('$name: the same value and gradients as autodiff of stock tfjs on cpu', async (c) => {
    await initNodeBackend('cpu');
    const reference = gradients(c, false);
    await initNodeBackend(backend);
    const fast = gradients(c, true);
    expect(relativeMaxError(fast.y, reference.y)).toBeLessThan(1e-5);
    ['dx', 'dKernel', 'dBias'].forEach((name, i) =>
      expect(relativeMaxError(fast.grads[i], reference.grads[i]), name).toBeLessThan(1e-4),
    );
  });
});

describe('a convolution fed by data', () => {
  it('skips its input gradient and gives the same kernel and bias gradients', async () => {
    await initNodeBackend('wasm');
    const grads = (inputNeedsGradient: boolean) =>
      tf.tidy(() => {
        const x = tf.tensor4d(random([2, 28, 28, 1], 1), [2, 28, 28, 1]);
        const kernel = tf.tensor4d(random([3, 3, 1, 4], 2), [3, 3, 1, 4]);
        const bias = tf.tensor1d(random([4], 3));
        const R = tf.tensor4d(random([2, 14, 14, 4], 4), [2, 14, 14, 4]);
        const g = tf.grads((k: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.mul(
              fastConv2d(x, { kernel: k as tf.Tensor4D, bias: b as tf.Tensor1D }, 2, 'relu', inputNeedsGradient),
              R,
            ),
          ),
        )([kernel, bias]);
        return g.map((t) => t.dataSync() as Float32Array);
      });
    const [withInput, fromData] = [grads(true), grads(false)];
    expect(relativeMaxError(fromData[0], withInput[0])).toBeLessThan(1e-6);
    expect(relativeMaxError(fromData[1], withInput[1])).toBeLessThan(1e-6);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { decode, familyOf } from '../families';
import { decoderLogits } from '../families/common';
import { reconstructionNats } from '../losses';
import type { ModelParams } from '../params';
import { mixtureOf, priorOf } from '../priors';
import { posteriorQuadratureBatch, type LabModel } from './lab';
import type { BatchLogDensityFn, QuadratureResult } from './quadrature';
import { INPUT_DIM } from '../config';
import { LOG_2PI, mean, std, type Box } from './numerics';

/**
 * A trained model and one image as a LabModel: log p(x, z) through the
 * decoder and the prior, q(z|x) from the family (a diagonal Gaussian, or a
 * flow), the prior's draws. Evaluations go in chunks so that 40,000 grid
 * points never hold more than a few megabytes of decoder output at once.
 */
const CHUNK = 4096;

function chunked(n: number, d: number, z: Float32Array, fn: (z: tf.Tensor2D) => tf.Tensor1D): Promise<Float64Array> {
  return (async () => {
    const out = new Float64Array(n);
    for (let start = 0; start < n; start += CHUNK) {
      const size = Math.min(CHUNK, n - start);
      const values = tf.tidy(() => fn(tf.tensor2d(z.subarray(start * d, (start + size) * d), [size, d])));
      out.set(await values.data(), start);
      values.dispose();
    }
    return out;
  })();
}

/** log p(x|z) + log p(z) for the image x1 [1, 784] at the rows of z. */
export function logJointOf(params: ModelParams, x1: tf.Tensor2D) {
  const prior = priorOf(params);
  const d = params.config.latentDim;
  return (z: Float32Array, n: number) =>
    chunked(
      n,
      d,
      z,
      (points) =>
        tf.sub(
          prior.logDensity(points),
          reconstructionNats(params.config, decoderLogits(params, points), x1),
        ) as tf.Tensor1D,
    );
}

/**
 * log p(x_b|z) + log p(z) for a batch of images at the same points, one
 * decoder pass per point: the likelihood is linear in the image once the
 * logits l are known, so every image's term is a matrix product,
 *   Bernoulli: log p(x|z) = x . l - sum softplus(l),
 *   Gaussian:  log p(x|z) = -(|x|^2 - 2 x . m + |m|^2) / (2 s^2) - D/2 log(2 pi s^2),  m = sigmoid(l).
 * Returns the function the batched quadrature calls (rows: the images asked
 * for) and a dispose() for the images' tensor.
 */
export function batchLogJointOf(params: ModelParams, images: Float32Array, count: number) {
  const prior = priorOf(params);
  const d = params.config.latentDim;
  const { likelihood, gaussianSigma } = params.config;
  // The images as columns, [784, B]: logits [n, 784] times this is a plain product, the orientation the
  // wasm backend runs fast (its transposed-operand products fall back to a slow loop).
  const X = tf.tensor2d(images.subarray(0, count * INPUT_DIM), [count, INPUT_DIM]);
  const columns = tf.transpose(X);
  const squaredNorms = tf.sum(tf.square(X), 1);
  X.dispose();
  const logJoint: BatchLogDensityFn = async (z, n, items) => {
    const out = new Float64Array(items.length * n);
    const picked = tf.tensor1d(Int32Array.from(items), 'int32');
    const B = items.length;
    for (let start = 0; start < n; start += CHUNK) {
      const size = Math.min(CHUNK, n - start);
      const values = tf.tidy(() => {
        const points = tf.tensor2d(z.subarray(start * d, (start + size) * d), [size, d]);
        const logits = decoderLogits(params, points);
        const x = tf.gather(columns, picked, 1);
        let logLikelihood: tf.Tensor2D;
        if (likelihood === 'gaussian') {
          const m = tf.sigmoid(logits);
          const sse = tf.add(
            tf.sub(tf.reshape(tf.gather(squaredNorms, picked), [1, B]), tf.mul(tf.matMul(m, x), 2)),
            tf.reshape(tf.sum(tf.square(m), 1), [size, 1]),
          );
          const constant = 0.5 * INPUT_DIM * (LOG_2PI + 2 * Math.log(gaussianSigma));
          logLikelihood = tf.sub(tf.mul(sse, -0.5 / (gaussianSigma * gaussianSigma)), constant) as tf.Tensor2D;
        } else {
          logLikelihood = tf.sub(
            tf.matMul(logits, x),
            tf.reshape(tf.sum(tf.softplus(logits), 1), [size, 1]),
          ) as tf.Tensor2D;
        }
        // [size, B]: point-major.
        return tf.add(logLikelihood, tf.reshape(prior.logDensity(points), [size, 1])) as tf.Tensor2D;
      });
      const chunk = await values.data();
      values.dispose();
      for (let j = 0; j < size; j++) {
        for (let r = 0; r < B; r++) out[r * n + start + j] = chunk[j * B + r];
      }
    }
    picked.dispose();
    return out;
  };
  return { logJoint, dispose: () => tf.dispose([columns, squaredNorms]) };
}

/** Where the prior has its mass (2-D): [-8, 8]^2 for N(0, I); each component's +-8 sigma for a mixture. */
async function priorBox(params: ModelParams): Promise<Box> {
  const mixture = mixtureOf(params);
  if (!mixture) return [-8, 8, -8, 8];
  const [means, logVars] = await Promise.all([mixture.means.data(), mixture.logVars.data()]);
  const box: Box = [Infinity, -Infinity, Infinity, -Infinity];
  for (let k = 0; k < means.length / 2; k++) {
    const sx = 8 * Math.exp(0.5 * logVars[2 * k]);
    const sy = 8 * Math.exp(0.5 * logVars[2 * k + 1]);
    box[0] = Math.min(box[0], means[2 * k] - sx);
    box[1] = Math.max(box[1], means[2 * k] + sx);
    box[2] = Math.min(box[2], means[2 * k + 1] - sy);
    box[3] = Math.max(box[3], means[2 * k + 1] + sy);
  }
  return box;
}

/**
 * The lab's view of a model and an image (784 pixels in [0, 1]). The caller
 * disposes the returned tensors with `dispose()`.
 */
export async function labModelFor(params: ModelParams, image: Float32Array): Promise<LabModel & { dispose(): void }> {
  const family = familyOf(params);
  if (!family.info.hasDensity)
    throw new Error(`the posterior lab needs q(z|x) to be a density; a ${family.info.label} has a point code`);
  const d = params.config.latentDim;
  const x1 = tf.tensor2d(image, [1, 784]);
  const prior = priorOf(params);
  const draw = async (fn: () => { z: tf.Tensor2D; logDensity: tf.Tensor1D }) => {
    const out = tf.tidy(fn);
    const [z, logDensity] = await Promise.all([out.z.data(), out.logDensity.data()]);
    tf.dispose([out.z, out.logDensity]);
    return { z: new Float32Array(z), logDensity: Float64Array.from(logDensity) };
  };
  const drawQ = (n: number, seed: number) =>
    draw(() => {
      const { z, logQ } = family.sample(params, x1, n, seed);
      return { z, logDensity: logQ };
    });
  const drawPrior = (n: number, seed: number) =>
    draw(() => {
      const z = prior.sample(n, seed);
      return { z, logDensity: prior.logDensity(z) };
    });

  // Where q is: exactly, for a Gaussian (diagonal or full); from 4,000 draws for a flow.
  let q: LabModel['q'];
  let klClosedForm: number | null = null;
  const shape = family.info.posteriorShape;
  if (shape === 'ellipse' || shape === 'tilted-ellipse') {
    const closed = family.info.klMethod(params.config.prior) === 'closed-form';
    const heads = tf.tidy(() => {
      const { means, logVars, covariances } = family.mapPosteriors(params, x1);
      const kl = closed ? family.evaluateBatch(params, x1, 1).kl : null;
      return [means, logVars ?? tf.zeros([1, d]), covariances ?? tf.zeros([0]), kl ?? tf.zeros([0])];
    });
    const [mu, logVar, covariance, kl] = await Promise.all(heads.map((t) => t.data()));
    tf.dispose(heads);
    const spread = Array.from(logVar, (lv) => Math.exp(0.5 * lv));
    // Sigma packed [sxx, sxy, syy] in 2-D (lib/packedTriangle.ts), else the diagonal's.
    const cov: [number, number, number] =
      covariance.length === 3
        ? [covariance[0], covariance[1], covariance[2]]
        : [spread[0] ** 2, 0, (spread[1] ?? 0) ** 2];
    q = {
      mean: Array.from(mu),
      spread,
      gaussian: d === 2 ? { mean: [mu[0], mu[1]], cov } : null,
      family: shape === 'tilted-ellipse' ? 'full' : 'diagonal',
    };
    klClosedForm = kl.length ? kl[0] : null;
  } else {
    const { z } = await drawQ(4000, 99);
    const column = (j: number) => Float64Array.from({ length: 4000 }, (_, i) => z[i * d + j]);
    q = {
      mean: Array.from({ length: d }, (_, j) => mean(column(j))),
      spread: Array.from({ length: d }, (_, j) => std(column(j))),
      gaussian: null,
    };
  }
  return {
    latentDim: d,
    logJoint: logJointOf(params, x1),
    logQ: (z, n) => chunked(n, d, z, (points) => family.logQ(params, x1, points)),
    drawQ,
    drawPrior,
    logPrior: (z, n) => {
      const values = tf.tidy(() => prior.logDensity(tf.tensor2d(z, [n, d])));
      const out = Float64Array.from(values.dataSync());
      values.dispose();
      return out;
    },
    q,
    klClosedForm,
    priorBox: d === 2 ? await priorBox(params) : [-8, 8, -8, 8],
    dispose: () => x1.dispose(),
  };
}

/**
 * The hidden half's one decoder pass (posterior/inpainting.ts): for B images,
 * each with its mask of hidden pixels (1 = hidden), log p(x_v | z) and
 * log p(x_h | z) at the rows of z, and log p(z). Both halves come from the
 * same logits l as matrix products with the masked images as columns,
 *   Bernoulli: sum over S of x l - softplus(l) = (x m_S) . l - m_S . softplus(l),
 *   Gaussian:  -(sum_S x^2 - 2 (x m_S) . mu + m_S . mu^2) / (2 s^2) - |S|/2 log(2 pi s^2),  mu = sigmoid(l),
 * so a grid of points is decoded once for every image and both halves. The
 * caller disposes the columns with `dispose()`.
 */
export function maskedPartsOf(params: ModelParams, images: Float32Array, masks: Uint8Array, count: number) {
  const prior = priorOf(params);
  const d = params.config.latentDim;
  const { likelihood, gaussianSigma } = params.config;
  const columns = 2 * count;
  // [784, 2B]: column 2b is image b's visible pixels, 2b + 1 its hidden ones.
  const select = new Float32Array(INPUT_DIM * columns);
  const weighted = new Float32Array(INPUT_DIM * columns);
  const squares = new Float32Array(columns);
  const sizes = new Float32Array(columns);
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < INPUT_DIM; i++) {
      const c = 2 * b + masks[b * INPUT_DIM + i];
      const x = images[b * INPUT_DIM + i];
      select[i * columns + c] = 1;
      weighted[i * columns + c] = x;
      squares[c] += x * x;
      sizes[c] += 1;
    }
  }
  const M = tf.tensor2d(select, [INPUT_DIM, columns]);
  const XM = tf.tensor2d(weighted, [INPUT_DIM, columns]);
  const gaussianConstant = tf.tensor2d(
    Float32Array.from(
      sizes,
      (size, c) => squares[c] / (2 * gaussianSigma ** 2) + 0.5 * size * (LOG_2PI + 2 * Math.log(gaussianSigma)),
    ),
    [1, columns],
  );
  const parts = async (z: Float32Array, n: number) => {
    const visible = new Float64Array(count * n);
    const hidden = new Float64Array(count * n);
    const logPrior = new Float64Array(n);
    for (let start = 0; start < n; start += CHUNK) {
      const size = Math.min(CHUNK, n - start);
      const [terms, logP] = tf.tidy(() => {
        const points = tf.tensor2d(z.subarray(start * d, (start + size) * d), [size, d]);
        const logits = decoderLogits(params, points);
        let ll: tf.Tensor2D;
        if (likelihood === 'gaussian') {
          const mu = tf.sigmoid(logits);
          ll = tf.sub(
            tf.mul(tf.sub(tf.matMul(mu, XM), tf.mul(tf.matMul(tf.square(mu), M), 0.5)), 1 / gaussianSigma ** 2),
            gaussianConstant,
          ) as tf.Tensor2D;
        } else {
          ll = tf.sub(tf.matMul(logits, XM), tf.matMul(tf.softplus(logits), M)) as tf.Tensor2D;
        }
        return [ll, prior.logDensity(points)];
      });
      const [values, lp] = await Promise.all([terms.data(), logP.data()]);
      tf.dispose([terms, logP]);
      logPrior.set(lp, start);
      for (let j = 0; j < size; j++) {
        for (let b = 0; b < count; b++) {
          visible[b * n + start + j] = values[j * columns + 2 * b];
          hidden[b * n + start + j] = values[j * columns + 2 * b + 1];
        }
      }
    }
    return { visible, hidden, logPrior };
  };
  return { parts, dispose: () => tf.dispose([M, XM, gaussianConstant]) };
}

/** The decoder's mean image sigmoid(l) at the rows of z, [n, 784]. */
export async function decodeMeans(params: ModelParams, z: Float32Array, n: number): Promise<Float32Array> {
  const means = tf.tidy(() => decode(params, tf.tensor2d(z, [n, params.config.latentDim])));
  const out = new Float32Array(await means.data());
  means.dispose();
  return out;
}

/** The given rows of `images` (784 pixels each), in that order, as one array. */
export function gatherRows(images: Float32Array, rows: number[]): Float32Array {
  const picked = new Float32Array(rows.length * INPUT_DIM);
  rows.forEach((row, k) => picked.set(images.subarray(row * INPUT_DIM, (row + 1) * INPUT_DIM), k * INPUT_DIM));
  return picked;
}

/**
 * The batched quadrature (lab.ts's posteriorQuadratureBatch) of the given rows of `images`: their lab
 * views and one shared decoder pass per point, handed to `withResults` with each row's result; everything freed
 * afterwards, whatever it does.
 */
export async function withRowsQuadrature<T>(
  params: ModelParams,
  images: Float32Array,
  rows: number[],
  cancelled: (() => boolean) | undefined,
  withResults: (models: LabModel[], quads: QuadratureResult[]) => Promise<T>,
): Promise<T> {
  const picked = gatherRows(images, rows);
  const models = await Promise.all(
    rows.map((_, k) => labModelFor(params, picked.subarray(k * INPUT_DIM, (k + 1) * INPUT_DIM))),
  );
  const batch = batchLogJointOf(params, picked, rows.length);
  try {
    return await withResults(models, await posteriorQuadratureBatch(models, batch.logJoint, cancelled));
  } finally {
    batch.dispose();
    for (const model of models) model.dispose();
  }
}

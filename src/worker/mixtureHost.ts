import * as tf from '@tensorflow/tfjs-core';
import { bicPerPoint, fitGmm, gmmLogDensity, sampleGmm, type Gmm } from '../lib/gmm';
import { createRng, shuffledIndices } from '../lib/rng';
import { yieldToEventLoop } from '../lib/yieldToEventLoop';
import { gatherBatch, type MnistData } from '../data/mnist';
import { INPUT_DIM } from '../model/config';
import { decode } from '../model/families';
import { decoderLogits } from '../model/families/common';
import type { ModelParams } from '../model/params';
import { evaluate } from '../model/evaluate';
import { encodePosteriors, type TestPosteriors } from '../model/format/posteriorsFile';
import { priorOf } from '../model/priors';
import { loadDataset } from './dataset';

/**
 * The explorer worker's side of the mixtures: a GMM on a model's codes of
 * the training digits (the finite mixture that makes an AE a generator),
 * the aggregate posterior against the prior, and the VAE as an infinite
 * mixture (each prior draw z one component p(x|z)).
 */

/** Training digits whose codes the GMM is fitted to (a seeded subset), and those the K sweep uses. */
export const GMM_FIT_COUNT = 20_000;
export const GMM_SWEEP_COUNT = 5_000;

/** The page dataset's two splits (shared with anything else in this worker that loads them). */
function trainingData(): Promise<MnistData> {
  return loadDataset();
}

/** `count` training digits (a subset seeded by `seed`) and all 10,000 test digits, as pixels in [0, 1]. */
async function trainAndTestImages(count: number, seed: number) {
  const mnist = await trainingData();
  const order = shuffledIndices(mnist.train.count, createRng(seed)).subarray(0, count);
  const train = gatherBatch(mnist.train.images, order, 0, count);
  const all = Uint32Array.from({ length: mnist.test.count }, (_, i) => i);
  return { train, test: gatherBatch(mnist.test.images, all, 0, mnist.test.count), testCount: mnist.test.count };
}

const codeCache = new Map<ModelParams, { train: TestPosteriors; test: TestPosteriors }>();

/** The model's map points of GMM_FIT_COUNT training digits and of the 10,000 test digits (cached per model). */
async function codes(params: ModelParams) {
  const cached = codeCache.get(params);
  if (cached) return cached;
  const images = await trainAndTestImages(GMM_FIT_COUNT, 77);
  const train = await encodePosteriors(params, images.train, GMM_FIT_COUNT);
  const test = await encodePosteriors(params, images.test, images.testCount);
  codeCache.clear(); // one model's codes at a time: they are megabytes
  const entry = { train, test };
  codeCache.set(params, entry);
  return entry;
}

export interface GmmResult {
  gmm: Gmm;
  K: number;
  /** Average log-likelihood per code: on the codes it was fitted to, and on the test digits' codes (held out). */
  trainLogLikelihood: number;
  heldOutLogLikelihood: number;
  /** BIC per code on the codes fitted (see bicPerPoint). */
  bicPerCode: number;
  fittedOn: number;
  heldOut: number;
  iterations: number;
}

export async function fitCodeGmm(params: ModelParams, K: number, seed: number): Promise<GmmResult> {
  const { train, test } = await codes(params);
  const d = params.config.latentDim;
  const fit = fitGmm(train.means, train.count, d, K, { seed });
  const held = gmmLogDensity(fit.gmm, test.means, test.count);
  return {
    gmm: fit.gmm,
    K,
    trainLogLikelihood: fit.logLikelihood,
    heldOutLogLikelihood: held.reduce((a, b) => a + b, 0) / test.count,
    bicPerCode: bicPerPoint(fit.logLikelihood, K, d, train.count),
    fittedOn: train.count,
    heldOut: test.count,
    iterations: fit.iterations,
  };
}

export interface SweepPoint {
  K: number;
  heldOutLogLikelihood: number;
  /** BIC per code on the sweep's codes (see bicPerPoint). */
  bicPerCode: number;
}

/** Held-out log-likelihood and BIC for K = 1..maxK, on GMM_SWEEP_COUNT training codes. */
export async function sweepCodeGmm(
  params: ModelParams,
  maxK: number,
  seed: number,
  onPoint: (point: SweepPoint, done: number) => void,
): Promise<{ points: SweepPoint[]; fittedOn: number; heldOut: number }> {
  const { train, test } = await codes(params);
  const d = params.config.latentDim;
  const n = Math.min(GMM_SWEEP_COUNT, train.count);
  const points: SweepPoint[] = [];
  for (let K = 1; K <= maxK; K++) {
    const fit = fitGmm(train.means.subarray(0, n * d), n, d, K, { seed, maxIterations: 100, tolerance: 1e-4 });
    const held = gmmLogDensity(fit.gmm, test.means, test.count);
    const point = {
      K,
      heldOutLogLikelihood: held.reduce((a, b) => a + b, 0) / test.count,
      bicPerCode: bicPerPoint(fit.logLikelihood, K, d, n),
    };
    points.push(point);
    onPoint(point, K);
    await yieldToEventLoop();
  }
  return { points, fittedOn: n, heldOut: test.count };
}

/** Draws from a GMM over the model's code space, decoded: an AE made a generator. */
export async function sampleCodeGmm(params: ModelParams, gmm: Gmm, count: number, seed: number) {
  const z = sampleGmm(gmm, count, seed);
  const images = await decoded(params, z, count);
  // The components' means, decoded: the K "prototypes" of the finite mixture.
  const means = Float32Array.from(gmm.means.flat());
  return { z, images, componentImages: await decoded(params, means, gmm.means.length) };
}

async function decoded(params: ModelParams, z: Float32Array, count: number): Promise<Float32Array> {
  const out = tf.tidy(() => decode(params, tf.tensor2d(z, [count, params.config.latentDim])));
  const pixels = new Float32Array(await out.data());
  out.dispose();
  return pixels;
}

/**
 * The VAE as an infinite mixture: for each of `count` prior draws z, the
 * decoder's mean image and `perZ` true samples x ~ p(x|z) (Bernoulli pixels
 * drawn, or Gaussian noise of the likelihood's sigma added).
 */
export async function mixtureStrip(params: ModelParams, count: number, perZ: number, seed: number) {
  const d = params.config.latentDim;
  const prior = priorOf(params);
  const out = tf.tidy(() => {
    const z = prior.sample(count, seed);
    const logits = decoderLogits(params, z);
    const mean = tf.sigmoid(logits);
    const repeated = tf.reshape(tf.tile(tf.expandDims(mean, 1), [1, perZ, 1]), [count * perZ, INPUT_DIM]);
    const noise = tf.randomUniform([count * perZ, INPUT_DIM], 0, 1, 'float32', seed + 1);
    const samples =
      params.config.likelihood === 'bernoulli'
        ? tf.cast(tf.less(noise, repeated), 'float32')
        : tf.clipByValue(
            tf.add(repeated, tf.randomNormal(repeated.shape, 0, params.config.gaussianSigma, 'float32', seed + 2)),
            0,
            1,
          );
    return [z, mean, samples];
  });
  const [z, means, samples] = await Promise.all(out.map((t) => t.data()));
  tf.dispose(out);
  return {
    z: new Float32Array(z),
    latentDim: d,
    means: new Float32Array(means),
    samples: new Float32Array(samples),
    likelihood: params.config.likelihood,
  };
}

export interface SetFigures {
  reconstruction: number;
  kl: number | null;
  negElbo: number | null;
}

const trainTestCache = new WeakMap<ModelParams, { train: SetFigures; test: SetFigures; count: number }>();

/**
 * The model's figures on `count` training digits (a seeded subset) and on
 * the 10,000 test digits, by the same evaluation: the gap between the two is
 * what the model overfits (the tour's chapter on the KL term measures it).
 */
export async function trainTestFigures(params: ModelParams, count = 10_000) {
  const cached = trainTestCache.get(params);
  if (cached) return cached;
  const images = await trainAndTestImages(count, 91);
  const figures = (m: Awaited<ReturnType<typeof evaluate>>): SetFigures => ({
    reconstruction: m.reconstruction,
    kl: m.kl,
    negElbo: m.negElbo,
  });
  const train = figures(await evaluate(params, images.train, { seed: 5 }));
  const test = figures(await evaluate(params, images.test, { seed: 5 }));
  const out = { train, test, count };
  trainTestCache.set(params, out);
  return out;
}

import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import { INPUT_DIM } from '../model/config';
import { decode, familyOf, logitsAt } from '../model/families';
import { codebookOf, nearestCodes } from '../model/families/vq-vae/family';
import { priorOf } from '../model/priors';
import { createRng } from '../lib/rng';
import {
  disposeParams,
  paramsFromArrays,
  paramsToArrays,
  weightArrays,
  type ModelArrays,
  type ModelParams,
} from '../model/params';
import { activateBackend, requestWasmThreads, type BackendInfo } from './backends';
import { DATASETS, type DatasetId } from '../data/datasets';
import { sliceImages, type MnistSplit } from '../data/mnist';
import { checkDataset, loadTestSplit, WORKER_DATASET, type DatasetInfo } from './dataset';
import { modelFromFiles, modelToFiles, type ReadModelFile } from '../model/format/layersModel';
import {
  encodePosteriors,
  POSTERIORS_FILE,
  posteriorsFromBytes,
  posteriorsMatch,
  type TestPosteriors,
} from '../model/format/posteriorsFile';
import type { ModelMeta } from '../model/format/meta';
import type { LabRequest, LabUpdate, SummaryUpdate } from '../model/posterior/protocol';
import { testSubset } from '../model/training/batches';
import { cancelLab, cancelSummary, runBestQ, runPosteriorLab, runPosteriorSummary } from './posteriorHost';
import { cancelHidden, cancelHiddenSummary, runHidden, runHiddenSummary } from './hiddenHost';
import { SCORES_FILE } from '../model/posterior/likelihoodScores';
import {
  anomalyDirections,
  anomalyMarkers,
  cancelAnomaly,
  forgetScores,
  moveScores,
  runAnomaly,
  setShippedScores,
} from './anomalyHost';
import type { AnomalyDirection, AnomalyMarkers, AnomalyUpdate } from '../model/posterior/anomalyProtocol';
import type {
  HiddenHalfTimes,
  HiddenRequest,
  HiddenSummaryUpdate,
  HiddenUpdate,
} from '../model/posterior/hiddenProtocol';
import {
  fitCodeGmm,
  mixtureStrip,
  sampleCodeGmm,
  sweepCodeGmm,
  trainTestFigures,
  type GmmResult,
  type SweepPoint,
} from './mixtureHost';
import { aggregatePosterior, type AggregateResult } from '../model/posterior/aggregate';
import type { Gmm } from '../lib/gmm';
import { codeHoles, type HoleFigures, type HoleRegion } from '../lib/holes';
import { labModelFor } from '../model/posterior/fromModel';
import { hiddenPicturesFor, hiddenQuadratureFor } from '../model/posterior/hiddenFromModel';
import { posteriorQuadrature, truePosterior } from '../model/posterior/lab';
import { gradientEstimates, type GaussianTheta, type GradientEstimates } from '../model/posterior/reparam';
import { gridPoints } from '../model/posterior/numerics';

/**
 * The explorer worker: inference only (decode a point, a grid, a path;
 * encode the test set or a drawn digit), on its own thread so that it answers
 * in milliseconds even while the training worker is busy. It holds a copy of
 * each shown model's weights.
 */

const models = new Map<string, ModelParams>();
/** A VQ-VAE's code frequencies over the test set, per key (what its samples are drawn from). */
const codeFrequencies = new Map<string, Float32Array>();
/** Precomputed test-set posteriors shipped with a model (test-posteriors.bin), not yet checked or used. */
const shippedPosteriors = new Map<string, TestPosteriors>();
let testSplit: Promise<{ split: MnistSplit; images: Float32Array }> | null = null;

function model(key: string): ModelParams {
  const params = models.get(key);
  if (!params) throw new Error(`No model "${key}" is loaded in the explorer`);
  return params;
}

/** The page dataset's 10,000 test images (fetched once from this origin): raw bytes and labels, and pixels in [0, 1]. */
function loadTestSet(): Promise<{ split: MnistSplit; images: Float32Array }> {
  testSplit ??= loadTestSplit()
    .then((split) => ({ split, images: sliceImages(split.images, 0, split.count) }))
    .catch((err: unknown) => {
      testSplit = null; // a later call may retry
      throw err;
    });
  return testSplit;
}

const TEST_COUNT = DATASETS[WORKER_DATASET].testCount;

async function loadTestImages(): Promise<Float32Array> {
  return (await loadTestSet()).images;
}

export type Posteriors = TestPosteriors;

/**
 * What samplePrior drew from (the page words it): the prior N(0, I), N(0, I)
 * for an AE (which nothing tied to it), a learned mixture prior of
 * `components` Gaussians, or a VQ-VAE's codes by their test-set frequencies.
 */
export type PriorSource =
  { kind: 'standard' } | { kind: 'standard-ae' } | { kind: 'mixture'; components: number } | { kind: 'codes' };

/** How often each code is the nearest to a test digit's z_e (normalised). */
async function testCodeFrequencies(key: string, params: ModelParams): Promise<Float32Array> {
  const cached = codeFrequencies.get(key);
  if (cached) return cached;
  const { means, count } = await encodePosteriors(params, await loadTestImages(), TEST_COUNT);
  const codes = tf.tidy(() => nearestCodes(tf.tensor2d(means, [count, params.config.latentDim]), codebookOf(params)));
  const counts = new Float32Array(codebookOf(params).shape[0]);
  for (const k of await codes.data()) counts[k] += 1 / count;
  codes.dispose();
  codeFrequencies.set(key, counts);
  return counts;
}

/** The index whose cumulative weight first exceeds u (weights summing to 1). */
function sampleIndex(weights: Float32Array, u: number): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    if (u < acc) return i;
  }
  return weights.length - 1;
}

/**
 * What `key` holds from now on: a model (or nothing) and its shipped
 * posteriors, if any. The model it held before is freed; its posteriors
 * never outlive it.
 */
function put(key: string, params: ModelParams | null, posteriors: TestPosteriors | null = null): void {
  const old = models.get(key);
  if (params) models.set(key, params);
  else models.delete(key);
  if (old && old !== params) disposeParams(old);
  codeFrequencies.delete(key);
  forgetScores(key);
  if (posteriors) shippedPosteriors.set(key, posteriors);
  else shippedPosteriors.delete(key);
}

/** Holds a freshly loaded model under `key`; the page gets its own copy of the weights. */
async function hold(
  key: string,
  loaded: { params: ModelParams; meta: ModelMeta },
  posteriors: TestPosteriors | null = null,
): Promise<{ meta: ModelMeta; weights: ModelArrays }> {
  const weights = await paramsToArrays(loaded.params);
  put(key, loaded.params, posteriors);
  // Fresh copies: they move to the page rather than being copied again.
  return Comlink.transfer(
    { meta: loaded.meta, weights },
    weightArrays(weights).map((a) => a.buffer as ArrayBuffer),
  );
}

function transferPosteriors(p: Posteriors): Posteriors {
  const buffers = new Set<ArrayBuffer>([p.means.buffer as ArrayBuffer]);
  if (p.logVars) buffers.add(p.logVars.buffer as ArrayBuffer);
  if (p.covariances) buffers.add(p.covariances.buffer as ArrayBuffer);
  return Comlink.transfer(p, [...buffers]);
}

/** Runs `work` with a callback from the page (a comlink proxy) and releases the proxy when the work ends. */
async function releasing<T>(callback: unknown, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    (callback as Partial<Comlink.Remote<object>>)[Comlink.releaseProxy]?.();
  }
}

const api = {
  async init(): Promise<BackendInfo> {
    // Every core for the lab's grids and estimators; a click's single decode gains little, loses nothing.
    requestWasmThreads(navigator.hardwareConcurrency || 1);
    const info = await activateBackend('wasm');
    loadTestSet().catch(() => undefined); // testSet() reports a failure to load
    return info;
  },

  /** Fetches and checks another dataset's four files before the page switches to it (nothing is kept). */
  checkDataset(dataset: DatasetId): Promise<DatasetInfo> {
    return checkDataset(dataset);
  },

  /** The test digits and labels (copies) for the page: thumbnails and colours. */
  async testSet(): Promise<{ images: Uint8Array; labels: Uint8Array }> {
    const { split } = await loadTestSet();
    const images = split.images.slice();
    const labels = split.labels.slice();
    return Comlink.transfer({ images, labels }, [images.buffer, labels.buffer]);
  },

  /** Replaces the weights held under `key` (a slot, or any id). */
  setModel(key: string, weights: ModelArrays): void {
    put(key, paramsFromArrays(weights));
  },

  /**
   * Moves the model held under `from` to `to`, replacing (and freeing) what
   * `to` held: a model is checked under a staging key and only then takes a
   * slot, so a bad one never displaces the model shown.
   */
  moveModel(from: string, to: string): void {
    const params = model(from);
    const cached = shippedPosteriors.get(from) ?? null;
    models.delete(from);
    shippedPosteriors.delete(from);
    // Shipped posteriors and scores travel with their model.
    put(to, params, cached);
    moveScores(from, to);
  },

  dropModel(key: string): void {
    put(key, null);
  },

  /** Posterior means (and log-variances) of the 10,000 test digits under a model. */
  async testPosteriors(key: string): Promise<Posteriors> {
    const images = await loadTestImages();
    const params = model(key);
    const cached = shippedPosteriors.get(key);
    shippedPosteriors.delete(key);
    if (cached && (await posteriorsMatch(params, cached, images))) return transferPosteriors(cached);
    return transferPosteriors(await encodePosteriors(params, images, images.length / INPUT_DIM));
  },

  /** Encodes `count` images (pixels in [0, 1], row-major [count, 784]). */
  async encode(key: string, images: Float32Array, count: number): Promise<Posteriors> {
    return transferPosteriors(await encodePosteriors(model(key), images, count));
  },

  /**
   * Decodes `count` latent points (row-major [count, d]) into Bernoulli-mean
   * images [count, 784]. A VQ-VAE decodes the code nearest each point, unless
   * `exact`: then the decoder sees the point itself (a point of z_e space).
   */
  async decode(key: string, z: Float32Array, count: number, exact = false): Promise<Float32Array> {
    const params = model(key);
    const out = tf.tidy(() => {
      const points = tf.tensor2d(z, [count, params.config.latentDim]);
      return exact ? tf.sigmoid(logitsAt(params, points)) : decode(params, points);
    });
    const pixels = new Float32Array(await out.data());
    out.dispose();
    return Comlink.transfer(pixels, [pixels.buffer]);
  },

  /**
   * `count` draws from the model's own generator, decoded (see
   * sampleFromPrior on the page): N(0, I) with this seed (the same draws for
   * every model using it), the learned mixture, or a VQ-VAE's codes by their
   * test-set frequencies. `source` says which (the page words it).
   */
  async samplePrior(
    key: string,
    count: number,
    seed: number,
  ): Promise<{ z: Float32Array; images: Float32Array; source: PriorSource }> {
    const params = model(key);
    const { prior, latentDim } = params.config;
    const { generator } = familyOf(params).info;
    let source: PriorSource;
    let z: tf.Tensor2D;
    if (generator === 'codes') {
      const frequencies = await testCodeFrequencies(key, params);
      const rng = createRng(seed);
      const codes = Array.from({ length: count }, () => sampleIndex(frequencies, rng.next()));
      z = tf.tidy(() => tf.gather(codebookOf(params), codes) as tf.Tensor2D);
      source = { kind: 'codes' };
    } else if (generator === 'prior' && prior.kind === 'mog') {
      z = priorOf(params).sample(count, seed);
      source = { kind: 'mixture', components: prior.components };
    } else {
      z = tf.randomNormal([count, latentDim], 0, 1, 'float32', seed) as tf.Tensor2D;
      source = { kind: generator === 'probe' ? 'standard-ae' : 'standard' };
    }
    const images = tf.tidy(() => decode(params, z));
    const [zValues, pixels] = await Promise.all([z.data(), images.data()]);
    tf.dispose([z, images]);
    const out = { z: new Float32Array(zValues), images: new Float32Array(pixels), source };
    return Comlink.transfer(out, [out.z.buffer, out.images.buffer]);
  },

  /**
   * Loads a model from a folder of files on this origin (e.g. /models/vae-2d/)
   * and holds it under `key`. Returns its meta and weights for the page.
   */
  async loadModelFromUrl(key: string, baseUrl: string): Promise<{ meta: ModelMeta; weights: ModelArrays }> {
    const read: ReadModelFile = async (path) => {
      const response = await fetch(new URL(path, new URL(baseUrl, self.location.origin)));
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${response.statusText}`);
      return new Uint8Array(await response.arrayBuffer());
    };
    const [loaded, posteriorBytes, scoreBytes] = await Promise.all([
      modelFromFiles(read),
      read(POSTERIORS_FILE).catch(() => null),
      read(SCORES_FILE).catch(() => null),
    ]);
    const cached =
      posteriorBytes && posteriorsFromBytes(posteriorBytes, loaded.meta.kind, loaded.meta.latentDim, TEST_COUNT);
    // (A file that does not fit is ignored: the test set is encoded instead.)
    const held = await hold(key, loaded, cached);
    // The anomaly panel's scores (a file that fails its checks is named there, and the scores computed).
    setShippedScores(key, scoreBytes, baseUrl);
    return held;
  },

  /**
   * Loads a model from files the person gave (paths relative to the model's
   * folder: meta.json, encoder/model.json, ...). Checks everything first: a
   * bad file changes nothing and throws a message naming the file and fault.
   */
  async loadModelFromFiles(
    key: string,
    files: Map<string, Uint8Array>,
  ): Promise<{ meta: ModelMeta; weights: ModelArrays }> {
    return hold(key, await modelFromFiles(async (path) => files.get(path) ?? null));
  },

  /** The standard files of a model (meta.json, encoder/*, decoder/*), for download. */
  async modelFiles(weights: ModelArrays, meta: ModelMeta): Promise<Map<string, Uint8Array>> {
    const params = paramsFromArrays(weights);
    try {
      const files = await modelToFiles(params, meta);
      return Comlink.transfer(
        files,
        [...files.values()].map((b) => b.buffer as ArrayBuffer),
      );
    } finally {
      disposeParams(params);
    }
  },

  /**
   * The posterior lab for one image (784 pixels in [0, 1]) under the model
   * held as `key`: stage by stage through `onUpdate`. A newer request, or
   * cancelPosteriorLab, stops it.
   */
  async posteriorLab(
    key: string,
    image: Float32Array,
    request: LabRequest,
    onUpdate: (update: LabUpdate) => void,
  ): Promise<void> {
    await releasing(onUpdate, () =>
      runPosteriorLab(model(key), image, request, (update) => {
        const buffers: ArrayBuffer[] = [];
        if (update.stage === 'posterior') {
          buffers.push(update.truth.display.logDensity.buffer as ArrayBuffer);
          if (update.q.logDensity) buffers.push(update.q.logDensity.buffer as ArrayBuffer);
        }
        onUpdate(Comlink.transfer(update, buffers));
      }),
    );
  },

  /** log q(z|x) of one image on a size x size grid over +-4 spreads of its q (2-D): a flow's contours. */
  async qDensity(
    key: string,
    image: Float32Array,
    size: number,
  ): Promise<{ box: [number, number, number, number]; nx: number; ny: number; logDensity: Float32Array }> {
    const lab = await labModelFor(model(key), image);
    try {
      const { mean, spread } = lab.q;
      const box: [number, number, number, number] = [
        mean[0] - 4 * spread[0],
        mean[0] + 4 * spread[0],
        mean[1] - 4 * spread[1],
        mean[1] + 4 * spread[1],
      ];
      const logDensity = Float32Array.from(await lab.logQ(gridPoints(box, size, size), size * size));
      return Comlink.transfer({ box, nx: size, ny: size, logDensity }, [logDensity.buffer]);
    } finally {
      lab.dispose();
    }
  },

  /**
   * The benchmark's posteriorGridMs: log p(x, z) of one image on a size x size grid over [-4, 4]^2
   * (one decoder pass per grid point), timed `repeats` times after a warm-up; ms each.
   */
  async benchPosteriorGrid(key: string, image: Float32Array, size: number, repeats: number): Promise<number[]> {
    const lab = await labModelFor(model(key), image);
    try {
      const points = gridPoints([-4, 4, -4, 4], size, size);
      await lab.logJoint(gridPoints([-4, 4, -4, 4], 21, 21), 21 * 21);
      const times: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const started = performance.now();
        await lab.logJoint(points, size * size);
        times.push(performance.now() - started);
      }
      return times;
    } finally {
      lab.dispose();
    }
  },

  cancelPosteriorLab(): void {
    cancelLab();
  },

  /** The hidden half of one image (784 pixels in [0, 1]; mask 1 = hidden) under the model: stage by stage. */
  async hiddenHalf(
    key: string,
    image: Float32Array,
    mask: Uint8Array,
    request: HiddenRequest,
    onUpdate: (update: HiddenUpdate) => void,
  ): Promise<void> {
    await releasing(onUpdate, () => runHidden(model(key), image, mask, request, onUpdate));
  },

  /** The hidden half over `count` test digits (the lab's seeded subset; all 10,000 in order at 10,000). */
  async hiddenHalfSummary(
    key: string,
    count: number,
    mask: Uint8Array,
    onUpdate: (update: HiddenSummaryUpdate) => void,
  ): Promise<void> {
    const { split } = await loadTestSet();
    const { images, indices } = testSubset(split, count, 2027);
    await releasing(onUpdate, () => runHiddenSummary(model(key), images, indices, mask, onUpdate));
  },

  /**
   * The benchmark's hidden-half timing, side by side with the lab's on the same image, stage by stage
   * (HiddenHalfTimes), the two alternating repeat by repeat.
   */
  async benchHiddenHalf(
    key: string,
    image: Float32Array,
    mask: Uint8Array,
    size: number,
    repeats: number,
  ): Promise<HiddenHalfTimes> {
    const params = model(key);
    const lab = await labModelFor(params, image);
    const times: HiddenHalfTimes = { lab: { quadrature: [], grid: [] }, hidden: { quadrature: [], grid: [] } };
    const timed = async <T>(into: number[], work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await work();
      into.push(performance.now() - started);
      return result;
    };
    try {
      for (let r = 0; r < repeats; r++) {
        const quad = await timed(times.lab.quadrature, () => posteriorQuadrature(lab));
        await timed(times.lab.grid, () => truePosterior(lab, quad, size));
        const run = await timed(times.hidden.quadrature, () => hiddenQuadratureFor(params, image, 1, mask));
        try {
          await timed(times.hidden.grid, () =>
            hiddenPicturesFor(params, image, mask, run.results[0], run.encoders[0], size, 16, 17),
          );
        } finally {
          run.dispose();
        }
      }
      return times;
    } finally {
      lab.dispose();
    }
  },

  /** The anomaly panel's scores for the model held as `key` (its shipped file's, or the first `count` of each set). */
  async anomalyScores(key: string, count: number, onUpdate: (update: AnomalyUpdate) => void): Promise<void> {
    await releasing(onUpdate, () =>
      runAnomaly(key, model(key), count, (update) =>
        onUpdate(
          update.stage === 'scores'
            ? Comlink.transfer(update, [
                update.own.buffer as ArrayBuffer,
                update.other.buffer as ArrayBuffer,
                update.noise.buffer as ArrayBuffer,
                update.ownComplexity.buffer as ArrayBuffer,
                update.otherComplexity.buffer as ArrayBuffer,
                update.noiseComplexity.buffer as ArrayBuffer,
              ])
            : update,
        ),
      ),
    );
  },

  /** -log p(x) and L(x) of an image (784 in [0, 1]), its inverse and a noise image, under the model. */
  anomalyMarkers(key: string, image: Float32Array): Promise<AnomalyMarkers> {
    return anomalyMarkers(model(key), image);
  },

  /** AUROC both ways round from the shipped VAEs' score files (modelsBase: the page's models/ URL). */
  anomalyDirections(modelsBase: string): Promise<AnomalyDirection[]> {
    return anomalyDirections(modelsBase);
  },

  cancelAnomaly(): void {
    cancelAnomaly();
  },

  cancelHiddenHalf(): void {
    cancelHidden();
  },

  cancelHiddenHalfSummary(): void {
    cancelHiddenSummary();
  },

  cancelPosteriorSummary(): void {
    cancelSummary();
  },

  /** The best diagonal and full-covariance q for the lab's digit (animated through onUpdate). */
  async bestQ(onUpdate: (update: LabUpdate) => void): Promise<void> {
    await releasing(onUpdate, () => runBestQ(onUpdate));
  },

  /** The lab over `count` test digits (a seeded random subset; all 10,000 in order when count is 10,000). */
  async posteriorSummary(
    key: string,
    count: number,
    iwaeK: number,
    onUpdate: (update: SummaryUpdate) => void,
  ): Promise<void> {
    const { split } = await loadTestSet();
    const { images, indices } = testSubset(split, count, 2027);
    // testSubset gathers the chosen digits: row k of `images` is test digit indices[k].
    const picked = Array.from(indices);
    const rows = picked.map((_, k) => k);
    await releasing(onUpdate, () =>
      runPosteriorSummary(model(key), images, rows, iwaeK, (update) =>
        onUpdate(
          update.stage === 'digit'
            ? { ...update, figures: { ...update.figures, index: picked[update.figures.index] } }
            : update,
        ),
      ),
    );
  },

  /**
   * The holes of a 2-D code plane (lib/holes.ts) from the means of its test codes, [x0, y0, x1, y1, ...]:
   * 6,400 nearest-code queries, some 50 ms, here rather than in a render on the page.
   */
  codeHoles(means: Float32Array, count: number, region: HoleRegion): HoleFigures {
    const xs = new Float32Array(count);
    const ys = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      xs[i] = means[2 * i];
      ys[i] = means[2 * i + 1];
    }
    return codeHoles(xs, ys, count, region);
  },

  /** A K-component GMM (EM, full covariance) on the model's codes of training digits, with its held-out fit. */
  fitGmm(key: string, K: number, seed: number): Promise<GmmResult> {
    return fitCodeGmm(model(key), K, seed);
  },

  /** Held-out log-likelihood and BIC for K = 1..maxK (each point sent as it is done). */
  gmmSweep(key: string, maxK: number, seed: number, onPoint: (point: SweepPoint, done: number) => void) {
    return releasing(onPoint, () => sweepCodeGmm(model(key), maxK, seed, onPoint));
  },

  async sampleGmm(key: string, gmm: Gmm, count: number, seed: number) {
    const out = await sampleCodeGmm(model(key), gmm, count, seed);
    return Comlink.transfer(out, [out.z.buffer, out.images.buffer, out.componentImages.buffer]);
  },

  /** The aggregate posterior of the 10,000 test digits against the prior: figures, and a grid in 2-D. */
  async aggregatePosterior(key: string, seed: number): Promise<AggregateResult> {
    const out = await aggregatePosterior(model(key), await loadTestImages(), seed);
    const buffers = [out.figures.holeDraws.buffer as ArrayBuffer];
    if (out.grid) buffers.push(out.grid.q.buffer as ArrayBuffer, out.grid.prior.buffer as ArrayBuffer);
    return Comlink.transfer(out, buffers);
  },

  /**
   * The reparameterisation panel's measurement: for one image and q = N(mu, diag exp(logVar)), the
   * pathwise and score-function estimates of dELBO/dtheta, `repeats` times at each K.
   */
  async reparamGradients(
    key: string,
    image: Float32Array,
    theta: GaussianTheta,
    Ks: number[],
    repeats: number,
    seed: number,
  ): Promise<GradientEstimates[]> {
    const params = model(key);
    const out: GradientEstimates[] = [];
    for (const K of Ks) out.push(await gradientEstimates(params, image, theta, { K, repeats, seed: seed + K }));
    return out;
  },

  /** The model's reconstruction, KL and -ELBO on 10,000 training digits and on the 10,000 test digits. */
  trainTestFigures(key: string) {
    return trainTestFigures(model(key));
  },

  /** Prior draws, each with the decoder's mean and true samples x ~ p(x|z). */
  async mixtureStrip(key: string, count: number, perZ: number, seed: number) {
    const out = await mixtureStrip(model(key), count, perZ, seed);
    return Comlink.transfer(out, [out.z.buffer, out.means.buffer, out.samples.buffer]);
  },

  memory(): number {
    return tf.memory().numTensors;
  },

  /** Test hook: an uncaught error, as a real crash (out of memory, a bug) would be. */
  debugCrash(): void {
    setTimeout(() => {
      throw new Error('Simulated explorer worker crash');
    });
  },
};

export type ExplorerWorkerApi = typeof api;

Comlink.expose(api);

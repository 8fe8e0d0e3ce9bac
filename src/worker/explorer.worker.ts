import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { INPUT_DIM } from '../model/config';
import { decode, encode } from '../model/forward';
import { disposeParams, paramsFromArrays, paramsToArrays, type ModelArrays, type ModelParams } from '../model/params';
import { activateBackend, type BackendInfo } from './backends';
import { fetchMnistFile } from '../data/fetchMnist';
import { loadMnistTest, sliceImages } from '../data/mnist';
import { dataBaseUrl } from './dataset';
import { modelFromFiles, modelToFiles, type ReadModelFile } from '../model/layersFormat';
import type { ModelMeta } from '../model/meta';

/**
 * The explorer worker: inference only (decode a point, a grid, a path;
 * encode the test set or a drawn digit), on its own thread so that it answers
 * in milliseconds even while the training worker is busy. It holds a copy of
 * each shown model's weights.
 */

const models = new Map<string, ModelParams>();
let testImages: Promise<Float32Array> | null = null;

function model(key: string): ModelParams {
  const params = models.get(key);
  if (!params) throw new Error(`No model "${key}" is loaded in the explorer`);
  return params;
}

function loadTestImages(): Promise<Float32Array> {
  testImages ??= loadMnistTest(fetchMnistFile(dataBaseUrl())).then((test) => sliceImages(test.images, 0, test.count));
  return testImages;
}

export interface Posteriors {
  count: number;
  latentDim: number;
  means: Float32Array;
  logVars: Float32Array | null;
}

async function encodeRows(params: ModelParams, images: Float32Array, count: number): Promise<Posteriors> {
  const d = params.config.latentDim;
  const means = new Float32Array(count * d);
  const logVars = params.config.kind === 'vae' ? new Float32Array(count * d) : null;
  const batch = 2000;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const outs = tf.tidy(() => {
      const x = tf.tensor2d(images.subarray(start * INPUT_DIM, (start + size) * INPUT_DIM), [size, INPUT_DIM]);
      const { zMean, zLogVar } = encode(params, x);
      return zLogVar ? [zMean, zLogVar] : [zMean];
    });
    means.set(await outs[0].data(), start * d);
    if (outs[1] && logVars) logVars.set(await outs[1].data(), start * d);
    tf.dispose(outs);
  }
  return { count, latentDim: d, means, logVars };
}

async function hold(
  key: string,
  loaded: { params: ModelParams; meta: ModelMeta },
): Promise<{ meta: ModelMeta; weights: ModelArrays }> {
  const weights = await paramsToArrays(loaded.params);
  const old = models.get(key);
  models.set(key, loaded.params);
  if (old) disposeParams(old);
  // The page gets its own copy of the weights (to save, export or show elsewhere).
  return { meta: loaded.meta, weights };
}

function transferPosteriors(p: Posteriors): Posteriors {
  const buffers: Transferable[] = [p.means.buffer as ArrayBuffer];
  if (p.logVars) buffers.push(p.logVars.buffer as ArrayBuffer);
  return Comlink.transfer(p, buffers);
}

const api = {
  async init(): Promise<BackendInfo> {
    const info = await activateBackend('wasm');
    void loadTestImages();
    return info;
  },

  /** Replaces the weights held under `key` (a slot, or any id). */
  setModel(key: string, weights: ModelArrays): void {
    const old = models.get(key);
    models.set(key, paramsFromArrays(weights));
    if (old) disposeParams(old);
  },

  /**
   * Moves the model held under `from` to `to`, replacing (and freeing) what
   * `to` held: a model is checked under a staging key and only then takes a
   * slot, so a bad one never displaces the model shown.
   */
  moveModel(from: string, to: string): void {
    const params = model(from);
    const old = models.get(to);
    models.set(to, params);
    models.delete(from);
    if (old && old !== params) disposeParams(old);
  },

  dropModel(key: string): void {
    const old = models.get(key);
    if (old) disposeParams(old);
    models.delete(key);
  },

  /** Posterior means (and log-variances) of the 10,000 test digits under a model. */
  async testPosteriors(key: string): Promise<Posteriors> {
    const images = await loadTestImages();
    return transferPosteriors(await encodeRows(model(key), images, images.length / INPUT_DIM));
  },

  /** Encodes `count` images (pixels in [0, 1], row-major [count, 784]). */
  async encode(key: string, images: Float32Array, count: number): Promise<Posteriors> {
    return transferPosteriors(await encodeRows(model(key), images, count));
  },

  /** Decodes `count` latent points (row-major [count, d]) into Bernoulli-mean images [count, 784]. */
  async decode(key: string, z: Float32Array, count: number): Promise<Float32Array> {
    const params = model(key);
    const out = tf.tidy(() => decode(params, tf.tensor2d(z, [count, params.config.latentDim])));
    const pixels = new Float32Array(await out.data());
    out.dispose();
    return Comlink.transfer(pixels, [pixels.buffer]);
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
    return hold(key, await modelFromFiles(read));
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

  memory(): number {
    return tf.memory().numTensors;
  },
};

export type ExplorerWorkerApi = typeof api;

Comlink.expose(api);

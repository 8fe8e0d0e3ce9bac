import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import { decode, familyOf } from '../../src/model/families';
import { modelFromFiles, modelToFiles, type ModelFiles, type ReadModelFile } from '../../src/model/format/layersModel';
import { disposeParams, initParams, type ModelParams } from '../../src/model/params';
import type { ModelConfig } from '../../src/model/config';
import { metaFor, relativeMaxError, smallConfig } from './helpers';

/**
 * A conv VAE on disk: its files are standard LayersModels with Conv2D / Conv2DTranspose / Reshape /
 * Flatten layers that tfjs-layers itself runs to the same numbers as the app's own forward pass
 * (convOps.ts, a sub-pixel transposed convolution), and a model shaped as the Keras example writes
 * it ([null, 28, 28, 1] in and out, as tensorflowjs_converter keeps it) imports.
 */

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const reader =
  (files: ModelFiles): ReadModelFile =>
  async (path) =>
    files.get(path) ?? null;

const conv = (overrides: Partial<ModelConfig> = {}) =>
  smallConfig({ kind: 'conv-vae', latentDim: 2, convFilters: [4, 6], hidden: [10], seed: 5, ...overrides });

function images(n: number, seed: number): tf.Tensor2D {
  return tf.randomUniform([n, 784], 0, 1, 'float32', seed) as tf.Tensor2D;
}

async function loadLayers(files: ModelFiles, dir: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(new TextDecoder().decode(files.get(`${dir}/model.json`)));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData: files.get(`${dir}/weights.bin`)!.slice().buffer,
    }),
  );
}

/** A tfjs-layers model as model.json + weights.bin under dir, as tensorflowjs_converter writes one. */
async function saveLayers(model: tf.LayersModel, dir: string, files: ModelFiles): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData as ArrayBuffer;
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: 'keras v2.15.0',
        convertedBy: 'TensorFlow.js Converter v4.22.0',
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      files.set(`${dir}/model.json`, new TextEncoder().encode(JSON.stringify(modelJson)));
      files.set(`${dir}/weights.bin`, new Uint8Array(weightData));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

function layerTypes(files: ModelFiles, dir: string): string[] {
  const json = JSON.parse(new TextDecoder().decode(files.get(`${dir}/model.json`)));
  const topology = json.modelTopology.model_config ?? json.modelTopology;
  return topology.config.layers.map((l: { class_name: string }) => l.class_name);
}

function expectSamePosteriors(a: ModelParams, b: ModelParams, x: tf.Tensor2D) {
  const p = familyOf(a).mapPosteriors(a, x);
  const q = familyOf(b).mapPosteriors(b, x);
  expect(relativeMaxError(q.means.dataSync(), p.means.dataSync())).toBeLessThan(1e-5);
  expect(relativeMaxError(q.logVars!.dataSync(), p.logVars!.dataSync())).toBeLessThan(1e-5);
  expect(relativeMaxError(decode(b, p.means).dataSync(), decode(a, p.means).dataSync())).toBeLessThan(1e-5);
}

describe('a conv VAE in the LayersModel format', () => {
  it('writes Conv2D, Flatten, Reshape and Conv2DTranspose layers and reads back the same model', async () => {
    const config = conv();
    const params = initParams(config);
    const files = await modelToFiles(params, metaFor(config));
    expect(layerTypes(files, 'encoder')).toEqual([
      'InputLayer',
      'Reshape',
      'Conv2D',
      'Conv2D',
      'Flatten',
      'Dense',
      'Dense',
      'Dense',
    ]);
    expect(layerTypes(files, 'decoder')).toEqual([
      'InputLayer',
      'Dense',
      'Reshape',
      'Conv2DTranspose',
      'Conv2DTranspose',
      'Conv2DTranspose',
      'Reshape',
    ]);
    const meta = JSON.parse(new TextDecoder().decode(files.get('meta.json')));
    expect(meta.convFilters).toEqual([4, 6]);
    const loaded = await modelFromFiles(reader(files));
    expect(loaded.params.config).toMatchObject({ kind: 'conv-vae', convFilters: [4, 6], hidden: [10] });
    tf.tidy(() => expectSamePosteriors(params, loaded.params, images(3, 1)));
    disposeParams(params);
    disposeParams(loaded.params);
  });

  it.each([[[4, 6]], [[5]]])(
    'filters %j: tfjs-layers runs the saved files to the same mu, log sigma^2 and decodes as the app',
    async (convFilters) => {
      const config = conv({ convFilters, hidden: [9, 7] });
      const params = initParams(config);
      // Move the biases off zero so that every term of the forward pass shows.
      tf.tidy(() => {
        let seed = 30;
        for (const l of [...params.encoder, ...params.heads, ...params.decoder])
          l.bias.assign(tf.randomNormal(l.bias.shape, 0, 0.2, 'float32', seed++));
      });
      const files = await modelToFiles(params, metaFor(config));
      const [encoder, decoder] = [await loadLayers(files, 'encoder'), await loadLayers(files, 'decoder')];
      tf.tidy(() => {
        const x = images(5, 2);
        const [mu, logVar] = encoder.predict(x) as tf.Tensor[];
        const ours = familyOf(params).mapPosteriors(params, x);
        expect(relativeMaxError(ours.means.dataSync(), mu.dataSync())).toBeLessThan(1e-4);
        expect(relativeMaxError(ours.logVars!.dataSync(), logVar.dataSync())).toBeLessThan(1e-4);
        const z = tf.randomNormal([6, 2], 0, 1, 'float32', 3) as tf.Tensor2D;
        const theirs = decoder.predict(z) as tf.Tensor;
        expect(theirs.shape).toEqual([6, 784]);
        expect(relativeMaxError(decode(params, z).dataSync(), theirs.dataSync())).toBeLessThan(1e-4);
      });
      encoder.dispose();
      decoder.dispose();
      disposeParams(params);
    },
  );
});

/** The Keras example's VAE (keras.io/examples/generative/vae), built layer for layer, with the given filters. */
function kerasShaped(filters: [number, number], dense: number, options: { padding?: 'same' | 'valid' } = {}) {
  const padding = options.padding ?? 'same';
  const inputs = tf.input({ shape: [28, 28, 1], name: 'input_1' });
  let h = tf.layers
    .conv2d({ filters: filters[0], kernelSize: 3, activation: 'relu', strides: 2, padding, name: 'conv2d' })
    .apply(inputs) as tf.SymbolicTensor;
  h = tf.layers
    .conv2d({ filters: filters[1], kernelSize: 3, activation: 'relu', strides: 2, padding, name: 'conv2d_1' })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten({ name: 'flatten' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: dense, activation: 'relu', name: 'dense' }).apply(h) as tf.SymbolicTensor;
  const zMean = tf.layers.dense({ units: 2, name: 'z_mean' }).apply(h) as tf.SymbolicTensor;
  const zLogVar = tf.layers.dense({ units: 2, name: 'z_log_var' }).apply(h) as tf.SymbolicTensor;
  const encoder = tf.model({ inputs, outputs: [zMean, zLogVar], name: 'encoder' });
  const latent = tf.input({ shape: [2], name: 'input_2' });
  let g = tf.layers
    .dense({ units: 7 * 7 * filters[1], activation: 'relu', name: 'dense_1' })
    .apply(latent) as tf.SymbolicTensor;
  g = tf.layers.reshape({ targetShape: [7, 7, filters[1]], name: 'reshape' }).apply(g) as tf.SymbolicTensor;
  const t = (f: number, strides: number, activation: 'relu' | 'sigmoid', name: string) =>
    tf.layers.conv2dTranspose({ filters: f, kernelSize: 3, activation, strides, padding: 'same', name });
  g = t(filters[1], 2, 'relu', 'conv2d_transpose').apply(g) as tf.SymbolicTensor;
  g = t(filters[0], 2, 'relu', 'conv2d_transpose_1').apply(g) as tf.SymbolicTensor;
  g = t(1, 1, 'sigmoid', 'conv2d_transpose_2').apply(g) as tf.SymbolicTensor;
  const decoder = tf.model({ inputs: latent, outputs: g, name: 'decoder' });
  return { encoder, decoder };
}

async function kerasFiles(model: { encoder: tf.LayersModel; decoder: tf.LayersModel }, kind = 'conv-vae') {
  const files: ModelFiles = new Map();
  await saveLayers(model.encoder, 'encoder', files);
  await saveLayers(model.decoder, 'decoder', files);
  const meta = { ...metaFor(conv()), kind, hidden: [16] };
  files.set('meta.json', new TextEncoder().encode(JSON.stringify(meta)));
  return files;
}

describe('importing the Keras example converted with tensorflowjs_converter', () => {
  it('reads its [null, 28, 28, 1] input and output, its filters and its dense layer, and runs as Keras does', async () => {
    const keras = kerasShaped([8, 12], 16);
    const files = await kerasFiles(keras);
    const loaded = await modelFromFiles(reader(files));
    expect(loaded.params.config).toMatchObject({ kind: 'conv-vae', convFilters: [8, 12], hidden: [16] });
    tf.tidy(() => {
      const x = images(4, 9);
      const [mu, logVar] = keras.encoder.predict(tf.reshape(x, [4, 28, 28, 1])) as tf.Tensor[];
      const ours = familyOf(loaded.params).mapPosteriors(loaded.params, x);
      expect(relativeMaxError(ours.means.dataSync(), mu.dataSync())).toBeLessThan(1e-4);
      expect(relativeMaxError(ours.logVars!.dataSync(), logVar.dataSync())).toBeLessThan(1e-4);
      const z = tf.randomNormal([3, 2], 0, 1, 'float32', 4) as tf.Tensor2D;
      const theirs = keras.decoder.predict(z) as tf.Tensor;
      expect(relativeMaxError(decode(loaded.params, z).dataSync(), theirs.dataSync())).toBeLessThan(1e-4);
    });
    disposeParams(loaded.params);
  });

  it.each<[string, () => { encoder: tf.LayersModel; decoder: tf.LayersModel }, string, RegExp]>([
    [
      'a conv model whose meta.json says VAE',
      () => kerasShaped([4, 6], 8),
      'vae',
      /encoder\/model\.json: a VAE has no convolutions; meta.json's kind must be conv-vae/,
    ],
    [
      "'valid' padding",
      () => kerasShaped([4, 6], 8, { padding: 'valid' }),
      'conv-vae',
      /encoder\/model\.json: layer "conv2d" must be a square Conv2D with 'same' padding and no dilation/,
    ],
    [
      'a pooling layer',
      () => {
        const inputs = tf.input({ shape: [28, 28, 1] });
        let h = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }).apply(inputs) as tf.SymbolicTensor;
        h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
        h = tf.layers.dense({ units: 8, activation: 'relu' }).apply(h) as tf.SymbolicTensor;
        const heads = ['z_mean', 'z_log_var'].map(
          (name) => tf.layers.dense({ units: 2, name }).apply(h) as tf.SymbolicTensor,
        );
        return { encoder: tf.model({ inputs, outputs: heads }), decoder: kerasShaped([4, 6], 8).decoder };
      },
      'conv-vae',
      /encoder\/model\.json: layer "pool" is MaxPooling2D; only Dense, Conv2D, Conv2DTranspose, Reshape and Flatten layers are supported/,
    ],
    [
      'a decoder whose filters do not mirror the encoder',
      () => ({ encoder: kerasShaped([4, 6], 8).encoder, decoder: kerasShaped([5, 6], 8).decoder }),
      'conv-vae',
      /decoder\/model\.json: decoder layer 3 must be Conv2DTranspose 4 \(3 x 3, stride 2\) taking \[14, 14, 6\]; found "conv2d_transpose_1", Conv2DTranspose 5/,
    ],
  ])('refuses %s, naming the file and the layer', async (_name, build, kind, message) => {
    const files = await kerasFiles(build(), kind);
    await expect(modelFromFiles(reader(files))).rejects.toThrow(message);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { INPUT_DIM, type ModelConfig, type ModelKind } from '../config';
import { familyConfig, familyExtras, familyParts, FamilyFormatError } from './familyFiles';
import { familyInfo } from '../familyInfo';
import { LOADABLE_LATENT_DIM, parseModelMeta, type ModelMeta } from './meta';
import {
  headCount,
  paramsFromArrays,
  paramsToArrays,
  type DenseArrays,
  type ModelArrays,
  type ModelParams,
} from '../params';

/**
 * Models on disk, as standard TensorFlow.js LayersModel files so that
 * tfl.loadLayersModel opens them and a Keras model converted with
 * tensorflowjs_converter can be imported if it has the same shapes:
 *
 *   meta.json
 *   encoder/model.json + encoder/weights.bin   input [null, 784];
 *       outputs [zMean, zLogVar] (VAE, flow VAE), [z] (AE) or [z_e] (VQ-VAE), each [null, latentDim]
 *   decoder/model.json + decoder/weights.bin   input [null, latentDim];
 *       output [null, 784], sigmoid (Bernoulli means)
 *   the family's own parts (familyFiles.ts): a mixture prior or a codebook in
 *   meta.json, a flow's couplings in flow/
 */

export const MODEL_FILES = {
  meta: 'meta.json',
  encoder: 'encoder/model.json',
  decoder: 'decoder/model.json',
} as const;

/** Relative path -> bytes: a model as a set of files. */
export type ModelFiles = Map<string, Uint8Array>;

/** Reads one file of a model by its relative path; null when it does not exist. */
export type ReadModelFile = (path: string) => Promise<Uint8Array | null>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function denseLayer(units: number, activation: 'relu' | 'linear' | 'sigmoid', name: string) {
  return tfl.layers.dense({ units, activation, name });
}

function setDense(model: tfl.LayersModel, name: string, arrays: DenseArrays): void {
  const weights = [tf.tensor2d(arrays.kernel, [arrays.inputs, arrays.units]), tf.tensor1d(arrays.bias)];
  model.getLayer(name).setWeights(weights);
  tf.dispose(weights);
}

/** Builds the encoder and decoder as tfl.LayersModels holding the given weights. */
export function buildLayersModels(arrays: ModelArrays): { encoder: tfl.LayersModel; decoder: tfl.LayersModel } {
  const { config } = arrays;
  const x = tfl.input({ shape: [INPUT_DIM], name: 'x' });
  let h = x;
  config.hidden.forEach((units, i) => {
    h = denseLayer(units, 'relu', `encoder_dense_${i + 1}`).apply(h) as tfl.SymbolicTensor;
  });
  const headSpecs = familyInfo(config.kind).heads;
  const heads = headSpecs.map(
    ({ name, width }) => denseLayer(width(config.latentDim), 'linear', name).apply(h) as tfl.SymbolicTensor,
  );
  const enc = tfl.model({ inputs: x, outputs: heads, name: 'encoder' });
  arrays.encoder.forEach((layer, i) => setDense(enc, `encoder_dense_${i + 1}`, layer));
  arrays.heads.forEach((layer, i) => setDense(enc, headSpecs[i].name, layer));

  const z = tfl.input({ shape: [config.latentDim], name: 'z_in' });
  let g = z;
  arrays.decoder.forEach((layer, i) => {
    const last = i === arrays.decoder.length - 1;
    g = denseLayer(layer.units, last ? 'sigmoid' : 'relu', last ? 'x_mean' : `decoder_dense_${i + 1}`).apply(
      g,
    ) as tfl.SymbolicTensor;
  });
  const dec = tfl.model({ inputs: z, outputs: g, name: 'decoder' });
  arrays.decoder.forEach((layer, i) =>
    setDense(dec, i === arrays.decoder.length - 1 ? 'x_mean' : `decoder_dense_${i + 1}`, layer),
  );
  return { encoder: enc, decoder: dec };
}

/** Serialises one LayersModel as model.json + weights.bin, in the standard tfjs layout. */
async function layersModelFiles(model: tfl.LayersModel, dir: string, files: ModelFiles): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData;
      const weights = Array.isArray(weightData)
        ? new Uint8Array(tf.io.concatenateArrayBuffers(weightData))
        : new Uint8Array(weightData ?? new ArrayBuffer(0));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      files.set(`${dir}/model.json`, encoder.encode(JSON.stringify(modelJson)));
      files.set(`${dir}/weights.bin`, weights);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/** A model as files: meta.json (with the family's parts), encoder/*, decoder/*, and a flow's flow/*. */
export async function modelToFiles(params: ModelParams, meta: ModelMeta): Promise<ModelFiles> {
  const arrays = await paramsToArrays(params);
  const { encoder: enc, decoder: dec } = buildLayersModels(arrays);
  const family = await familyParts(arrays);
  const files: ModelFiles = new Map(family.files);
  try {
    const fullMeta: ModelMeta = { ...meta, ...family.meta };
    files.set(MODEL_FILES.meta, encoder.encode(JSON.stringify(fullMeta, null, 2) + '\n'));
    await layersModelFiles(enc, 'encoder', files);
    await layersModelFiles(dec, 'decoder', files);
  } finally {
    enc.dispose();
    dec.dispose();
  }
  return files;
}

/** A file that stops a model from loading; the message says which file and why. */
export class ModelFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFormatError';
  }
}

function parseJsonFile(bytes: Uint8Array, path: string): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch (err) {
    throw new ModelFormatError(
      `${path} is not valid JSON (${err instanceof Error ? err.message : String(err)}); the file may be truncated`,
    );
  }
}

async function loadLayersModelFrom(read: ReadModelFile, path: string): Promise<tfl.LayersModel> {
  const bytes = await read(path);
  if (!bytes) throw new ModelFormatError(`${path} is missing`);
  const json = parseJsonFile(bytes, path) as Partial<tf.io.ModelJSON>;
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new ModelFormatError(`${path} is not a TensorFlow.js LayersModel (no modelTopology or weightsManifest)`);
  }
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  const artifacts = await tf.io.getModelArtifactsForJSON(json as tf.io.ModelJSON, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      specs.push(...group.weights);
      for (const p of group.paths) {
        const data = await read(dir + p);
        if (!data) throw new ModelFormatError(`weight file ${dir + p} (listed in ${path}) is missing`);
        buffers.push(data.slice().buffer as ArrayBuffer);
      }
    }
    const weightData = tf.io.concatenateArrayBuffers(buffers);
    const expectedBytes = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
    if (weightData.byteLength !== expectedBytes) {
      throw new ModelFormatError(
        `the weights of ${path} are ${weightData.byteLength} bytes, expected ${expectedBytes}; a weight file is truncated or the wrong one`,
      );
    }
    return [specs, weightData];
  });
  try {
    return await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (err) {
    throw new ModelFormatError(`${path} could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Refuses weights that are NaN or infinite, naming the file that holds them: such a model decodes nothing. */
function checkFinite(arrays: ModelArrays): void {
  const groups: Array<[string, Float32Array[]]> = [
    [MODEL_FILES.encoder, [...arrays.encoder, ...arrays.heads].flatMap((l) => [l.kernel, l.bias])],
    [MODEL_FILES.decoder, arrays.decoder.flatMap((l) => [l.kernel, l.bias])],
    ...arrays.extras.map((e): [string, Float32Array[]] => [
      e.name.startsWith('flow/') ? 'flow/weights.bin' : `meta.json (${e.name})`,
      [e.values],
    ]),
  ];
  for (const [file, values] of groups) {
    for (const array of values) {
      const bad = array.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        throw new ModelFormatError(
          `${file}: the weights hold ${Number.isNaN(array[bad]) ? 'NaN' : 'an infinite value'}; such a model cannot decode anything`,
        );
      }
    }
  }
}

interface DenseInfo {
  layer: tfl.layers.Layer;
  activation: string;
  arrays: DenseArrays;
}

function denseInfo(layer: tfl.layers.Layer): DenseInfo {
  const config = layer.getConfig() as { activation?: string };
  const [kernel, bias] = layer.getWeights();
  if (!kernel || kernel.shape.length !== 2 || !bias) {
    throw new ModelFormatError(`layer "${layer.name}" must be a Dense layer with a kernel and a bias`);
  }
  return {
    layer,
    activation: config.activation ?? 'linear',
    arrays: {
      kernel: kernel.dataSync() as Float32Array,
      bias: bias.dataSync() as Float32Array,
      inputs: kernel.shape[0],
      units: kernel.shape[1],
    },
  };
}

function denseLayers(model: tfl.LayersModel, path: string): DenseInfo[] {
  const layers: DenseInfo[] = [];
  for (const layer of model.layers) {
    const type = layer.getClassName();
    if (type === 'InputLayer') continue;
    if (type !== 'Dense')
      throw new ModelFormatError(`${path}: layer "${layer.name}" is ${type}; only Dense layers are supported`);
    layers.push(denseInfo(layer));
  }
  return layers;
}

function shapeText(shape: Array<number | null>): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
}

/** The encoder's trunk and heads, checked against the shapes of the format. */
function readEncoder(model: tfl.LayersModel, kind: ModelKind, latentDim: number) {
  const path = MODEL_FILES.encoder;
  const inputShape = model.inputs[0]?.shape ?? [];
  if (model.inputs.length !== 1 || inputShape.length !== 2 || inputShape[1] !== INPUT_DIM) {
    throw new ModelFormatError(`${path}: input must be [null, 784], found ${shapeText(inputShape)}`);
  }
  if (model.outputs.length !== headCount(kind)) {
    throw new ModelFormatError(`${path}: ${familyInfo(kind).headsInWords}, found ${model.outputs.length}`);
  }
  const declared = familyInfo(kind).heads;
  model.outputs.forEach((out, i) => {
    const width = declared[i].width(latentDim);
    if (out.shape.length !== 2 || out.shape[1] !== width) {
      const want =
        width === latentDim
          ? `outputs must be [null, ${width}] (latentDim)`
          : `output "${declared[i].name}" must be [null, ${width}] (latentDim ${latentDim})`;
      throw new ModelFormatError(`${path}: ${want}, found ${shapeText(out.shape)}`);
    }
  });
  const all = denseLayers(model, path);
  const headLayers = model.outputs.map((out) => out.sourceLayer);
  const heads = headLayers.map((layer) => all.find((d) => d.layer === layer));
  if (heads.some((h) => !h)) throw new ModelFormatError(`${path}: each output must come straight from a Dense layer`);
  const trunk = all.filter((d) => !headLayers.includes(d.layer));
  let width = INPUT_DIM;
  for (const d of trunk) {
    if (d.arrays.inputs !== width || d.activation !== 'relu') {
      throw new ModelFormatError(
        `${path}: hidden layer "${d.layer.name}" must be a ReLU Dense layer taking ${width} inputs`,
      );
    }
    width = d.arrays.units;
  }
  for (const h of heads as DenseInfo[]) {
    if (h.arrays.inputs !== width || h.activation !== 'linear') {
      throw new ModelFormatError(`${path}: output layer "${h.layer.name}" must be linear and take ${width} inputs`);
    }
  }
  return { trunk: trunk.map((d) => d.arrays), heads: (heads as DenseInfo[]).map((d) => d.arrays) };
}

function readDecoder(model: tfl.LayersModel, latentDim: number): DenseArrays[] {
  const path = MODEL_FILES.decoder;
  const inputShape = model.inputs[0]?.shape ?? [];
  if (model.inputs.length !== 1 || inputShape[1] !== latentDim) {
    throw new ModelFormatError(
      `${path}: input must be [null, ${latentDim}] (latentDim), found ${shapeText(inputShape)}`,
    );
  }
  const outputShape = model.outputs[0]?.shape ?? [];
  if (model.outputs.length !== 1 || outputShape[1] !== INPUT_DIM) {
    throw new ModelFormatError(`${path}: output must be [null, 784], found ${shapeText(outputShape)}`);
  }
  const layers = denseLayers(model, path);
  let width = latentDim;
  layers.forEach((d, i) => {
    const last = i === layers.length - 1;
    const activation = last ? 'sigmoid' : 'relu';
    if (d.arrays.inputs !== width || d.activation !== activation) {
      throw new ModelFormatError(
        `${path}: layer "${d.layer.name}" must be a ${activation} Dense layer taking ${width} inputs`,
      );
    }
    width = d.arrays.units;
  });
  return layers.map((d) => d.arrays);
}

export interface LoadedModel {
  params: ModelParams;
  meta: ModelMeta;
}

/**
 * Loads and checks a model from its files. Every failure is a ModelFormatError
 * naming the file and the fault; nothing is kept from a model that fails.
 */
export async function modelFromFiles(read: ReadModelFile): Promise<LoadedModel> {
  const metaBytes = await read(MODEL_FILES.meta);
  if (!metaBytes) throw new ModelFormatError(`${MODEL_FILES.meta} is missing`);
  let meta: ModelMeta;
  try {
    meta = parseModelMeta(decoder.decode(metaBytes), MODEL_FILES.meta);
  } catch (err) {
    throw new ModelFormatError(err instanceof Error ? err.message : String(err));
  }
  const { latentDim, kind } = meta;
  if (latentDim < LOADABLE_LATENT_DIM.min || latentDim > LOADABLE_LATENT_DIM.max) {
    throw new ModelFormatError(
      `latent size ${latentDim} is outside ${LOADABLE_LATENT_DIM.min}-${LOADABLE_LATENT_DIM.max}`,
    );
  }
  const enc = await loadLayersModelFrom(read, MODEL_FILES.encoder);
  let dec: tfl.LayersModel | null = null;
  try {
    dec = await loadLayersModelFrom(read, MODEL_FILES.decoder);
    const { trunk, heads } = readEncoder(enc, kind, latentDim);
    const decoderLayers = readDecoder(dec, latentDim);
    const hidden = trunk.map((l) => l.units);
    const config: ModelConfig = {
      kind,
      latentDim,
      hidden,
      likelihood: meta.likelihood,
      gaussianSigma: meta.gaussianSigma ?? 0.1,
      beta: meta.beta,
      klWarmupSteps: meta.klWarmupSteps ?? 0,
      learningRate: meta.learningRate ?? 1e-3,
      batchSize: meta.batchSize ?? 128,
      seed: meta.seed,
      ...familyConfig(meta),
    };
    const mirrored = decoderLayers.slice(0, -1).map((l) => l.units);
    if (mirrored.join() !== [...hidden].reverse().join()) {
      throw new ModelFormatError(
        `the decoder's hidden sizes (${mirrored.join(', ')}) must mirror the encoder's (${hidden.join(', ')})`,
      );
    }
    let extras;
    try {
      extras = await familyExtras(config, meta, read);
    } catch (err) {
      if (err instanceof FamilyFormatError) throw new ModelFormatError(err.message);
      throw err;
    }
    const arrays: ModelArrays = { config, encoder: trunk, heads, decoder: decoderLayers, extras };
    checkFinite(arrays);
    const params = paramsFromArrays(arrays);
    return { params, meta: { ...meta, hidden } };
  } finally {
    enc.dispose();
    dec?.dispose();
  }
}

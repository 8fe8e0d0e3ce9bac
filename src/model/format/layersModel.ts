import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { INPUT_DIM, type ModelConfig, type ModelKind } from '../config';
import { familyConfig, familyExtras, familyParts, FamilyFormatError } from './familyFiles';
import { familyInfo } from '../familyInfo';
import { LOADABLE_LATENT_DIM, parseModelMeta, type ModelMeta } from './meta';
import { IMAGE_SHAPE, kernelShape, layerName, type LayerSpec } from '../network';
import {
  headCount,
  layerShapes,
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
 *
 * Layers: Dense, and for a conv-vae Conv2D / Conv2DTranspose ('same' padding) with the Reshape and
 * Flatten between them (network.ts). A Keras model's [null, 28, 28, 1] input and output are read too.
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

type LayerActivation = 'relu' | 'linear' | 'sigmoid';

/** The tfjs-layers layer for one layer of the network ('same' padding for the convolutions). */
function layerFor(spec: LayerSpec, activation: LayerActivation, name: string): tfl.layers.Layer {
  if (spec.type === 'dense') return tfl.layers.dense({ units: spec.units, activation, name });
  const conv = { filters: spec.filters, kernelSize: spec.kernel, strides: spec.stride, padding: 'same' as const };
  return spec.type === 'conv2d'
    ? tfl.layers.conv2d({ ...conv, activation, name })
    : tfl.layers.conv2dTranspose({ ...conv, activation, name });
}

/**
 * Runs a symbolic tensor through a network's layers as tfjs-layers, naming each (`<prefix>_dense_1`,
 * `<prefix>_conv_1`, ...; the last `lastName`), with a Reshape before a convolution that follows a
 * flat tensor and a Flatten before a dense layer that follows a feature map. Returns the output
 * and the layer names in order.
 */
function applyLayers(
  input: tfl.SymbolicTensor,
  specs: LayerSpec[],
  prefix: string,
  activationOf: (i: number) => LayerActivation,
  lastName?: string,
): { output: tfl.SymbolicTensor; names: string[] } {
  let h = input;
  const names: string[] = [];
  const counts = { dense: 0, conv2d: 0, conv2dTranspose: 0 };
  const kindName = { dense: 'dense', conv2d: 'conv', conv2dTranspose: 'conv_transpose' };
  specs.forEach((spec, i) => {
    if (spec.type === 'dense' && h.shape.length > 2) {
      h = tfl.layers.flatten({ name: `${prefix}_flatten` }).apply(h) as tfl.SymbolicTensor;
    } else if (spec.type !== 'dense' && h.shape.length === 2) {
      const name = `${prefix}_reshape${i === 0 ? '' : `_${i}`}`;
      h = tfl.layers.reshape({ targetShape: spec.input, name }).apply(h) as tfl.SymbolicTensor;
    }
    counts[spec.type] += 1;
    const name =
      i === specs.length - 1 && lastName ? lastName : `${prefix}_${kindName[spec.type]}_${counts[spec.type]}`;
    names.push(name);
    h = layerFor(spec, activationOf(i), name).apply(h) as tfl.SymbolicTensor;
  });
  return { output: h, names };
}

function setWeights(model: tfl.LayersModel, name: string, spec: LayerSpec, arrays: DenseArrays): void {
  const weights = [tf.tensor(arrays.kernel, kernelShape(spec)), tf.tensor1d(arrays.bias)];
  model.getLayer(name).setWeights(weights);
  tf.dispose(weights);
}

/** Builds the encoder and decoder as tfl.LayersModels holding the given weights. */
export function buildLayersModels(arrays: ModelArrays): { encoder: tfl.LayersModel; decoder: tfl.LayersModel } {
  const { config } = arrays;
  const network = layerShapes(config);
  const x = tfl.input({ shape: [INPUT_DIM], name: 'x' });
  const trunk = applyLayers(x, network.encoder, 'encoder', () => 'relu');
  let h = trunk.output;
  if (h.shape.length > 2) h = tfl.layers.flatten({ name: 'encoder_flatten' }).apply(h) as tfl.SymbolicTensor;
  const headSpecs = familyInfo(config.kind).heads;
  const heads = network.heads.map(
    (spec, i) => layerFor(spec, 'linear', headSpecs[i].name).apply(h) as tfl.SymbolicTensor,
  );
  const enc = tfl.model({ inputs: x, outputs: heads, name: 'encoder' });
  arrays.encoder.forEach((layer, i) => setWeights(enc, trunk.names[i], network.encoder[i], layer));
  arrays.heads.forEach((layer, i) => setWeights(enc, headSpecs[i].name, network.heads[i], layer));

  const z = tfl.input({ shape: [config.latentDim], name: 'z_in' });
  const last = network.decoder.length - 1;
  const imageOut = network.decoder[last].type !== 'dense';
  const dec = applyLayers(
    z,
    network.decoder,
    'decoder',
    (i) => (i === last ? 'sigmoid' : 'relu'),
    imageOut ? 'x_mean_image' : 'x_mean',
  );
  // The format's decoder puts out [null, 784]: a convolutional one's image is flattened at the end.
  const out = imageOut
    ? (tfl.layers.reshape({ targetShape: [INPUT_DIM], name: 'x_mean' }).apply(dec.output) as tfl.SymbolicTensor)
    : dec.output;
  const decModel = tfl.model({ inputs: z, outputs: out, name: 'decoder' });
  arrays.decoder.forEach((layer, i) => setWeights(decModel, dec.names[i], network.decoder[i], layer));
  return { encoder: enc, decoder: decModel };
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

/** A layer with weights as found in a model.json: what it is, its activation and its arrays. */
interface FoundLayer {
  layer: tfl.layers.Layer;
  spec: LayerSpec;
  activation: string;
  arrays: DenseArrays;
}

const SUPPORTED = 'only Dense, Conv2D, Conv2DTranspose, Reshape and Flatten layers are supported';

interface ConvLayerConfig {
  activation?: string;
  kernelSize?: number | number[];
  strides?: number | number[];
  padding?: string;
  dilationRate?: number | number[];
  dataFormat?: string;
}

function square(value: number | number[] | undefined, fallback: number): number | null {
  if (value === undefined) return fallback;
  const [a, b] = Array.isArray(value) ? [value[0], value[1] ?? value[0]] : [value, value];
  return a === b ? a : null;
}

/** The weighted layers of a model.json in order (Reshape and Flatten pass through), or a message naming the one that is not. */
function foundLayers(model: tfl.LayersModel, path: string): FoundLayer[] {
  const found: FoundLayer[] = [];
  for (const layer of model.layers) {
    const type = layer.getClassName();
    if (type === 'InputLayer' || type === 'Reshape' || type === 'Flatten') continue;
    if (type !== 'Dense' && type !== 'Conv2D' && type !== 'Conv2DTranspose') {
      throw new ModelFormatError(`${path}: layer "${layer.name}" is ${type}; ${SUPPORTED}`);
    }
    const config = layer.getConfig() as ConvLayerConfig;
    const [kernel, bias] = layer.getWeights();
    const rank = type === 'Dense' ? 2 : 4;
    if (!kernel || kernel.shape.length !== rank || !bias) {
      throw new ModelFormatError(`${path}: layer "${layer.name}" must be a ${type} layer with a kernel and a bias`);
    }
    let spec: LayerSpec;
    if (type === 'Dense') {
      spec = { type: 'dense', inputs: kernel.shape[0], units: kernel.shape[1] };
    } else {
      const k = square(config.kernelSize, kernel.shape[0]);
      const stride = square(config.strides, 1);
      const dilation = square(config.dilationRate, 1);
      if (k === null || stride === null || dilation !== 1 || config.padding !== 'same') {
        throw new ModelFormatError(
          `${path}: layer "${layer.name}" must be a square ${type} with 'same' padding and no dilation`,
        );
      }
      if (config.dataFormat && config.dataFormat !== 'channelsLast') {
        throw new ModelFormatError(`${path}: layer "${layer.name}" must be channels-last (NHWC)`);
      }
      const inputShape = (layer.input as tfl.SymbolicTensor).shape;
      const input = inputShape.slice(1) as [number, number, number];
      spec =
        type === 'Conv2D'
          ? { type: 'conv2d', input, kernel: k, stride, filters: kernel.shape[3] as number }
          : { type: 'conv2dTranspose', input, kernel: k, stride, filters: kernel.shape[2] as number };
    }
    found.push({
      layer,
      spec,
      activation: config.activation ?? 'linear',
      arrays: {
        kernel: kernel.dataSync() as Float32Array,
        bias: bias.dataSync() as Float32Array,
        inputs: kernel.size / bias.size,
        units: bias.size,
      },
    });
  }
  return found;
}

function shapeText(shape: Array<number | null>): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
}

/** The image or its 784 values: the encoder's input and the decoder's output, flat or as Keras's [28, 28, 1]. */
function isImage(shape: Array<number | null>): boolean {
  const rest = shape.slice(1);
  return rest.join() === String(INPUT_DIM) || rest.join() === IMAGE_SHAPE.join();
}

/** The same layer: its type, kernel shape and, for a convolution, its stride and input. */
function sameLayer(a: LayerSpec, b: LayerSpec): boolean {
  if (a.type !== b.type || kernelShape(a).join() !== kernelShape(b).join()) return false;
  if (a.type === 'dense' || b.type === 'dense') return true;
  return a.stride === b.stride && a.input.join() === b.input.join();
}

/** The encoder's trunk and heads, checked against the shapes of the format. */
function readEncoder(model: tfl.LayersModel, kind: ModelKind, latentDim: number) {
  const path = MODEL_FILES.encoder;
  const inputShape = model.inputs[0]?.shape ?? [];
  if (model.inputs.length !== 1 || !isImage(inputShape)) {
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
  const all = foundLayers(model, path);
  const headLayers = model.outputs.map((out) => out.sourceLayer);
  const heads = headLayers.map((layer) => all.find((d) => d.layer === layer));
  if (heads.some((h) => !h || h.spec.type !== 'dense')) {
    throw new ModelFormatError(`${path}: each output must come straight from a Dense layer`);
  }
  const trunk = all.filter((d) => !headLayers.includes(d.layer));
  for (const d of trunk) {
    if (d.activation !== 'relu') {
      throw new ModelFormatError(`${path}: hidden layer "${d.layer.name}" must be a ReLU layer, found ${d.activation}`);
    }
  }
  for (const h of heads as FoundLayer[]) {
    if (h.activation !== 'linear') {
      throw new ModelFormatError(`${path}: output layer "${h.layer.name}" must be linear, found ${h.activation}`);
    }
  }
  return { trunk, heads: heads as FoundLayer[] };
}

function readDecoder(model: tfl.LayersModel, latentDim: number): FoundLayer[] {
  const path = MODEL_FILES.decoder;
  const inputShape = model.inputs[0]?.shape ?? [];
  if (model.inputs.length !== 1 || inputShape.length !== 2 || inputShape[1] !== latentDim) {
    throw new ModelFormatError(
      `${path}: input must be [null, ${latentDim}] (latentDim), found ${shapeText(inputShape)}`,
    );
  }
  const outputShape = model.outputs[0]?.shape ?? [];
  if (model.outputs.length !== 1 || !isImage(outputShape)) {
    throw new ModelFormatError(`${path}: output must be [null, 784], found ${shapeText(outputShape)}`);
  }
  const layers = foundLayers(model, path);
  layers.forEach((d, i) => {
    const activation = i === layers.length - 1 ? 'sigmoid' : 'relu';
    if (d.activation !== activation) {
      throw new ModelFormatError(`${path}: layer "${d.layer.name}" must be ${activation}, found ${d.activation}`);
    }
  });
  return layers;
}

/**
 * Checks what was found against the network the config describes, layer by layer, naming the first
 * layer that differs and what the format wants there.
 */
function checkNetwork(path: string, found: FoundLayer[], expected: LayerSpec[], part: string): void {
  const n = Math.max(found.length, expected.length);
  for (let i = 0; i < n; i++) {
    const f = found[i];
    const e = expected[i];
    if (f && e && sameLayer(f.spec, e)) continue;
    const want = e
      ? `${layerName(e)} taking ${e.type === 'dense' ? `${e.inputs} inputs` : shapeText(e.input)}`
      : 'nothing more';
    const got = f
      ? `"${f.layer.name}", ${layerName(f.spec)} taking ${f.spec.type === 'dense' ? `${f.spec.inputs} inputs` : shapeText(f.spec.input)}`
      : 'nothing';
    throw new ModelFormatError(`${path}: ${part} layer ${i + 1} must be ${want}; found ${got}`);
  }
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
    const hidden = trunk.filter((l) => l.spec.type === 'dense').map((l) => l.arrays.units);
    const filters = trunk.filter((l) => l.spec.type === 'conv2d').map((l) => l.arrays.units);
    const family = familyConfig(meta);
    if (filters.length > 0 && !familyInfo(kind).network) {
      throw new ModelFormatError(
        `${MODEL_FILES.encoder}: a ${familyInfo(kind).label} has no convolutions; meta.json's kind must be conv-vae`,
      );
    }
    if (hidden.length === 0) {
      throw new ModelFormatError(`${MODEL_FILES.encoder}: the encoder needs a hidden Dense layer before its outputs`);
    }
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
      ...family,
      ...(filters.length > 0 ? { convFilters: filters } : {}),
    };
    const network = layerShapes(config);
    checkNetwork(MODEL_FILES.encoder, trunk, network.encoder, 'hidden');
    checkNetwork(MODEL_FILES.encoder, heads, network.heads, 'output');
    checkNetwork(MODEL_FILES.decoder, decoderLayers, network.decoder, 'decoder');
    let extras;
    try {
      extras = await familyExtras(config, meta, read);
    } catch (err) {
      if (err instanceof FamilyFormatError) throw new ModelFormatError(err.message);
      throw err;
    }
    const arrays: ModelArrays = {
      config,
      encoder: trunk.map((l) => l.arrays),
      heads: heads.map((l) => l.arrays),
      decoder: decoderLayers.map((l) => l.arrays),
      extras,
    };
    checkFinite(arrays);
    const params = paramsFromArrays(arrays);
    return { params, meta: { ...meta, hidden } };
  } finally {
    enc.dispose();
    dec?.dispose();
  }
}

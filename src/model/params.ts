import * as tf from '@tensorflow/tfjs';
import { INPUT_DIM, decoderHidden, type ModelConfig } from './config';
import { createRng } from '../lib/rng';

/** A fully connected layer y = x W + b, W of shape [in, out]. */
export interface DenseParams {
  kernel: tf.Variable<tf.Rank.R2>;
  bias: tf.Variable<tf.Rank.R1>;
}

/**
 * The weights of a VAE or AE. `encoder` is the ReLU trunk; `heads` maps the
 * trunk's output to the code: [zMean, zLogVar] for a VAE, [z] for an AE;
 * `decoder` holds the ReLU layers and, last, the linear output layer whose
 * sigmoid gives the 784 Bernoulli means.
 */
export interface ModelParams {
  config: ModelConfig;
  encoder: DenseParams[];
  heads: DenseParams[];
  decoder: DenseParams[];
}

/** The plain-array form of a layer's weights: what crosses a worker boundary or goes to disk. */
export interface DenseArrays {
  kernel: Float32Array;
  bias: Float32Array;
  inputs: number;
  units: number;
}

export interface ModelArrays {
  config: ModelConfig;
  encoder: DenseArrays[];
  heads: DenseArrays[];
  decoder: DenseArrays[];
}

let instanceCounter = 0;

/** [inputs, units] of every layer, in the order encoder, heads, decoder. */
export function layerShapes(config: ModelConfig): { encoder: number[][]; heads: number[][]; decoder: number[][] } {
  const encoderSizes = [INPUT_DIM, ...config.hidden];
  const encoder = config.hidden.map((units, i) => [encoderSizes[i], units]);
  const trunkOut = encoderSizes[encoderSizes.length - 1];
  const headCount = config.kind === 'vae' ? 2 : 1;
  const heads = Array.from({ length: headCount }, () => [trunkOut, config.latentDim]);
  const decoderSizes = [config.latentDim, ...decoderHidden(config), INPUT_DIM];
  const decoder = decoderSizes.slice(1).map((units, i) => [decoderSizes[i], units]);
  return { encoder, heads, decoder };
}

function makeDense(prefix: string, inputs: number, units: number, kernel: tf.Tensor2D, bias: tf.Tensor1D): DenseParams {
  if (kernel.shape[0] !== inputs || kernel.shape[1] !== units || bias.shape[0] !== units) {
    throw new Error(`${prefix}: expected kernel [${inputs}, ${units}] and bias [${units}]`);
  }
  return {
    kernel: tf.variable(kernel, true, `${prefix}/kernel`),
    bias: tf.variable(bias, true, `${prefix}/bias`),
  };
}

function buildParams(
  config: ModelConfig,
  makeWeights: (group: string, index: number, inputs: number, units: number) => [tf.Tensor2D, tf.Tensor1D],
): ModelParams {
  const shapes = layerShapes(config);
  const prefix = `m${instanceCounter++}`;
  const build = (group: 'encoder' | 'heads' | 'decoder') =>
    shapes[group].map(([inputs, units], i) => {
      const [kernel, bias] = makeWeights(group, i, inputs, units);
      const layer = makeDense(`${prefix}/${group}/${i}`, inputs, units, kernel, bias);
      kernel.dispose();
      bias.dispose();
      return layer;
    });
  return { config, encoder: build('encoder'), heads: build('heads'), decoder: build('decoder') };
}

/**
 * Fresh weights: Glorot-uniform kernels (the Keras default) and zero biases,
 * seeded by config.seed so a run is repeatable.
 */
export function initParams(config: ModelConfig): ModelParams {
  const rng = createRng(config.seed);
  return buildParams(config, (_group, _i, inputs, units) => {
    const limit = Math.sqrt(6 / (inputs + units));
    return [tf.randomUniform([inputs, units], -limit, limit, 'float32', rng.seed()), tf.zeros([units])];
  });
}

export function paramsFromArrays(arrays: ModelArrays): ModelParams {
  return buildParams(arrays.config, (group, i, inputs, units) => {
    const layer = arrays[group as 'encoder' | 'heads' | 'decoder'][i];
    if (!layer || layer.kernel.length !== inputs * units || layer.bias.length !== units) {
      throw new Error(`${group} layer ${i + 1}: expected a ${inputs} x ${units} kernel and ${units} biases`);
    }
    return [tf.tensor2d(layer.kernel, [inputs, units]), tf.tensor1d(layer.bias)];
  });
}

/** Every variable in a fixed order (encoder, heads, decoder; kernel before bias). */
export function allVariables(params: ModelParams): tf.Variable[] {
  return [...params.encoder, ...params.heads, ...params.decoder].flatMap((l) => [l.kernel, l.bias]);
}

export function countParameters(params: ModelParams): number {
  return allVariables(params).reduce((n, v) => n + v.size, 0);
}

async function denseToArrays(layer: DenseParams): Promise<DenseArrays> {
  const [kernel, bias] = await Promise.all([layer.kernel.data(), layer.bias.data()]);
  // Copies: the cpu and WebGL backends may hand out the array they keep for
  // the tensor, and these arrays get transferred (detached) to other threads.
  return {
    kernel: new Float32Array(kernel as Float32Array),
    bias: new Float32Array(bias as Float32Array),
    inputs: layer.kernel.shape[0],
    units: layer.kernel.shape[1],
  };
}

/** A copy of the weights as plain arrays (for snapshots, transfer and saving). */
export async function paramsToArrays(params: ModelParams): Promise<ModelArrays> {
  const group = (layers: DenseParams[]) => Promise.all(layers.map(denseToArrays));
  const [encoder, heads, decoder] = await Promise.all([
    group(params.encoder),
    group(params.heads),
    group(params.decoder),
  ]);
  return { config: { ...params.config, hidden: [...params.config.hidden] }, encoder, heads, decoder };
}

/** Overwrites the weights in place (e.g. restoring the last good weights after a divergence). */
export function assignParams(params: ModelParams, arrays: ModelArrays): void {
  const target = allVariables(params);
  const source = [...arrays.encoder, ...arrays.heads, ...arrays.decoder].flatMap((l) => [l.kernel, l.bias]);
  if (source.length !== target.length) throw new Error('assignParams: the two models have different shapes');
  tf.tidy(() => {
    target.forEach((variable, i) => {
      if (source[i].length !== variable.size) throw new Error('assignParams: the two models have different shapes');
      variable.assign(tf.tensor(source[i], variable.shape));
    });
  });
}

export function disposeParams(params: ModelParams): void {
  for (const v of allVariables(params)) v.dispose();
}

import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig, ModelKind } from './config';
import { extraSpecs } from './extras';
import { familyInfo } from './familyInfo';
import { createRng } from '../lib/rng';
import { weightArrays, type DenseArrays, type ModelArrays } from './arrays';
import { biasSize, kernelShape, networkShape, size, type LayerSpec, type NetworkShape } from './network';

export type { DenseArrays, ExtraArrays, ModelArrays } from './arrays';
export { copyArrays, extraValues, weightArrays } from './arrays';

/** A fully connected layer y = x W + b, W of shape [in, out]. */
export interface DenseParams {
  kernel: tf.Variable<tf.Rank.R2>;
  bias: tf.Variable<tf.Rank.R1>;
}

/** One layer of an encoder or decoder: what it is (network.ts) and its weights, the kernel of kernelShape(spec). */
export interface LayerParams {
  spec: LayerSpec;
  kernel: tf.Variable;
  bias: tf.Variable<tf.Rank.R1>;
}

/**
 * The weights of a model. `encoder` is the ReLU trunk (dense layers, or a
 * conv-vae's convolutions and dense layers); `heads` maps the trunk's output
 * to the code ([zMean, zLogVar] for the Gaussian families, [z] for an AE,
 * [z_e] for a VQ-VAE); `decoder` holds the ReLU layers and, last, the linear
 * output layer whose sigmoid gives the 784 pixel means; `extras` the family's
 * own tensors (see extras.ts), in spec order.
 */
export interface ModelParams {
  config: ModelConfig;
  encoder: LayerParams[];
  heads: DenseParams[];
  decoder: LayerParams[];
  extras: Map<string, tf.Variable>;
}

let instanceCounter = 0;

/** How many linear heads the encoder ends in (the family's declaration: [zMean, zLogVar], or one code). */
export function headCount(kind: ModelKind): number {
  return familyInfo(kind).heads.length;
}

/** Every layer of the model, in the order encoder, heads, decoder (network.ts). */
export function layerShapes(config: ModelConfig): NetworkShape {
  const info = familyInfo(config.kind);
  return networkShape(config, info.network, info.heads);
}

type Group = 'encoder' | 'heads' | 'decoder';

/** A layer's arrays as stored: `inputs` weights for each of its `units` outputs (fan-in; k * k * C for a convolution). */
export function fanIn(spec: LayerSpec): number {
  return size(kernelShape(spec)) / biasSize(spec);
}

function buildParams(
  config: ModelConfig,
  makeWeights: (group: Group, index: number, spec: LayerSpec) => [tf.Tensor, tf.Tensor1D],
  makeExtra: (name: string, shape: number[]) => Float32Array,
): ModelParams {
  const shapes = layerShapes(config);
  const prefix = `m${instanceCounter++}`;
  const build = (group: Group) =>
    (shapes[group] as LayerSpec[]).map((spec, i): LayerParams => {
      const [kernel, bias] = makeWeights(group, i, spec);
      const shape = kernelShape(spec);
      if (kernel.shape.join() !== shape.join() || bias.shape[0] !== biasSize(spec)) {
        throw new Error(`${group} layer ${i + 1}: expected kernel [${shape.join(', ')}] and bias [${biasSize(spec)}]`);
      }
      const layer = {
        spec,
        kernel: tf.variable(kernel, true, `${prefix}/${group}/${i}/kernel`),
        bias: tf.variable(bias, true, `${prefix}/${group}/${i}/bias`),
      };
      kernel.dispose();
      bias.dispose();
      return layer;
    });
  const extras = new Map<string, tf.Variable>();
  for (const spec of extraSpecs(config)) {
    const initial = tf.tensor(makeExtra(spec.name, spec.shape), spec.shape);
    extras.set(spec.name, tf.variable(initial, true, `${prefix}/${spec.name}`));
    initial.dispose();
  }
  // In this order: each layer's initial weights take the next seed of config.seed's stream.
  const encoder = build('encoder');
  const heads = build('heads') as unknown as DenseParams[];
  return { config, encoder, heads, decoder: build('decoder'), extras };
}

/**
 * Fresh weights: Glorot-uniform kernels (the Keras default: fans k * k * in and k * k * out for a
 * convolution) and zero biases, the family's extras from their own initialisers, all seeded by
 * config.seed so a run is repeatable.
 */
export function initParams(config: ModelConfig): ModelParams {
  const rng = createRng(config.seed);
  const specs = new Map(extraSpecs(config).map((s) => [s.name, s]));
  return buildParams(
    config,
    (_group, _i, spec) => {
      const shape = kernelShape(spec);
      const receptive = size(shape.slice(0, -2));
      const limit = Math.sqrt(6 / (receptive * (shape[shape.length - 2] + shape[shape.length - 1])));
      return [tf.randomUniform(shape, -limit, limit, 'float32', rng.seed()), tf.zeros([biasSize(spec)])];
    },
    (name) => specs.get(name)!.init(rng),
  );
}

export function paramsFromArrays(arrays: ModelArrays): ModelParams {
  const extras = new Map(arrays.extras.map((e) => [e.name, e]));
  return buildParams(
    arrays.config,
    (group, i, spec) => {
      const layer = arrays[group][i];
      const [inputs, units] = [fanIn(spec), biasSize(spec)];
      if (!layer || layer.kernel.length !== inputs * units || layer.bias.length !== units) {
        throw new Error(`${group} layer ${i + 1}: expected a ${inputs} x ${units} kernel and ${units} biases`);
      }
      return [tf.tensor(layer.kernel, kernelShape(spec)), tf.tensor1d(layer.bias)];
    },
    (name, shape) => {
      const extra = extras.get(name);
      const expected = shape.reduce((a, b) => a * b, 1);
      if (!extra || extra.values.length !== expected) {
        throw new Error(`${name}: expected ${expected} values of shape [${shape.join(', ')}]`);
      }
      return extra.values;
    },
  );
}

/** Every variable in a fixed order (encoder, heads, decoder, kernel before bias; then the extras). */
export function allVariables(params: ModelParams): tf.Variable[] {
  return [
    ...[...params.encoder, ...params.heads, ...params.decoder].flatMap((l) => [l.kernel, l.bias]),
    ...params.extras.values(),
  ];
}

async function readVariable(v: tf.Variable): Promise<Float32Array> {
  // A copy: the cpu and WebGL backends may hand out the array they keep for
  // the tensor, and these arrays get transferred (detached) to other threads.
  return new Float32Array((await v.data()) as Float32Array);
}

/** A copy of the weights as plain arrays (for snapshots, transfer and saving). */
export async function paramsToArrays(params: ModelParams): Promise<ModelArrays> {
  const group = (layers: Array<DenseParams | LayerParams>) =>
    Promise.all(
      layers.map(async (l): Promise<DenseArrays> => {
        const [kernel, bias] = await Promise.all([readVariable(l.kernel), readVariable(l.bias)]);
        return { kernel, bias, inputs: kernel.length / bias.length, units: bias.length };
      }),
    );
  const [encoder, heads, decoder, extras] = await Promise.all([
    group(params.encoder),
    group(params.heads),
    group(params.decoder),
    Promise.all(
      [...params.extras].map(async ([name, v]) => ({ name, shape: [...v.shape], values: await readVariable(v) })),
    ),
  ]);
  return { config: structuredClone(params.config), encoder, heads, decoder, extras };
}

/** Overwrites the weights in place (e.g. restoring the last good weights after a divergence). */
export function assignParams(params: ModelParams, arrays: ModelArrays): void {
  const target = allVariables(params);
  const source = weightArrays(arrays);
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

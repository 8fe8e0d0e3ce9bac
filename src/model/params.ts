import * as tf from '@tensorflow/tfjs-core';
import { INPUT_DIM, decoderHidden, type ModelConfig, type ModelKind } from './config';
import { extraSpecs } from './extras';
import { familyInfo } from './familyInfo';
import { createRng } from '../lib/rng';
import { weightArrays, type DenseArrays, type ModelArrays } from './arrays';

export type { DenseArrays, ExtraArrays, ModelArrays } from './arrays';
export { copyArrays, extraValues, weightArrays } from './arrays';

/** A fully connected layer y = x W + b, W of shape [in, out]. */
export interface DenseParams {
  kernel: tf.Variable<tf.Rank.R2>;
  bias: tf.Variable<tf.Rank.R1>;
}

/**
 * The weights of a model. `encoder` is the ReLU trunk; `heads` maps the
 * trunk's output to the code ([zMean, zLogVar] for the Gaussian families,
 * [z] for an AE, [z_e] for a VQ-VAE); `decoder` holds the ReLU layers and,
 * last, the linear output layer whose sigmoid gives the 784 pixel means;
 * `extras` the family's own tensors (see extras.ts), in spec order.
 */
export interface ModelParams {
  config: ModelConfig;
  encoder: DenseParams[];
  heads: DenseParams[];
  decoder: DenseParams[];
  extras: Map<string, tf.Variable>;
}

let instanceCounter = 0;

/** How many linear heads the encoder ends in (the family's declaration: [zMean, zLogVar], or one code). */
export function headCount(kind: ModelKind): number {
  return familyInfo(kind).heads.length;
}

/** [inputs, units] of every layer, in the order encoder, heads, decoder. */
export function layerShapes(config: ModelConfig): { encoder: number[][]; heads: number[][]; decoder: number[][] } {
  const encoderSizes = [INPUT_DIM, ...config.hidden];
  const encoder = config.hidden.map((units, i) => [encoderSizes[i], units]);
  const trunkOut = encoderSizes[encoderSizes.length - 1];
  const heads = familyInfo(config.kind).heads.map((head) => [trunkOut, head.width(config.latentDim)]);
  const decoderSizes = [config.latentDim, ...decoderHidden(config), INPUT_DIM];
  const decoder = decoderSizes.slice(1).map((units, i) => [decoderSizes[i], units]);
  return { encoder, heads, decoder };
}

type Group = 'encoder' | 'heads' | 'decoder';

function buildParams(
  config: ModelConfig,
  makeWeights: (group: Group, index: number, inputs: number, units: number) => [tf.Tensor2D, tf.Tensor1D],
  makeExtra: (name: string, shape: number[]) => Float32Array,
): ModelParams {
  const shapes = layerShapes(config);
  const prefix = `m${instanceCounter++}`;
  const build = (group: Group) =>
    shapes[group].map(([inputs, units], i): DenseParams => {
      const [kernel, bias] = makeWeights(group, i, inputs, units);
      if (kernel.shape[0] !== inputs || kernel.shape[1] !== units || bias.shape[0] !== units) {
        throw new Error(`${group} layer ${i + 1}: expected kernel [${inputs}, ${units}] and bias [${units}]`);
      }
      const layer = {
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
  return { config, encoder: build('encoder'), heads: build('heads'), decoder: build('decoder'), extras };
}

/**
 * Fresh weights: Glorot-uniform kernels (the Keras default) and zero biases,
 * the family's extras from their own initialisers, all seeded by config.seed
 * so a run is repeatable.
 */
export function initParams(config: ModelConfig): ModelParams {
  const rng = createRng(config.seed);
  const specs = new Map(extraSpecs(config).map((s) => [s.name, s]));
  return buildParams(
    config,
    (_group, _i, inputs, units) => {
      const limit = Math.sqrt(6 / (inputs + units));
      return [tf.randomUniform([inputs, units], -limit, limit, 'float32', rng.seed()), tf.zeros([units])];
    },
    (name) => specs.get(name)!.init(rng),
  );
}

export function paramsFromArrays(arrays: ModelArrays): ModelParams {
  const extras = new Map(arrays.extras.map((e) => [e.name, e]));
  return buildParams(
    arrays.config,
    (group, i, inputs, units) => {
      const layer = arrays[group][i];
      if (!layer || layer.kernel.length !== inputs * units || layer.bias.length !== units) {
        throw new Error(`${group} layer ${i + 1}: expected a ${inputs} x ${units} kernel and ${units} biases`);
      }
      return [tf.tensor2d(layer.kernel, [inputs, units]), tf.tensor1d(layer.bias)];
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
  const group = (layers: DenseParams[]) =>
    Promise.all(
      layers.map(async (l): Promise<DenseArrays> => {
        const [kernel, bias] = await Promise.all([readVariable(l.kernel), readVariable(l.bias)]);
        return { kernel, bias, inputs: l.kernel.shape[0], units: l.kernel.shape[1] };
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

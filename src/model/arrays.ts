import type { ModelConfig } from './config';

/**
 * A model's weights as plain typed arrays: what crosses a worker boundary,
 * goes to IndexedDB or to disk. No tfjs here, so the page can hold and move
 * weights without loading it.
 */

/**
 * The plain-array form of a layer's weights: what crosses a worker boundary or goes to disk. A dense
 * layer's kernel is the matrix [inputs, units]; a convolution's is its kernel (network.ts kernelShape)
 * in row-major order, `units` its filters and `inputs` the weights of each (k * k * channels).
 */
export interface DenseArrays {
  kernel: Float32Array;
  bias: Float32Array;
  inputs: number;
  units: number;
}

export interface ExtraArrays {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface ModelArrays {
  config: ModelConfig;
  encoder: DenseArrays[];
  heads: DenseArrays[];
  decoder: DenseArrays[];
  extras: ExtraArrays[];
}

const GROUPS = ['encoder', 'heads', 'decoder'] as const;

/** Every typed array of a model's weights, in the order of allVariables (params.ts). */
export function weightArrays(arrays: ModelArrays): Float32Array[] {
  return [
    ...GROUPS.flatMap((g) => arrays[g].flatMap((l) => [l.kernel, l.bias])),
    ...arrays.extras.map((e) => e.values),
  ];
}

/** A deep copy (fresh buffers, e.g. to transfer while keeping the original). */
export function copyArrays(arrays: ModelArrays): ModelArrays {
  const layer = (l: DenseArrays): DenseArrays => ({ ...l, kernel: l.kernel.slice(), bias: l.bias.slice() });
  return {
    config: structuredClone(arrays.config),
    encoder: arrays.encoder.map(layer),
    heads: arrays.heads.map(layer),
    decoder: arrays.decoder.map(layer),
    extras: arrays.extras.map((e) => ({ ...e, shape: [...e.shape], values: e.values.slice() })),
  };
}

/** The extra tensor `name` as a flat array (null when the model has none). */
export function extraValues(arrays: ModelArrays, name: string): Float32Array | null {
  return arrays.extras.find((e) => e.name === name)?.values ?? null;
}

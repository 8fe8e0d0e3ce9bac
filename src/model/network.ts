import { INPUT_DIM, decoderHidden, type ModelConfig } from './config';
import type { HeadSpec } from './families/spec';

/**
 * The shape of a model's networks, layer by layer, without tfjs: what the weights, the forward pass,
 * the file format and the messages are built from. A family's info may declare its own networks
 * (families/conv-vae: convolutions); the default is the MLP 784-hidden-d, mirrored in the decoder.
 * Between a convolution and a dense layer the activations are flattened ((h, w, c) order, as Keras's
 * Flatten does), and reshaped before a convolution that follows a dense layer; the encoder's input is
 * 784 values (an image [28, 28, 1] for a convolution), the decoder's output 784 logits.
 */

export const IMAGE_SHAPE: [number, number, number] = [28, 28, 1];

export interface DenseSpec {
  type: 'dense';
  inputs: number;
  units: number;
}

/** A k x k convolution, 'same' padding, of an input [H, W, C]; its kernel is [k, k, C, filters]. */
export interface Conv2dSpec {
  type: 'conv2d';
  input: [number, number, number];
  kernel: number;
  stride: number;
  filters: number;
}

/** A transposed convolution ('same', the output stride times the input's size); kernel [k, k, filters, C]. */
export interface Conv2dTransposeSpec {
  type: 'conv2dTranspose';
  input: [number, number, number];
  kernel: number;
  stride: number;
  filters: number;
}

export type LayerSpec = DenseSpec | Conv2dSpec | Conv2dTransposeSpec;

/** The encoder's trunk and the decoder, layer by layer (the heads are dense layers on the trunk's output). */
export interface NetworkLayers {
  encoder: LayerSpec[];
  decoder: LayerSpec[];
}

export interface NetworkShape extends NetworkLayers {
  heads: DenseSpec[];
}

/** The kernel's shape: [in, out] for a dense layer, [k, k, in, out] for a convolution, [k, k, out, in] transposed. */
export function kernelShape(spec: LayerSpec): number[] {
  switch (spec.type) {
    case 'dense':
      return [spec.inputs, spec.units];
    case 'conv2d':
      return [spec.kernel, spec.kernel, spec.input[2], spec.filters];
    case 'conv2dTranspose':
      return [spec.kernel, spec.kernel, spec.filters, spec.input[2]];
  }
}

/** Outputs per position (units or filters): the length of the bias. */
export function biasSize(spec: LayerSpec): number {
  return spec.type === 'dense' ? spec.units : spec.filters;
}

/** What one layer puts out per image: [units] or [H, W, filters]. */
export function outputShape(spec: LayerSpec): number[] {
  if (spec.type === 'dense') return [spec.units];
  const [H, W] = spec.input;
  const s = spec.stride;
  return spec.type === 'conv2d' ? [Math.ceil(H / s), Math.ceil(W / s), spec.filters] : [H * s, W * s, spec.filters];
}

/** The values per image of a shape. */
export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The MLP 784-hidden-d and its mirror d-reversed(hidden)-784. */
export function mlpLayers(config: Pick<ModelConfig, 'hidden' | 'latentDim'>): NetworkLayers {
  const dense = (sizes: number[]): DenseSpec[] =>
    sizes.slice(1).map((units, i) => ({ type: 'dense', inputs: sizes[i], units }));
  return {
    encoder: dense([INPUT_DIM, ...config.hidden]),
    decoder: dense([config.latentDim, ...decoderHidden(config), INPUT_DIM]),
  };
}

/** Where convolutions are 3 x 3 with stride 2, as in the Keras VAE example. */
export const CONV_KERNEL = 3;
export const CONV_STRIDE = 2;

/**
 * The convolutional VAE of the Keras example: Conv2D(f1) ... Conv2D(fn) (3 x 3, stride 2, ReLU),
 * Flatten, Dense(hidden) ReLU; the decoder Dense(the last feature map), Reshape, Conv2DTranspose(fn)
 * ... Conv2DTranspose(f1) (3 x 3, stride 2, ReLU), Conv2DTranspose(1) (3 x 3, stride 1) to the logits.
 * The decoder's dense layers mirror the encoder's but for the one beside the flattening (Keras's
 * decoder goes from z to the feature map directly).
 */
export function convLayers(config: Pick<ModelConfig, 'hidden' | 'latentDim' | 'convFilters'>): NetworkLayers {
  const encoder: LayerSpec[] = [];
  let map: [number, number, number] = IMAGE_SHAPE;
  for (const filters of config.convFilters) {
    const spec: Conv2dSpec = { type: 'conv2d', input: map, kernel: CONV_KERNEL, stride: CONV_STRIDE, filters };
    encoder.push(spec);
    map = outputShape(spec) as [number, number, number];
  }
  const features = size(map);
  const denseSizes = [features, ...config.hidden];
  denseSizes.slice(1).forEach((units, i) => encoder.push({ type: 'dense', inputs: denseSizes[i], units }));
  const decoderSizes = [config.latentDim, ...decoderHidden(config).slice(0, -1), features];
  const decoder: LayerSpec[] = decoderSizes
    .slice(1)
    .map((units, i): DenseSpec => ({ type: 'dense', inputs: decoderSizes[i], units }));
  const filters = [...config.convFilters].reverse();
  filters.forEach((f) => {
    const spec: Conv2dTransposeSpec = {
      type: 'conv2dTranspose',
      input: map,
      kernel: CONV_KERNEL,
      stride: CONV_STRIDE,
      filters: f,
    };
    decoder.push(spec);
    map = outputShape(spec) as [number, number, number];
  });
  decoder.push({ type: 'conv2dTranspose', input: map, kernel: CONV_KERNEL, stride: 1, filters: IMAGE_SHAPE[2] });
  return { encoder, decoder };
}

/** Every layer of a model: its networks (the family's, or the MLP) and dense heads of the declared widths on the trunk. */
export function networkShape(
  config: ModelConfig,
  own: ((config: ModelConfig) => NetworkLayers) | undefined,
  heads: readonly HeadSpec[],
): NetworkShape {
  const layers = own?.(config) ?? mlpLayers(config);
  const trunk = layers.encoder[layers.encoder.length - 1];
  const trunkOut = trunk ? size(outputShape(trunk)) : INPUT_DIM;
  return {
    ...layers,
    heads: heads.map((head): DenseSpec => ({ type: 'dense', inputs: trunkOut, units: head.width(config.latentDim) })),
  };
}

/** A layer in words for messages and labels: "Dense 512", "Conv2D 32 (3 x 3, stride 2)". */
export function layerName(spec: LayerSpec): string {
  if (spec.type === 'dense') return `Dense ${spec.units}`;
  const type = spec.type === 'conv2d' ? 'Conv2D' : 'Conv2DTranspose';
  return `${type} ${spec.filters} (${spec.kernel} x ${spec.kernel}, stride ${spec.stride})`;
}

import * as tf from '@tensorflow/tfjs-core';
import type { ModelKind } from '../config';
import type { ModelParams } from '../params';
import { aeFamily } from './ae/family';
import { decoderLogits } from './common';
import { convFamily } from './conv-vae/family';
import { flowFamily } from './flow-vae/family';
import { fullcovFamily } from './fullcov-vae/family';
import type { LatentFamily } from './types';
import { vaeFamily } from './vae/family';
import { vqFamily } from './vq-vae/family';

export type { LatentFamily } from './types';

/**
 * The family registry's tfjs half: each family's loss, evaluation,
 * posterior and files, one folder each (families/<kind>/family.ts beside its
 * info.ts, which familyInfo.ts lists for the code that loads no tfjs).
 */
const FAMILIES: Record<ModelKind, LatentFamily> = {
  vae: vaeFamily,
  ae: aeFamily,
  'vq-vae': vqFamily,
  'flow-vae': flowFamily,
  'fullcov-vae': fullcovFamily,
  'conv-vae': convFamily,
};

export function familyOf(kindOrParams: ModelKind | ModelParams): LatentFamily {
  const kind = typeof kindOrParams === 'string' ? kindOrParams : kindOrParams.config.kind;
  return FAMILIES[kind];
}

/** p(x|z)'s mean image, 784 values in (0, 1) per row of z (a VQ-VAE decodes the code nearest z). */
export function decode(params: ModelParams, z: tf.Tensor2D): tf.Tensor2D {
  return tf.sigmoid(decoderLogits(params, familyOf(params).decoderInput(params, z)));
}

/** Decoder logits at exactly the given z (no snapping to a code): the lab's and the grid's p(x|z). */
export function logitsAt(params: ModelParams, z: tf.Tensor2D): tf.Tensor2D {
  return decoderLogits(params, z);
}

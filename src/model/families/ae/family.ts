import * as tf from '@tensorflow/tfjs-core';
import { FAST_OPS, type LayerOps } from '../../layerOps';
import { aeInfo } from './info';
import type { ModelParams } from '../../params';
import { reconstruction, trunk } from '../common';
import type { LatentFamily } from '../types';

/** The plain autoencoder: a point code z(x), loss -log p(x|z(x)), nothing pulling the codes anywhere. */

/** The encoder's single linear head on the trunk: the AE's code, the VQ-VAE's z_e. */
export function pointCode(params: ModelParams, x: tf.Tensor2D, ops: LayerOps = FAST_OPS): tf.Tensor2D {
  return ops.dense(trunk(params, x, ops), params.heads[0], 'linear');
}

export function noDensity(): never {
  throw new Error('this model has no posterior density: its code is a point');
}

export const aeFamily: LatentFamily = {
  info: aeInfo,

  loss(params, x, { ops }) {
    const recon = tf.mean(reconstruction(params, pointCode(params, x, ops), x, ops)) as tf.Scalar;
    return { loss: recon, metrics: tf.stack([recon, tf.scalar(0), recon, recon]) as tf.Tensor1D };
  },

  evaluateBatch(params, x) {
    return {
      reconstruction: reconstruction(params, pointCode(params, x), x),
      kl: null,
      klPerDimension: null,
      codes: null,
    };
  },

  mapPosteriors: (params, x) => ({ means: pointCode(params, x), logVars: null }),
  sample: noDensity,
  logQ: noDensity,
  decoderInput: (_params, z) => z,
};

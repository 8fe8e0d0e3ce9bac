import type * as tf from '@tensorflow/tfjs-core';
import type { FamilyInfo } from '../familyInfo';
import type { LayerOps } from '../layerOps';
import type { ModelArrays } from '../arrays';
import type { ModelConfig } from '../config';
import type { ModelMeta } from '../format/meta';
import type { ModelParams } from '../params';

/**
 * What every latent family gives the rest of the code. Training, evaluation,
 * importance sampling, the explorer and the posterior lab ask the family;
 * nothing else branches on the kind.
 */

export interface LossOptions {
  /** Weight of the KL term (beta, possibly warmed up); ignored by the families without one. */
  klWeight: number;
  /** Seeds this step's noise. */
  seed: number;
  ops: LayerOps;
}

/** The forward pass of one batch, in nats per image (batch means). */
export interface LossTerms {
  /** What the optimizer minimises. */
  loss: tf.Scalar;
  /** [reconstruction, kl, negElbo, loss]. */
  metrics: tf.Tensor1D;
  /** VQ-VAE: how many images of the batch chose each code, [K]. */
  codeCounts?: tf.Tensor1D;
  /** VQ-VAE with EMA codebook updates: the sum of the z_e that chose each code, [K, latentDim]. */
  codeSums?: tf.Tensor2D;
}

/** Per-image test figures from one posterior draw. */
export interface EvaluationTerms {
  /** -log p(x|z), [B]. */
  reconstruction: tf.Tensor1D;
  /** KL(q(z|x) || p(z)) (exact or a one-sample estimate), [B]; null without a KL term. */
  kl: tf.Tensor1D | null;
  /** The closed-form KL per latent dimension, [B, d], where it exists. */
  klPerDimension: tf.Tensor2D | null;
  /** VQ-VAE: the code each image chose, [B] int32. */
  codes: tf.Tensor1D | null;
}

/** What the latent map plots per digit. */
export interface MapPosteriors {
  /** A point per image [B, d]: the posterior mean, the code, z_e, or the flow's image of the base mean. */
  means: tf.Tensor2D;
  /** log sigma^2 [B, d] where the posterior is a diagonal Gaussian (drawn as axis-aligned ellipses); else null. */
  logVars: tf.Tensor2D | null;
  /**
   * A full-covariance posterior's Sigma [B, d(d + 1)/2], its lower triangle packed row by row ((i, j) at
   * i(i + 1)/2 + j), drawn as tilted ellipses; absent where the posterior is diagonal (logVars says all).
   */
  covariances?: tf.Tensor2D;
}

/** K draws z ~ q(z|x) per image, rows ordered [K][B], with log q(z|x) of each. */
export interface PosteriorSamples {
  z: tf.Tensor2D;
  logQ: tf.Tensor1D;
}

export interface LatentFamily {
  /** Name, posterior shape, figures: the part the page reads too (familyInfo.ts, no tfjs). */
  readonly info: FamilyInfo;
  loss(params: ModelParams, x: tf.Tensor2D, options: LossOptions): LossTerms;
  evaluateBatch(params: ModelParams, x: tf.Tensor2D, seed: number): EvaluationTerms;
  mapPosteriors(params: ModelParams, x: tf.Tensor2D): MapPosteriors;
  /** z ~ q(z|x), K per image (families with a density only). */
  sample(params: ModelParams, x: tf.Tensor2D, K: number, seed: number): PosteriorSamples;
  /** log q(z|x) at each row of z, for the single image x [1, 784] (families with a density only). */
  logQ(params: ModelParams, x: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor1D;
  /** What the decoder is fed for a point of the plotted latent space (a VQ-VAE snaps it to its code). */
  decoderInput(params: ModelParams, z: tf.Tensor2D): tf.Tensor2D;
  /** Work a family does between steps (a VQ-VAE restarts its dead codes). */
  trainingHook?(params: ModelParams): TrainingHook;
  /** Where its extra tensors live on disk beyond the prior's (familyFiles.ts), for a family with any. */
  files?: FamilyFiles;
}

/** Reads one file of a model by its relative path; null when it does not exist. */
export type ReadFile = (path: string) => Promise<Uint8Array | null>;

export interface FamilyFiles {
  /** The files beside meta.json that hold the family's tensors (a flow's flow/weights.*), by relative path. */
  write(arrays: ModelArrays): Promise<Map<string, Uint8Array>>;
  /** Its extra tensors by name, from meta.json and those files (missing parts: FamilyFormatError). */
  read(config: ModelConfig, meta: ModelMeta, read: ReadFile): Promise<Map<string, ArrayLike<number>>>;
}

export interface TrainingHook {
  /** After step `step` (0-based) on batch x, with that step's loss terms. */
  afterStep(x: tf.Tensor2D, terms: LossTerms, step: number): void;
  stats(): Record<string, number>;
  dispose(): void;
}

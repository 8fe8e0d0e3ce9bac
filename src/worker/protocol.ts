/**
 * The types that cross the boundary between the page and the training
 * worker: plain objects and typed arrays only, never tensors.
 */
import type { ModelConfig } from '../model/config';
import type { ModelArrays } from '../model/params';
import type { BackendInfo, BackendName } from './backends';

/** The two models of a comparison: a VAE (any beta) and a plain AE of the same shape. */
export type ModelSlot = 'vae' | 'ae';
export const MODEL_SLOTS: readonly ModelSlot[] = ['vae', 'ae'];

export interface RunSettings {
  /** The models to train; null leaves that slot out. */
  models: Record<ModelSlot, ModelConfig | null>;
  epochs: number;
  /** Test images used for the per-epoch metrics (the first N of the 10,000). */
  evalCount: number;
  /** K of the importance-sampled -log p(x), and how many test images it runs on. */
  iwaeK: number;
  iwaeCount: number;
  /** Test digits in the live latent snapshots, and their rate limit. */
  snapshotCount: number;
  snapshotsPerSecond: number;
  /** Steps between reads of the training loss (each read is a GPU sync on WebGL). */
  metricsEvery: number;
  /** Test-set evaluations per epoch (1: at each epoch's end; more for a finer test curve). */
  evalsPerEpoch: number;
  /** Learning-rate schedule over the whole run (null: constant). */
  schedule: { holdFraction: number; finalFactor: number } | null;
}

export const DEFAULT_RUN_SETTINGS: Omit<RunSettings, 'models'> = {
  epochs: 5,
  evalCount: 10_000,
  iwaeK: 100,
  iwaeCount: 500,
  snapshotCount: 2_000,
  snapshotsPerSecond: 4,
  metricsEvery: 10,
  evalsPerEpoch: 1,
  schedule: null,
};

export type SessionState = 'ready' | 'training' | 'paused' | 'done' | 'diverged';

/** Batch means in nats per image at one step. */
export interface StepPoint {
  step: number;
  /** Fractional epoch, for the x axis. */
  epoch: number;
  reconstruction: number;
  kl: number;
  negElbo: number;
  loss: number;
}

/** Test-set figures at the end of an epoch (nats per image). */
export interface EpochPoint {
  epoch: number;
  reconstruction: number;
  kl: number | null;
  negElbo: number | null;
  klPerDimension: number[] | null;
  /** Importance-sampled -log p(x) on `iwaeCount` test images, with its -ELBO on the same images. */
  iwae: { negLogLikelihood: number; negElbo: number; gap: number; K: number; count: number } | null;
}

/** Posterior means (and log-variances for a VAE) of the first `count` test digits, row-major [count, d]. */
export interface LatentSnapshot {
  slot: ModelSlot;
  step: number;
  count: number;
  latentDim: number;
  means: Float32Array;
  logVars: Float32Array | null;
}

export interface Progress {
  epoch: number;
  epochs: number;
  /** Fraction of the current epoch done, 0-1 (over all trained models). */
  epochFraction: number;
  /** Fraction of the whole run done, 0-1. */
  overallFraction: number;
  samplesPerSec: number;
  etaSec: number | null;
  steps: Record<ModelSlot, number>;
}

export type TrainingEvent =
  | { type: 'state'; state: SessionState; message?: string }
  | { type: 'progress'; progress: Progress }
  | { type: 'steps'; slot: ModelSlot; points: StepPoint[] }
  | { type: 'epoch'; slot: ModelSlot; point: EpochPoint }
  | { type: 'snapshot'; snapshot: LatentSnapshot }
  | { type: 'weights'; slot: ModelSlot; step: number; weights: ModelArrays }
  | { type: 'memory'; numTensors: number; numBytes: number }
  | { type: 'failure'; reason: 'webgl-context-lost'; message: string };

export interface BackendTiming {
  backend: BackendName;
  samplesPerSec: number | null;
  error?: string;
}

export interface AutoBackendResult {
  chosen: BackendInfo;
  timings: BackendTiming[];
}

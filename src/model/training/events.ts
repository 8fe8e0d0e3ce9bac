/**
 * What a training run of one model is told (its plan) and what it reports
 * (its events): plain objects and typed arrays only, so they cross worker
 * boundaries as they are. Shared by the training session, the workers, the
 * page, the scripts and the benchmark.
 */
import type { ModelArrays } from '../params';

/** How a run goes, apart from the model's own config. */
export interface RunPlan {
  epochs: number;
  /** Test digits for the test-set figures: a seeded random subset of the 10,000 (all when 10,000). */
  evalCount: number;
  /** K of the importance-sampled -log p(x), and how many test digits (a seeded random subset) it runs on; 0: none. */
  iwaeK: number;
  iwaeCount: number;
  /** Test-set evaluations per epoch (1: at each epoch's end; more for a finer test curve). */
  evalsPerEpoch: number;
  /** Evaluate at the end of every this many epochs (the shipped models' long runs use 10). */
  evalEveryEpochs: number;
  /** Steps between reads of the training loss (each read is a GPU sync on WebGL). */
  metricsEvery: number;
  /** Learning-rate schedule over the whole run (null: constant). */
  schedule: { holdFraction: number; finalFactor: number } | null;
  /** Live latent snapshots (test digits, and a rate limit) and weights for the page; off in scripts. */
  publish: { snapshotCount: number; snapshotsPerSecond: number } | null;
}

export const DEFAULT_RUN_PLAN: RunPlan = {
  epochs: 5,
  evalCount: 10_000,
  iwaeK: 100,
  iwaeCount: 500,
  evalsPerEpoch: 1,
  evalEveryEpochs: 1,
  metricsEvery: 10,
  schedule: null,
  publish: { snapshotCount: 2_000, snapshotsPerSecond: 4 },
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

/** Test-set figures at a (possibly fractional) epoch, nats per image. */
export interface EpochPoint {
  epoch: number;
  /** The training step of the weights evaluated. */
  step: number;
  reconstruction: number;
  kl: number | null;
  /** 'sampled': the one-sample estimate log q(z|x) - log p(z) (no closed form); 'log-k': a VQ-VAE's log K. */
  klMethod: 'closed-form' | 'sampled' | 'log-k' | null;
  negElbo: number | null;
  klPerDimension: number[] | null;
  codeUsage: number[] | null;
  /** Test digits the figures above were measured on. */
  count: number;
  /** Importance-sampled -log p(x) on its own (random) subset of `count` test digits, with -ELBO on the same digits. */
  iwae: { negLogLikelihood: number; negElbo: number; gap: number; K: number; count: number } | null;
}

/** What the map plots of the first `count` test digits under the model, row-major [count, d]. */
export interface LatentSnapshot {
  step: number;
  count: number;
  latentDim: number;
  means: Float32Array;
  logVars: Float32Array | null;
  /** Full-covariance posteriors' Sigma, packed [count, d(d + 1)/2]. */
  covariances?: Float32Array;
}

export interface Progress {
  epoch: number;
  epochs: number;
  /** Fraction of the current epoch done, 0-1. */
  epochFraction: number;
  /** Fraction of the whole run done, 0-1. */
  overallFraction: number;
  samplesPerSec: number;
  etaSec: number | null;
  step: number;
}

/**
 * Why a run diverged, in numbers: the page words it in its own language
 * (the session's English `message` stays for the scripts and the tests).
 */
export interface Divergence {
  /** The step whose loss blew up. */
  step: number;
  /** That loss (NaN, ±Infinity or a huge number of nats). */
  loss: number;
  learningRate: number;
  /** The step of the last good weights, now restored. */
  restoredStep: number;
  /** A learning rate to try instead (a tenth, two significant digits). */
  suggestedLearningRate: number;
}

export type TrainingEvent =
  | { type: 'state'; state: SessionState; message?: string; divergence?: Divergence }
  | { type: 'progress'; progress: Progress }
  | { type: 'steps'; points: StepPoint[] }
  | { type: 'epoch'; point: EpochPoint }
  | { type: 'snapshot'; snapshot: LatentSnapshot }
  | {
      type: 'weights';
      step: number;
      weights: ModelArrays;
      /** A second copy made off the page's thread (by the training worker), for the explorer worker to take. */
      spare?: ModelArrays;
    }
  | { type: 'memory'; numTensors: number; numBytes: number }
  | { type: 'failure'; reason: 'webgl-context-lost'; message: string };

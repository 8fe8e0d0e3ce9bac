import * as tf from '@tensorflow/tfjs';
import { klWeightAt } from './config';
import { decodeLogits, encode, reparameterize } from './forward';
import { Adam, type AdamState } from './adam';
import { lossAndGradients } from './gradients';
import { klToStandardNormal, reconstructionNats } from './losses';
import { allVariables, assignParams, paramsToArrays, type ModelArrays, type ModelParams } from './params';
import { createRng, type Rng } from '../lib/rng';

/** Batch means in nats per image, in this order. */
export const STEP_METRICS = ['reconstruction', 'kl', 'negElbo', 'loss'] as const;
export type StepMetricName = (typeof STEP_METRICS)[number];

/**
 * 'fast': the hand-written backward pass of gradients.ts (the default everywhere).
 * 'naive': plain optimizer.minimize over the same forward pass, kept as the
 * reference the benchmark and the gradient tests compare against.
 */
export type GradientMode = 'fast' | 'naive';

export interface Trainer {
  readonly params: ModelParams;
  /** Steps taken so far (drives KL warm-up). */
  readonly stepCount: number;
  /**
   * One Adam step on a batch x [B, 784] of pixels in [0, 1]. Returns the
   * batch's metrics [reconstruction, kl, negElbo, loss] as a tensor the caller
   * reads when it wants (no GPU readback here) and disposes.
   */
  step(x: tf.Tensor2D): tf.Tensor1D;
  /** The same step without computing the metrics (saves a softplus pass over the logits). */
  stepWithoutMetrics(x: tf.Tensor2D): void;
  setLearningRate(learningRate: number): void;
  /** A device-side copy of weights, optimizer state and step count (no readback). */
  checkpoint(): TrainerCheckpoint;
  /** Puts a checkpoint's weights and optimizer state back; the checkpoint stays valid. */
  restore(checkpoint: TrainerCheckpoint): void;
  /** Weights and optimizer state as plain arrays (to move to another backend or worker). */
  exportState(): Promise<TrainerState>;
  /** Loads exportState() output into this trainer (same shapes). */
  importState(state: TrainerState): void;
  dispose(): void;
}

export interface TrainerCheckpoint {
  readonly stepCount: number;
  dispose(): void;
}

export interface TrainerState {
  weights: ModelArrays;
  optimizer: AdamState;
  stepCount: number;
}

interface CheckpointData extends TrainerCheckpoint {
  weights: tf.Tensor[];
  optimizer: { step: number; moments: tf.Tensor[] };
}

/** Noise for one step: eps ~ N(0, I) of shape [B, d], from the trainer's own seeded stream. */
function drawNoise(params: ModelParams, batch: number, rng: Rng): tf.Tensor2D | null {
  if (params.config.kind !== 'vae') return null;
  return tf.randomNormal([batch, params.config.latentDim], 0, 1, 'float32', rng.seed());
}

/** The loss as the naive reference computes it, through tfjs autodiff. */
export function naiveLoss(
  params: ModelParams,
  x: tf.Tensor2D,
  eps: tf.Tensor2D | null,
  klWeight: number,
): { loss: tf.Scalar; metrics: tf.Tensor1D } {
  const { zMean, zLogVar } = encode(params, x);
  const z = zLogVar && eps ? reparameterize(zMean, zLogVar, eps) : zMean;
  const recon = tf.mean(reconstructionNats(params.config, decodeLogits(params, z), x));
  const kl = zLogVar ? tf.mean(klToStandardNormal(zMean, zLogVar)) : tf.scalar(0);
  const loss = tf.add(recon, tf.mul(kl, klWeight)) as tf.Scalar;
  return { loss, metrics: tf.stack([recon, kl, tf.add(recon, kl), loss]) as tf.Tensor1D };
}

/** tfjs's Adam, with the learning rate adjustable between steps (for schedules and the UI). */
class AdjustableAdam extends tf.AdamOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }
}

export function createTrainer(params: ModelParams, mode: GradientMode = 'fast'): Trainer {
  const config = params.config;
  // The reference path uses tfjs's own Adam; the fast path the fused one (same arithmetic).
  const naiveOptimizer = new AdjustableAdam(config.learningRate, 0.9, 0.999);
  const fastOptimizer = new Adam(config.learningRate, 0.9, 0.999);
  // The noise stream is seeded apart from weight init and data order.
  const rng = createRng(config.seed ^ 0x5eed);
  const variables = allVariables(params);
  let stepCount = 0;

  const fastStep = (x: tf.Tensor2D, klWeight: number, withMetrics: boolean): tf.Tensor1D | null => {
    let metrics: tf.Tensor1D | null = null;
    tf.tidy(() => {
      const eps = drawNoise(params, x.shape[0], rng);
      const out = lossAndGradients(params, x, eps, klWeight, withMetrics);
      fastOptimizer.applyGradients(variables, out.grads);
      if (out.metrics) metrics = tf.keep(out.metrics);
    });
    return metrics;
  };

  const naiveStep = (x: tf.Tensor2D, klWeight: number) =>
    tf.tidy(() => {
      const eps = drawNoise(params, x.shape[0], rng);
      const captured: { metrics?: tf.Tensor1D } = {};
      naiveOptimizer.minimize(
        () => {
          const out = naiveLoss(params, x, eps, klWeight);
          captured.metrics = tf.keep(out.metrics);
          return out.loss;
        },
        false,
        variables,
      );
      if (!captured.metrics) throw new Error('naive step: the loss function did not run');
      return captured.metrics;
    });

  return {
    params,
    get stepCount() {
      return stepCount;
    },
    step(x) {
      const klWeight = klWeightAt(config, stepCount++);
      const metrics = mode === 'fast' ? fastStep(x, klWeight, true) : naiveStep(x, klWeight);
      if (!metrics) throw new Error('training step returned no metrics');
      return metrics;
    },
    stepWithoutMetrics(x) {
      const klWeight = klWeightAt(config, stepCount++);
      if (mode === 'fast') fastStep(x, klWeight, false);
      else naiveStep(x, klWeight).dispose();
    },
    checkpoint(): CheckpointData {
      const weights = variables.map((v) => v.clone());
      const optimizer = fastOptimizer.cloneState();
      return {
        stepCount,
        weights,
        optimizer,
        dispose: () => tf.dispose([...weights, ...optimizer.moments]),
      };
    },
    restore(checkpoint) {
      const data = checkpoint as CheckpointData;
      variables.forEach((v, i) => v.assign(data.weights[i]));
      fastOptimizer.restoreState(data.optimizer);
      stepCount = data.stepCount;
    },
    async exportState() {
      return { weights: await paramsToArrays(params), optimizer: await fastOptimizer.getState(), stepCount };
    },
    importState(state) {
      assignParams(params, state.weights);
      fastOptimizer.setState(state.optimizer);
      stepCount = state.stepCount;
    },
    setLearningRate(learningRate) {
      naiveOptimizer.setLearningRate(learningRate);
      fastOptimizer.learningRate = learningRate;
    },
    dispose() {
      naiveOptimizer.dispose();
      fastOptimizer.dispose();
    },
  };
}

import * as tf from '@tensorflow/tfjs-core';
import { klWeightAt } from '../familyInfo';
import { Adam, type AdamState } from './adam';
import { familyOf } from '../families';
import type { LossTerms } from '../families/types';
import { layerOps, type GradientPath } from '../layerOps';
import { allVariables, assignParams, paramsToArrays, type ModelArrays, type ModelParams } from '../params';
import { createRng } from '../../lib/rng';

/** Batch means in nats per image, in this order. */
export const STEP_METRICS = ['reconstruction', 'kl', 'negElbo', 'loss'] as const;
/**
 * 'fast': the family's loss through the fast layer ops (layerOps.ts), tfjs
 * autodiff, Adam from adam.ts: the one training path of the page and the scripts.
 * 'naive': the same loss from stock tfjs ops through plain
 * optimizer.minimize with tf.train.adam: only the oracle the benchmark and
 * the tests compare against (the same update, computed independently).
 *
 * One optimizer, adam.ts, and not tf.train.adam: the two ran within the
 * noise of each other (1,507 against 1,473 samples/s, 1.02x; 1.06x in a
 * second run, Node wasm), so speed decides nothing; adam.ts owns its moments
 * as plain tensors, which is what the divergence rollback's synchronous
 * checkpoints, a run's move to another backend or worker, and a saved run's
 * resume read and write, and it is where a one-pass Adam kernel plugs in.
 */
export type GradientMode = 'fast' | 'naive';

const PATHS: Record<GradientMode, GradientPath> = { fast: 'fast', naive: 'plain' };

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
  /** The same step when nobody will read the metrics. */
  stepWithoutMetrics(x: tf.Tensor2D): void;
  setLearningRate(learningRate: number): void;
  /** A device-side copy of weights, optimizer state and step count (no readback). */
  checkpoint(): TrainerCheckpoint;
  /** Puts a checkpoint's weights and optimizer state back; the checkpoint stays valid. */
  restore(checkpoint: TrainerCheckpoint): void;
  /** Fresh optimizer moments (after a restart from weights whose moments were lost). */
  resetOptimizer(): void;
  /** Weights and optimizer state as plain arrays (to move to another backend or worker). */
  exportState(): Promise<TrainerState>;
  /** Loads exportState() output into this trainer (same shapes). */
  importState(state: TrainerState): void;
  /** The family's own counters (a VQ-VAE's restarted codes). */
  familyStats(): Record<string, number>;
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

/** tfjs's Adam, with the learning rate adjustable between steps (for schedules and the UI). */
class AdjustableAdam extends tf.AdamOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }
}

/**
 * The one training step of every family: forward through the family's
 * loss, gradients by tfjs autodiff, an Adam update, then the family's own
 * between-step work. Checkpoints carry the fused Adam's state.
 */
export function createTrainer(params: ModelParams, mode: GradientMode = 'fast'): Trainer {
  const config = params.config;
  const family = familyOf(params);
  const ops = layerOps(PATHS[mode]);
  const tfjsAdam = new AdjustableAdam(config.learningRate, 0.9, 0.999);
  const fusedAdam = new Adam(config.learningRate, 0.9, 0.999);
  const hook = family.trainingHook?.(params) ?? null;
  // Each step's noise seed comes from the run's seed and the step number alone (apart from weight init and
  // data order): a run moved to another backend or worker mid-way draws the noise it would have drawn.
  const noiseSeed = (step: number) => createRng((Math.imul(config.seed ^ 0x5eed, 0x9e3779b1) + step) >>> 0).seed();
  const variables = allVariables(params);
  let stepCount = 0;

  const runStep = (x: tf.Tensor2D, withMetrics: boolean): tf.Tensor1D | null => {
    const klWeight = klWeightAt(config, stepCount);
    const seed = noiseSeed(stepCount);
    let kept: Pick<LossTerms, 'metrics' | 'codeCounts' | 'codeSums'> | null = null;
    const lossFn = (): tf.Scalar => {
      const terms: LossTerms = family.loss(params, x, { klWeight, seed, ops });
      // The forward pass's tensors are freed before the backward pass; keep what is read afterwards.
      kept = {
        metrics: tf.keep(terms.metrics),
        codeCounts: terms.codeCounts && tf.keep(terms.codeCounts),
        codeSums: terms.codeSums && tf.keep(terms.codeSums),
      };
      return terms.loss;
    };
    tf.tidy(() => {
      if (mode === 'naive') {
        tfjsAdam.minimize(lossFn, false, variables);
      } else {
        const { grads } = tf.variableGrads(lossFn, variables);
        fusedAdam.applyGradients(
          variables,
          variables.map((v) => grads[v.name] ?? null),
        );
      }
    });
    if (!kept) throw new Error('training step: the loss function did not run');
    const { metrics, codeCounts, codeSums } = kept as Pick<LossTerms, 'metrics' | 'codeCounts' | 'codeSums'>;
    if (hook) tf.tidy(() => hook.afterStep(x, { loss: tf.scalar(0), metrics, codeCounts, codeSums }, stepCount));
    codeCounts?.dispose();
    codeSums?.dispose();
    stepCount++;
    if (withMetrics) return metrics;
    metrics.dispose();
    return null;
  };

  return {
    params,
    get stepCount() {
      return stepCount;
    },
    step(x) {
      return runStep(x, true)!;
    },
    stepWithoutMetrics(x) {
      runStep(x, false);
    },
    checkpoint(): CheckpointData {
      const weights = variables.map((v) => v.clone());
      const optimizer = fusedAdam.cloneState();
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
      fusedAdam.restoreState(data.optimizer);
      stepCount = data.stepCount;
    },
    resetOptimizer() {
      fusedAdam.restoreState({ step: 0, moments: [] });
    },
    async exportState() {
      return { weights: await paramsToArrays(params), optimizer: await fusedAdam.getState(), stepCount };
    },
    importState(state) {
      assignParams(params, state.weights);
      fusedAdam.setState(state.optimizer);
      stepCount = state.stepCount;
    },
    setLearningRate(learningRate) {
      tfjsAdam.setLearningRate(learningRate);
      fusedAdam.learningRate = learningRate;
    },
    familyStats: () => hook?.stats() ?? {},
    dispose() {
      tfjsAdam.dispose();
      fusedAdam.dispose();
      hook?.dispose();
    },
  };
}

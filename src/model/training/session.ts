import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config';
import { estimateNegLogLikelihood, evaluate } from '../evaluate';
import { familyOf } from '../families';
import {
  allVariables,
  assignParams,
  disposeParams,
  initParams,
  paramsToArrays,
  type ModelArrays,
  type ModelParams,
} from '../params';
import { encodePosteriors } from '../format/posteriorsFile';
import { learningRateAt } from './schedule';
import { createTrainer, type GradientMode, type Trainer, type TrainerCheckpoint, type TrainerState } from './trainer';
import { BatchStream, testSubset } from './batches';
import type { Divergence, EpochPoint, Progress, RunPlan, SessionState, StepPoint, TrainingEvent } from './events';
import { sliceImages, type MnistData } from '../../data/mnist';
import { yieldToEventLoop } from '../../lib/yieldToEventLoop';

/**
 * The one training loop: a run of one model over MNIST, batch after batch
 * (order -> batch -> step -> metrics -> snapshot), with pause/resume/step,
 * divergence rollback and the events the page draws. Pure tfjs + data: the
 * training worker hosts it for the page, scripts/train-models.ts trains the
 * shipped models with it, the benchmark and the backend choice time it, and
 * the unit tests run it in Node.
 */

/** A loss this many times the run's first loss (or larger than any loss it had) is a divergence. */
const DIVERGENCE_FACTOR = 1000;
const FLUSH_INTERVAL_MS = 250;
const WEIGHTS_INTERVAL_MS = 3000;
/** Live latent snapshots may take at most this share of the wall time. */
const SNAPSHOT_TIME_BUDGET = 0.1;
const EVAL_SEED = 7;
const IWAE_SEED = 11;
/** The test subsets are the same for every model and run. */
const SUBSET_SEED = 2024;

export interface SessionSnapshotState {
  trainer: TrainerState;
  epoch: number;
  batchInEpoch: number;
}

export interface SessionOptions {
  /** Model name in messages ("the VAE"). */
  name?: string;
  mode?: GradientMode;
  now?: () => number;
}

export class TrainingSession {
  private state: SessionState = 'ready';
  readonly params: ModelParams;
  private readonly trainer: Trainer;
  private readonly batches: BatchStream;
  private epoch = 0;
  private batchInEpoch = 0;
  private lastGood: TrainerCheckpoint | null = null;
  /** |loss| of the first finite loss read: the run's own scale, for telling a divergence. */
  private lossScale: number | null = null;
  private pendingPoints: StepPoint[] = [];
  private runToken = 0;
  private lastFlush = 0;
  private lastWeights = -Infinity;
  private lastSnapshot = -Infinity;
  private snapshotTimeMs = 0;
  private trainingTimeMs = 0;
  private rateWindow: Array<{ t: number; samples: number }> = [];
  private evalImages: Float32Array | null = null;
  private iwaeImages: Float32Array | null = null;
  private snapshotImages: Float32Array | null = null;
  private readonly name: string;
  private readonly now: () => number;

  constructor(
    private readonly data: MnistData,
    private config: ModelConfig,
    private readonly plan: RunPlan,
    private readonly emit: (events: TrainingEvent[]) => void,
    options: SessionOptions = {},
  ) {
    this.name = options.name ?? `the ${familyOf(config.kind).info.label}`;
    this.now = options.now ?? (() => performance.now());
    this.params = initParams(config);
    this.trainer = createTrainer(this.params, options.mode ?? 'fast');
    this.batches = new BatchStream(data.train, config.batchSize, config.seed);
  }

  get currentState(): SessionState {
    return this.state;
  }

  get stepCount(): number {
    return this.trainer.stepCount;
  }

  get stepsPerEpoch(): number {
    return this.batches.stepsPerEpoch;
  }

  /** Trains until the run is done, paused or diverged. Resolves when the loop stops. */
  async run(): Promise<void> {
    if (this.state === 'training' || this.state === 'done') return;
    this.setState('training');
    const token = ++this.runToken;
    this.lastFlush = this.now();
    // pause(), a divergence or the run's end bump runToken: the loop then stops.
    while (token === this.runToken) {
      const started = this.now();
      await this.trainNext();
      this.trainingTimeMs += this.now() - started;
      if (token !== this.runToken) break;
      if (this.now() - this.lastFlush >= FLUSH_INTERVAL_MS) await this.flush(false);
      await yieldToEventLoop();
    }
  }

  /** Stops after the current batch; sends the weights and a full latent snapshot. */
  async pause(): Promise<void> {
    if (this.state !== 'training') return;
    this.runToken++;
    this.setState('paused');
    await this.flush(true);
  }

  /** One batch (when not training), with its loss. */
  async stepOnce(): Promise<void> {
    if (this.state === 'training' || this.state === 'done') return;
    if (await this.trainBatch(true)) {
      if (this.batchInEpoch >= this.batches.stepsPerEpoch) await this.endEpoch();
      if (this.state === 'ready' || this.state === 'diverged') this.setState('paused');
    }
    await this.flush(true);
  }

  /**
   * `steps` batches straight through, the loss read every `metricsEvery`:
   * what the benchmark and the backend choice time, and (every step) a
   * backend's correctness check against another. No events, no evaluation.
   * Returns the losses read.
   */
  async trainSteps(steps: number, metricsEvery = this.plan.metricsEvery): Promise<number[]> {
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      const x = this.batches.batch(this.epoch, this.batchInEpoch);
      try {
        if (i % metricsEvery === metricsEvery - 1) {
          const metrics = this.trainer.step(x);
          losses.push((await metrics.data())[3]); // waits for the device (a real sync on WebGL)
          metrics.dispose();
        } else {
          this.trainer.stepWithoutMetrics(x);
        }
      } finally {
        x.dispose();
      }
      this.advance();
    }
    return losses;
  }

  /**
   * Waits until the device has run every step queued so far. On WebGL the steps
   * between two metric reads are only queued; reading one updated weight waits
   * for all of them (the device runs commands in order). On wasm and cpu it is free.
   */
  async sync(): Promise<void> {
    const variables = allVariables(this.params);
    await variables[variables.length - 1].data();
  }

  setLearningRate(learningRate: number): void {
    this.config = { ...this.config, learningRate };
    this.trainer.setLearningRate(learningRate);
  }

  /** Sends weights, a full snapshot and the current figures (e.g. right after start). */
  async publish(): Promise<void> {
    await this.flush(true);
  }

  weights(): Promise<ModelArrays> {
    return paramsToArrays(this.params);
  }

  /** The family's own counters (a VQ-VAE's restarted codes). */
  familyStats(): Record<string, number> {
    return this.trainer.familyStats();
  }

  /** Everything needed to rebuild this session elsewhere (another backend or worker). */
  async exportState(): Promise<SessionSnapshotState> {
    return { trainer: await this.trainer.exportState(), epoch: this.epoch, batchInEpoch: this.batchInEpoch };
  }

  importState(state: SessionSnapshotState): void {
    this.trainer.importState(state.trainer);
    this.epoch = state.epoch;
    this.batchInEpoch = state.batchInEpoch;
    if (this.epoch >= this.plan.epochs) this.state = 'done';
    else if (this.trainer.stepCount > 0) this.state = 'paused';
  }

  dispose(): void {
    this.runToken++;
    this.lastGood?.dispose();
    this.trainer.dispose();
    disposeParams(this.params);
  }

  // ---------------------------------------------------------------------------

  private setState(state: SessionState, message?: string, divergence?: Divergence): void {
    this.state = state;
    this.emit([{ type: 'state', state, ...(message ? { message } : {}), ...(divergence ? { divergence } : {}) }]);
  }

  private advance(): void {
    this.batchInEpoch++;
    if (this.plan.schedule) {
      const totalSteps = this.plan.epochs * this.batches.stepsPerEpoch;
      this.trainer.setLearningRate(
        learningRateAt({ base: this.config.learningRate, ...this.plan.schedule }, this.trainer.stepCount, totalSteps),
      );
    }
  }

  private async trainNext(): Promise<void> {
    if (this.batchInEpoch >= this.batches.stepsPerEpoch) {
      await this.endEpoch();
      return;
    }
    await this.trainBatch(this.trainer.stepCount % this.plan.metricsEvery === 0);
  }

  /** One step; false when it diverged (weights restored, run paused). */
  private async trainBatch(withMetrics: boolean): Promise<boolean> {
    const x = this.batches.batch(this.epoch, this.batchInEpoch);
    try {
      if (!withMetrics) {
        this.trainer.stepWithoutMetrics(x);
      } else {
        // The weights before this step are "good" once the loss they give is finite.
        const candidate = this.trainer.checkpoint();
        const step = this.trainer.stepCount;
        const metrics = this.trainer.step(x);
        const [reconstruction, kl, negElbo, loss] = await metrics.data();
        metrics.dispose();
        if (this.diverged(loss)) {
          candidate.dispose();
          await this.recoverFromDivergence(step, loss);
          return false;
        }
        this.lastGood?.dispose();
        this.lastGood = candidate;
        const epoch = this.epoch + this.batchInEpoch / this.batches.stepsPerEpoch;
        this.pendingPoints.push({ step, epoch, reconstruction, kl, negElbo, loss });
      }
    } finally {
      x.dispose();
    }
    this.advance();
    const interval = Math.floor(this.batches.stepsPerEpoch / this.plan.evalsPerEpoch);
    if (
      this.plan.evalsPerEpoch > 1 &&
      this.batchInEpoch % interval === 0 &&
      this.batchInEpoch < this.batches.stepsPerEpoch
    ) {
      await this.evaluateNow(this.epoch + this.batchInEpoch / this.batches.stepsPerEpoch, false);
    }
    this.rateWindow.push({ t: this.now(), samples: this.trainer.stepCount * this.batches.batchSize });
    return true;
  }

  /**
   * Not finite, or far beyond the run's own scale (the first loss it read):
   * a Gaussian likelihood with a small sigma starts at losses in the
   * millions, and that is not a divergence.
   */
  private diverged(loss: number): boolean {
    if (!Number.isFinite(loss)) return true;
    this.lossScale ??= Math.max(1, Math.abs(loss));
    return Math.abs(loss) > DIVERGENCE_FACTOR * this.lossScale;
  }

  private async recoverFromDivergence(step: number, loss: number): Promise<void> {
    this.runToken++;
    const restoredStep = this.lastGood?.stepCount ?? 0;
    if (this.lastGood) {
      this.trainer.restore(this.lastGood);
    } else {
      // The very first loss read was bad: fresh weights and fresh optimizer moments (the old ones hold the blow-up).
      const fresh = initParams(this.config);
      assignParams(this.params, await paramsToArrays(fresh));
      disposeParams(fresh);
      this.trainer.resetOptimizer();
      this.lossScale = null;
    }
    const lr = this.config.learningRate;
    const suggested = suggestedRate(lr);
    const what = Number.isNaN(loss) ? 'NaN' : Number.isFinite(loss) ? loss.toExponential(2) + ' nats' : 'infinite';
    // The page builds its own sentence (in its language) from `divergence`; scripts and tests read `message`.
    const message =
      `Training of ${this.name} diverged at step ${step}: the loss became ${what} ` +
      `with learning rate ${lr}. The last good weights (step ${restoredStep}) are restored, so nothing ` +
      `learned before then is lost. Lower the learning rate (try ${suggested}) and resume.`;
    this.setState('diverged', message, {
      step,
      loss,
      learningRate: lr,
      restoredStep,
      suggestedLearningRate: suggested,
    });
    await this.flush(true);
  }

  private testImages(which: 'eval' | 'iwae'): Float32Array {
    if (which === 'eval') {
      this.evalImages ??= testSubset(this.data.test, this.plan.evalCount, SUBSET_SEED).images;
      return this.evalImages;
    }
    this.iwaeImages ??= testSubset(this.data.test, this.plan.iwaeCount, SUBSET_SEED + 1).images;
    return this.iwaeImages;
  }

  /**
   * Test-set figures now, sent as an 'epoch' point at a (possibly fractional)
   * epoch. The importance-sampled -log p(x) costs K decoder passes per image
   * (~2 s for K = 100 on 500 digits), so evaluations within an epoch leave it out.
   */
  private async evaluateNow(epoch: number, withIwae: boolean): Promise<void> {
    const metrics = await evaluate(this.params, this.testImages('eval'), { seed: EVAL_SEED });
    const iwae =
      withIwae && familyOf(this.params).info.hasDensity && this.plan.iwaeCount > 0
        ? await estimateNegLogLikelihood(this.params, this.testImages('iwae'), this.plan.iwaeK, { seed: IWAE_SEED })
        : null;
    const point: EpochPoint = {
      epoch,
      step: this.trainer.stepCount,
      reconstruction: metrics.reconstruction,
      kl: metrics.kl,
      klMethod: metrics.klMethod,
      negElbo: metrics.negElbo,
      klPerDimension: metrics.klPerDimension,
      codeUsage: metrics.codeUsage,
      count: metrics.count,
      iwae,
    };
    this.emit([{ type: 'epoch', point }]);
  }

  private async endEpoch(): Promise<void> {
    this.epoch++;
    this.batchInEpoch = 0;
    const last = this.epoch >= this.plan.epochs;
    if (last || this.epoch % this.plan.evalEveryEpochs === 0) await this.evaluateNow(this.epoch, true);
    if (last) {
      this.runToken++;
      this.setState('done');
    }
    await this.flush(true);
  }

  private progress(): Progress {
    const now = this.now();
    this.rateWindow = this.rateWindow.filter((p) => now - p.t <= 3000);
    const first = this.rateWindow[0];
    const last = this.rateWindow[this.rateWindow.length - 1];
    const span = first && last ? (last.t - first.t) / 1000 : 0;
    const samplesPerSec = span > 0.2 ? (last.samples - first.samples) / span : 0;
    const totalSteps = this.plan.epochs * this.batches.stepsPerEpoch;
    const done = this.epoch * this.batches.stepsPerEpoch + this.batchInEpoch;
    const remaining = (totalSteps - done) * this.batches.batchSize;
    return {
      epoch: Math.min(this.epoch + 1, this.plan.epochs),
      epochs: this.plan.epochs,
      epochFraction: this.epoch >= this.plan.epochs ? 1 : this.batchInEpoch / this.batches.stepsPerEpoch,
      overallFraction: Math.min(1, done / totalSteps),
      samplesPerSec,
      etaSec: samplesPerSec > 0 ? remaining / samplesPerSec : null,
      step: this.trainer.stepCount,
    };
  }

  /**
   * Sends what accumulated: progress, loss points, memory; a latent snapshot
   * when the rate limit and time budget allow; weights every few seconds.
   * `full`: at a pause, an epoch's end or on request, everything, with a
   * snapshot of all the test digits.
   */
  private async flush(full: boolean): Promise<void> {
    const now = this.now();
    this.lastFlush = now;
    const events: TrainingEvent[] = [{ type: 'progress', progress: this.progress() }];
    if (this.pendingPoints.length) events.push({ type: 'steps', points: this.pendingPoints.splice(0) });
    const { numTensors, numBytes } = tf.memory();
    events.push({ type: 'memory', numTensors, numBytes });
    this.emit(events);

    const publish = this.plan.publish;
    if (!publish) return;
    const snapshotDue =
      now - this.lastSnapshot >= 1000 / publish.snapshotsPerSecond &&
      this.snapshotTimeMs <= SNAPSHOT_TIME_BUDGET * this.trainingTimeMs;
    if (full || snapshotDue) {
      const started = this.now();
      const count = full ? this.data.test.count : Math.min(publish.snapshotCount, this.data.test.count);
      this.snapshotImages ??= sliceImages(this.data.test.images, 0, this.data.test.count);
      const posteriors = await encodePosteriors(this.params, this.snapshotImages, count);
      this.emit([{ type: 'snapshot', snapshot: { step: this.trainer.stepCount, ...posteriors } }]);
      this.lastSnapshot = this.now();
      if (!full) this.snapshotTimeMs += this.lastSnapshot - started;
    }
    if (full || now - this.lastWeights >= WEIGHTS_INTERVAL_MS) {
      this.lastWeights = now;
      const weights = await paramsToArrays(this.params);
      this.emit([{ type: 'weights', step: this.trainer.stepCount, weights }]);
    }
  }
}

/** A tenth of the learning rate, to two significant digits: what a divergence notice suggests. */
function suggestedRate(learningRate: number): number {
  return Number((learningRate / 10).toPrecision(2));
}

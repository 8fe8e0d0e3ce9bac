import * as tf from '@tensorflow/tfjs';
import { INPUT_DIM, architectureName, type ModelConfig } from '../model/config';
import { batchesPerEpoch, epochOrder } from '../model/epochs';
import { estimateNegLogLikelihood, evaluate } from '../model/evaluate';
import { assignParams, disposeParams, initParams, paramsToArrays, type ModelParams } from '../model/params';
import { learningRateAt } from '../model/schedule';
import { encodePosteriors } from '../model/posteriorsFile';
import { createTrainer, type Trainer, type TrainerCheckpoint, type TrainerState } from '../model/trainer';
import { gatherBatch, sliceImages, type MnistData } from '../data/mnist';
import { yieldToEventLoop } from '../lib/yieldToEventLoop';
import {
  MODEL_SLOTS,
  type EpochPoint,
  type LatentSnapshot,
  type ModelSlot,
  type Progress,
  type RunSettings,
  type SessionState,
  type StepPoint,
  type TrainingEvent,
} from './protocol';

/**
 * A training run of one or two models (the VAE and AE slots) over MNIST: the
 * loop, pause/resume/step, divergence recovery and the live events the page
 * draws. Pure tfjs + data: it runs in the training worker and in Node tests.
 */

/** Beyond any sane model: a confidently wrong guess on every pixel costs ~1e4 nats; this is 100x that. */
const DIVERGED_LOSS_NATS = 1e6;
const FLUSH_INTERVAL_MS = 250;
const WEIGHTS_INTERVAL_MS = 3000;
/** Live latent snapshots may take at most this share of the wall time. */
const SNAPSHOT_TIME_BUDGET = 0.1;
const SLOT_NAMES: Record<ModelSlot, string> = { vae: 'VAE', ae: 'AE' };

interface SlotRun {
  slot: ModelSlot;
  config: ModelConfig;
  params: ModelParams;
  trainer: Trainer;
  stepsPerEpoch: number;
  batchInEpoch: number;
  order: Uint32Array | null;
  lastGood: TrainerCheckpoint | null;
  pendingPoints: StepPoint[];
  batchBuffer: Float32Array;
}

export interface SessionSnapshotState {
  slots: Partial<Record<ModelSlot, TrainerState>>;
  epoch: number;
  batchInEpoch: Partial<Record<ModelSlot, number>>;
}

export class TrainingSession {
  private state: SessionState = 'ready';
  private readonly runs: SlotRun[];
  private epoch = 0;
  private samplesDone = 0;
  private readonly totalSamples: number;
  private readonly testImages: Float32Array;
  private runToken = 0;
  private lastFlush = 0;
  private lastWeights = 0;
  private lastSnapshot = 0;
  private snapshotTimeMs = 0;
  private trainingTimeMs = 0;
  private snapshotTurn = 0;
  private rateWindow: Array<{ t: number; samples: number }> = [];

  constructor(
    private readonly data: MnistData,
    private readonly settings: RunSettings,
    private readonly emit: (events: TrainingEvent[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.runs = MODEL_SLOTS.flatMap((slot) => {
      const config = settings.models[slot];
      if (!config) return [];
      const params = initParams(config);
      return [
        {
          slot,
          config,
          params,
          trainer: createTrainer(params),
          stepsPerEpoch: batchesPerEpoch(data.train.count, config.batchSize),
          batchInEpoch: 0,
          order: null,
          lastGood: null,
          pendingPoints: [],
          batchBuffer: new Float32Array(config.batchSize * INPUT_DIM),
        },
      ];
    });
    if (this.runs.length === 0) throw new Error('Nothing to train: choose the VAE, the AE or both');
    this.totalSamples = settings.epochs * this.runs.reduce((n, r) => n + r.stepsPerEpoch * r.config.batchSize, 0);
    const testCount = Math.max(settings.evalCount, settings.iwaeCount, settings.snapshotCount);
    this.testImages = sliceImages(data.test.images, 0, Math.min(testCount, data.test.count));
  }

  get currentState(): SessionState {
    return this.state;
  }

  get slots(): ModelSlot[] {
    return this.runs.map((r) => r.slot);
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

  /** One batch for every model (when not training), with its loss. */
  async stepOnce(): Promise<void> {
    if (this.state === 'training' || this.state === 'done') return;
    for (const run of this.runs) {
      if (run.batchInEpoch >= run.stepsPerEpoch) continue;
      const ok = await this.trainBatch(run, true);
      if (!ok) return;
    }
    if (this.runs.every((r) => r.batchInEpoch >= r.stepsPerEpoch)) await this.endEpoch();
    if (this.state === 'ready' || this.state === 'diverged') this.setState('paused');
    await this.flush(true);
  }

  setLearningRate(slot: ModelSlot, learningRate: number): void {
    const run = this.runs.find((r) => r.slot === slot);
    if (!run) return;
    run.config = { ...run.config, learningRate };
    run.trainer.setLearningRate(learningRate);
  }

  /** Sends weights, a full snapshot and the current figures (e.g. right after start). */
  async publish(): Promise<void> {
    await this.flush(true);
  }

  async weights(slot: ModelSlot) {
    const run = this.runs.find((r) => r.slot === slot);
    return run ? paramsToArrays(run.params) : null;
  }

  /** Everything needed to rebuild this session elsewhere (another backend or worker). */
  async exportState(): Promise<SessionSnapshotState> {
    const slots: SessionSnapshotState['slots'] = {};
    const batchInEpoch: SessionSnapshotState['batchInEpoch'] = {};
    for (const run of this.runs) {
      slots[run.slot] = await run.trainer.exportState();
      batchInEpoch[run.slot] = run.batchInEpoch;
    }
    return { slots, epoch: this.epoch, batchInEpoch };
  }

  importState(state: SessionSnapshotState): void {
    this.epoch = state.epoch;
    this.samplesDone = 0;
    for (const run of this.runs) {
      const saved = state.slots[run.slot];
      if (saved) run.trainer.importState(saved);
      run.batchInEpoch = state.batchInEpoch[run.slot] ?? 0;
      this.samplesDone += (state.epoch * run.stepsPerEpoch + run.batchInEpoch) * run.config.batchSize;
    }
    if (this.epoch >= this.settings.epochs) this.state = 'done';
    else if (this.samplesDone > 0) this.state = 'paused';
  }

  dispose(): void {
    this.runToken++;
    for (const run of this.runs) {
      run.lastGood?.dispose();
      run.trainer.dispose();
      disposeParams(run.params);
    }
  }

  // ---------------------------------------------------------------------------

  private setState(state: SessionState, message?: string): void {
    this.state = state;
    this.emit([{ type: 'state', state, ...(message ? { message } : {}) }]);
  }

  /** The model furthest behind in the current epoch, or null when the epoch is over for all. */
  private nextRun(): SlotRun | null {
    let best: SlotRun | null = null;
    for (const run of this.runs) {
      if (run.batchInEpoch >= run.stepsPerEpoch) continue;
      if (!best || run.batchInEpoch / run.stepsPerEpoch < best.batchInEpoch / best.stepsPerEpoch) best = run;
    }
    return best;
  }

  private async trainNext(): Promise<void> {
    const run = this.nextRun();
    if (!run) {
      await this.endEpoch();
      return;
    }
    await this.trainBatch(run, run.trainer.stepCount % this.settings.metricsEvery === 0);
  }

  /** One step of one model; false when it diverged (weights restored, run paused). */
  private async trainBatch(run: SlotRun, withMetrics: boolean): Promise<boolean> {
    const { config } = run;
    run.order ??= epochOrder(this.data.train.count, config.seed, this.epoch);
    const images = gatherBatch(
      this.data.train.images,
      run.order,
      run.batchInEpoch * config.batchSize,
      config.batchSize,
      run.batchBuffer,
    );
    const x = tf.tensor2d(images, [config.batchSize, INPUT_DIM]);
    try {
      if (!withMetrics) {
        run.trainer.stepWithoutMetrics(x);
      } else {
        // The weights before this step are "good" once the loss they give is finite.
        const candidate = run.trainer.checkpoint();
        const step = run.trainer.stepCount;
        const metrics = run.trainer.step(x);
        const [reconstruction, kl, negElbo, loss] = await metrics.data();
        metrics.dispose();
        if (!Number.isFinite(loss) || Math.abs(loss) > DIVERGED_LOSS_NATS) {
          candidate.dispose();
          await this.recoverFromDivergence(run, step, loss);
          return false;
        }
        run.lastGood?.dispose();
        run.lastGood = candidate;
        const epoch = this.epoch + run.batchInEpoch / run.stepsPerEpoch;
        run.pendingPoints.push({ step, epoch, reconstruction, kl, negElbo, loss });
      }
    } finally {
      x.dispose();
    }
    run.batchInEpoch++;
    this.samplesDone += config.batchSize;
    const interval = Math.floor(run.stepsPerEpoch / this.settings.evalsPerEpoch);
    if (this.settings.evalsPerEpoch > 1 && run.batchInEpoch % interval === 0 && run.batchInEpoch < run.stepsPerEpoch) {
      await this.evaluateRun(run, this.epoch + run.batchInEpoch / run.stepsPerEpoch, false);
    }
    if (this.settings.schedule) {
      const totalSteps = this.settings.epochs * run.stepsPerEpoch;
      run.trainer.setLearningRate(
        learningRateAt({ base: config.learningRate, ...this.settings.schedule }, run.trainer.stepCount, totalSteps),
      );
    }
    this.rateWindow.push({ t: this.now(), samples: this.samplesDone });
    return true;
  }

  private async recoverFromDivergence(run: SlotRun, step: number, loss: number): Promise<void> {
    this.runToken++;
    const restoredStep = run.lastGood?.stepCount ?? 0;
    if (run.lastGood) {
      run.trainer.restore(run.lastGood);
    } else {
      // The very first loss was not finite: start this model again from fresh weights.
      const fresh = initParams(run.config);
      assignParams(run.params, await paramsToArrays(fresh));
      disposeParams(fresh);
    }
    const lr = run.config.learningRate;
    const what = Number.isNaN(loss) ? 'NaN' : Number.isFinite(loss) ? loss.toExponential(2) + ' nats' : 'infinite';
    const message =
      `Training of the ${SLOT_NAMES[run.slot]} diverged at step ${step}: the loss became ${what} ` +
      `with learning rate ${lr}. The last good weights (step ${restoredStep}) are restored, so nothing ` +
      `learned before then is lost. Lower the learning rate (try ${formatRate(lr / 10)}) and resume.`;
    this.setState('diverged', message);
    await this.flush(true);
  }

  /**
   * Test-set figures of one model now, sent as an 'epoch' point at a
   * (possibly fractional) epoch. The importance-sampled -log p(x) costs K
   * decoder passes per image (~2 s for K = 100 on 500 digits), so the extra
   * evaluations within an epoch leave it out.
   */
  private async evaluateRun(run: SlotRun, epoch: number, withIwae: boolean): Promise<void> {
    const evalImages = this.testImages.subarray(0, this.settings.evalCount * INPUT_DIM);
    const iwaeImages = this.testImages.subarray(0, this.settings.iwaeCount * INPUT_DIM);
    const metrics = await evaluate(run.params, evalImages, { seed: 7 });
    const iwae =
      withIwae && run.config.kind === 'vae' && this.settings.iwaeCount > 0
        ? await estimateNegLogLikelihood(run.params, iwaeImages, this.settings.iwaeK, { seed: 11 })
        : null;
    const point: EpochPoint = {
      epoch,
      reconstruction: metrics.reconstruction,
      kl: metrics.kl,
      negElbo: metrics.negElbo,
      klPerDimension: metrics.klPerDimension,
      iwae,
    };
    this.emit([{ type: 'epoch', slot: run.slot, point }]);
  }

  private async endEpoch(): Promise<void> {
    for (const run of this.runs) await this.evaluateRun(run, this.epoch + 1, true);
    this.epoch++;
    for (const run of this.runs) {
      run.batchInEpoch = 0;
      run.order = null;
    }
    if (this.epoch >= this.settings.epochs) {
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
    const epochTotal = this.runs.reduce((n, r) => n + r.stepsPerEpoch, 0);
    const epochDone = this.runs.reduce((n, r) => n + Math.min(r.batchInEpoch, r.stepsPerEpoch), 0);
    const remaining = this.totalSamples - this.samplesDone;
    const steps = { vae: 0, ae: 0 };
    for (const run of this.runs) steps[run.slot] = run.trainer.stepCount;
    return {
      epoch: Math.min(this.epoch + 1, this.settings.epochs),
      epochs: this.settings.epochs,
      epochFraction: this.epoch >= this.settings.epochs ? 1 : epochDone / epochTotal,
      overallFraction: Math.min(1, this.samplesDone / this.totalSamples),
      samplesPerSec,
      etaSec: samplesPerSec > 0 ? remaining / samplesPerSec : null,
      steps,
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
    for (const run of this.runs) {
      if (run.pendingPoints.length) events.push({ type: 'steps', slot: run.slot, points: run.pendingPoints.splice(0) });
    }
    const { numTensors, numBytes } = tf.memory();
    events.push({ type: 'memory', numTensors, numBytes });
    this.emit(events);

    const snapshotDue =
      now - this.lastSnapshot >= 1000 / this.settings.snapshotsPerSecond &&
      this.snapshotTimeMs <= SNAPSHOT_TIME_BUDGET * this.trainingTimeMs;
    if (full || snapshotDue) {
      const started = this.now();
      const targets = full ? this.runs : [this.runs[this.snapshotTurn++ % this.runs.length]];
      for (const run of targets) {
        const count = full ? Math.min(10_000, this.data.test.count) : this.settings.snapshotCount;
        const snapshot = await this.latentSnapshot(run, count);
        this.emit([{ type: 'snapshot', snapshot }]);
      }
      this.lastSnapshot = this.now();
      if (!full) this.snapshotTimeMs += this.lastSnapshot - started;
    }
    if (full || now - this.lastWeights >= WEIGHTS_INTERVAL_MS) {
      this.lastWeights = now;
      for (const run of this.runs) {
        const weights = await paramsToArrays(run.params);
        this.emit([{ type: 'weights', slot: run.slot, step: run.trainer.stepCount, weights }]);
      }
    }
  }

  private async latentSnapshot(run: SlotRun, count: number): Promise<LatentSnapshot> {
    const images =
      count <= this.testImages.length / INPUT_DIM ? this.testImages : sliceImages(this.data.test.images, 0, count);
    const posteriors = await encodePosteriors(run.params, images, count);
    return { slot: run.slot, step: run.trainer.stepCount, ...posteriors };
  }
}

function formatRate(x: number): string {
  return Number(x.toPrecision(2)).toString();
}

export function describeRun(config: ModelConfig): string {
  return `${config.kind.toUpperCase()} ${architectureName(config)}`;
}

import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config';
import { copyArrays } from '../model/arrays';
import { weightArrays } from '../model/params';
import type { GradientMode } from '../model/training/trainer';
import type { RunPlan, TrainingEvent } from '../model/training/events';
import { TrainingSession, type SessionSnapshotState } from '../model/training/session';
import {
  activateAutoBackend,
  activateBackend,
  forceHalfFloatWebGL,
  requestWasmThreads,
  webglContext,
  type BackendInfo,
} from './backends';
import type { BackendChoice } from '../model/training/backend';
import { describeDataset, loadDataset, WORKER_DATASET, type DatasetInfo } from './dataset';

/**
 * A training worker: hosts one model's TrainingSession (the loop lives in
 * model/training/session.ts), owns its tensors and a copy of MNIST. The page
 * runs one per model, so two models train in parallel on two cores. Only
 * plain objects and typed arrays cross (comlink, typed from this object),
 * typed arrays as transferables.
 */

type EventSink = (events: TrainingEvent[]) => void;

let session: TrainingSession | null = null;
/** The page's event callback for the current run (a comlink proxy, released when the run ends). */
let sink: Comlink.Remote<EventSink> | null = null;

function releaseSink(): void {
  sink?.[Comlink.releaseProxy]();
  sink = null;
}
let contextLossListener: { canvas: EventTarget; listener: EventListener } | null = null;

function transferablesOf(events: TrainingEvent[]): Transferable[] {
  const buffers: Transferable[] = [];
  for (const e of events) {
    if (e.type === 'snapshot') {
      buffers.push(e.snapshot.means.buffer as ArrayBuffer);
      if (e.snapshot.logVars) buffers.push(e.snapshot.logVars.buffer as ArrayBuffer);
      if (e.snapshot.covariances) buffers.push(e.snapshot.covariances.buffer as ArrayBuffer);
    } else if (e.type === 'weights') {
      for (const array of weightArrays(e.weights)) buffers.push(array.buffer as ArrayBuffer);
      if (e.spare) for (const array of weightArrays(e.spare)) buffers.push(array.buffer as ArrayBuffer);
    }
  }
  return buffers;
}

/**
 * Sends events to the page. Weights go twice: the page keeps one copy (to
 * save, export, recover from) and hands the other on to the explorer
 * worker, so the copy is made here and not on the page's thread.
 */
function emit(events: TrainingEvent[]): void {
  const sent = events.map((e) => (e.type === 'weights' ? { ...e, spare: copyArrays(e.weights) } : e));
  void sink?.(Comlink.transfer(sent, transferablesOf(sent)));
}

/** WebGL can lose its context (driver reset, GPU process crash); then every GPU tensor is gone. */
function watchForContextLoss(info: BackendInfo): void {
  if (contextLossListener) {
    contextLossListener.canvas.removeEventListener('webglcontextlost', contextLossListener.listener);
    contextLossListener = null;
  }
  // In a worker the context draws to an OffscreenCanvas (not in the WebWorker lib's WebGL types).
  const canvas = info.name === 'webgl' ? (webglContext() as unknown as { canvas?: EventTarget } | null)?.canvas : null;
  if (!canvas || typeof canvas.addEventListener !== 'function') return;
  const listener = () => {
    void session?.pause();
    emit([
      {
        type: 'failure',
        reason: 'webgl-context-lost',
        message:
          'The WebGL context was lost (the GPU was reset or its process crashed), and with it every tensor on the GPU.',
      },
    ]);
  };
  canvas.addEventListener('webglcontextlost', listener);
  contextLossListener = { canvas, listener };
}

function requireSession(): TrainingSession {
  if (!session) throw new Error('No training run is set up');
  return session;
}

const api = {
  /** Threads for the wasm backend: set once, before the backend first starts. */
  setWasmThreads(threads: number): void {
    requestWasmThreads(threads);
  },

  /** Switches backend, carrying a run across as plain arrays (tensors belong to a backend). */
  async setBackend(choice: BackendChoice): Promise<BackendInfo> {
    if (session?.currentState === 'training') await session.pause();
    const saved = session ? await session.exportState() : null;
    const info = choice === 'auto' ? await activateAutoBackend() : await activateBackend(choice, true);
    watchForContextLoss(info);
    if (session && saved) session.importState(saved);
    return info;
  },

  async loadDataset(): Promise<DatasetInfo> {
    const start = performance.now();
    const data = await loadDataset();
    return describeDataset(WORKER_DATASET, data, performance.now() - start);
  },

  /**
   * Sets up a new run of one model (disposing any old one) and publishes it.
   * `resumeFrom`: weights (and optimizer state) to start from, e.g. after the
   * page restarted a crashed worker.
   */
  async configure(
    config: ModelConfig,
    plan: RunPlan,
    name: string,
    onEvents: EventSink,
    resumeFrom?: SessionSnapshotState,
  ): Promise<void> {
    session?.dispose();
    session = null;
    releaseSink();
    sink = onEvents as unknown as Comlink.Remote<EventSink>;
    session = new TrainingSession(await loadDataset(), config, plan, emit, { name });
    if (resumeFrom) session.importState(resumeFrom);
    await session.publish();
  },

  /** Trains until paused, done or diverged; resolves then. */
  async train(): Promise<void> {
    await requireSession().run();
  },

  async pause(): Promise<void> {
    await session?.pause();
  },

  async step(): Promise<void> {
    await requireSession().stepOnce();
  },

  setLearningRate(learningRate: number): void {
    session?.setLearningRate(learningRate);
  },

  /** Ends the run; the worker keeps its data and backend for the next. */
  reset(): void {
    session?.dispose();
    session = null;
    // Nothing more will be sent: free the page's event callback.
    releaseSink();
  },

  async exportState(): Promise<SessionSnapshotState | null> {
    return session ? session.exportState() : null;
  },

  memory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },

  /**
   * For the benchmark: samples/s of `steps` training steps of `config` with
   * the fast path or plain optimizer.minimize, on real batches, in this
   * worker, on the active backend (the loss read every `metricsEvery` steps).
   */
  /**
   * Trains `steps` batches of a throw-away session after a warm-up; the samples trained and when the timed
   * part started and ended (ms since the epoch, so runs in several workers can be laid on one clock).
   */
  async benchmarkTraining(
    config: ModelConfig,
    mode: GradientMode,
    steps: number,
    metricsEvery = 10,
  ): Promise<BenchmarkRun> {
    if (session?.currentState === 'training') await session.pause();
    const bench = new TrainingSession(await loadDataset(), config, { ...BENCH_PLAN }, () => {}, { mode });
    try {
      await bench.trainSteps(2, 1); // warm-up: kernels, XNNPACK operators, shaders, Adam state
      await bench.sync();
      const startedAt = performance.timeOrigin + performance.now();
      await bench.trainSteps(steps, metricsEvery);
      // The timed steps are done when the device has run them, not when they are queued (WebGL).
      await bench.sync();
      const endedAt = performance.timeOrigin + performance.now();
      return { samples: steps * config.batchSize, startedAt, endedAt };
    } finally {
      bench.dispose();
    }
  },

  /** The loss of each of `steps` steps of a fresh model of `config` (seeded: the same on any backend). */
  async lossTrajectory(config: ModelConfig, steps: number): Promise<number[]> {
    if (session?.currentState === 'training') await session.pause();
    const run = new TrainingSession(await loadDataset(), config, { ...BENCH_PLAN }, () => {});
    try {
      return await run.trainSteps(steps, 1);
    } finally {
      run.dispose();
    }
  },

  // Test hooks: they make the failures the page must survive happen for real.

  /** An uncaught error: the worker's 'error' event fires on the page. */
  debugCrash(): void {
    setTimeout(() => {
      throw new Error('Simulated worker crash');
    });
  },

  /** Loses the WebGL context through WEBGL_lose_context; false when not on WebGL. */
  debugLoseWebGLContext(): boolean {
    const ext = webglContext()?.getExtension('WEBGL_lose_context');
    ext?.loseContext();
    return Boolean(ext);
  },

  /** Makes WebGL render half floats only (call before WebGL starts). */
  debugForceHalfFloat(): void {
    forceHalfFloatWebGL();
  },
};

const BENCH_PLAN: RunPlan = {
  epochs: 1_000,
  evalCount: 0,
  iwaeK: 1,
  iwaeCount: 0,
  evalsPerEpoch: 1,
  evalEveryEpochs: 1_000,
  metricsEvery: 10,
  schedule: null,
  publish: null,
};

export type TrainingWorkerApi = typeof api;

/** One timed benchmark run: samples trained between two instants on the epoch clock (ms). */
export interface BenchmarkRun {
  samples: number;
  startedAt: number;
  endedAt: number;
}

Comlink.expose(api);

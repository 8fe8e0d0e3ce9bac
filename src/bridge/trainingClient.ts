import * as Comlink from 'comlink';
import { WorkerBridge } from './workerBridge';
import { workerName } from '../data/datasets';
import { pageDataset } from '../state/pageDataset';
import type { ModelConfig } from '../model/config';
import type { GradientMode } from '../model/training/trainer';
import type { BackendChoice, BackendInfo } from '../model/training/backend';
import type { RunPlan, TrainingEvent } from '../model/training/events';
import type { SessionSnapshotState } from '../model/training/session';
import type { SlotId } from '../lib/slotIds';
import type { DatasetInfo } from '../worker/dataset';
import type { BenchmarkRun, TrainingWorkerApi } from '../worker/training.worker';

/**
 * The page's handles on the training workers: one per slot, so the two
 * models of a comparison train in parallel, each on its own core. Typed
 * calls, no comlink or Worker in sight for the callers. A worker can be
 * restarted (after a crash or a lost WebGL context); callers keep this
 * object. The event sink a run is given is released by the worker when the
 * run ends (reset or a new configure), or with the worker.
 */
class TrainingWorker {
  private readonly bridge: WorkerBridge<TrainingWorkerApi>;

  constructor(readonly slot: SlotId) {
    this.bridge = new WorkerBridge<TrainingWorkerApi>(
      () =>
        new Worker(new URL('../worker/training.worker.ts', import.meta.url), {
          type: 'module',
          name: workerName(`training-${slot}`, pageDataset()),
        }),
      `${slot} training`,
    );
  }

  get running(): boolean {
    return this.bridge.running;
  }

  onCrash(listener: (message: string) => void): () => void {
    return this.bridge.onCrash(listener);
  }

  /** Stops the worker (everything in it is lost) and starts a fresh one on next use. */
  restart(): void {
    this.bridge.terminate();
  }

  setWasmThreads(threads: number): Promise<void> {
    return this.bridge.call((api) => api.setWasmThreads(threads));
  }

  setBackend(choice: BackendChoice): Promise<BackendInfo> {
    return this.bridge.call((api) => api.setBackend(choice));
  }

  loadDataset(): Promise<DatasetInfo> {
    return this.bridge.call((api) => api.loadDataset());
  }

  configure(
    config: ModelConfig,
    plan: RunPlan,
    name: string,
    onEvents: (events: TrainingEvent[]) => void,
    resumeFrom?: SessionSnapshotState,
  ): Promise<void> {
    return this.bridge.call((api) => api.configure(config, plan, name, Comlink.proxy(onEvents), resumeFrom));
  }

  train(): Promise<void> {
    return this.bridge.call((api) => api.train());
  }

  pause(): Promise<void> {
    return this.bridge.running ? this.bridge.call((api) => api.pause()) : Promise.resolve();
  }

  step(): Promise<void> {
    return this.bridge.call((api) => api.step());
  }

  setLearningRate(learningRate: number): Promise<void> {
    return this.bridge.call((api) => api.setLearningRate(learningRate));
  }

  async reset(): Promise<void> {
    if (this.bridge.running) await this.bridge.call((api) => api.reset());
  }

  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.bridge.call((api) => api.memory());
  }

  benchmarkTraining(
    config: ModelConfig,
    mode: GradientMode,
    steps: number,
    metricsEvery?: number,
  ): Promise<BenchmarkRun> {
    return this.bridge.call((api) => api.benchmarkTraining(config, mode, steps, metricsEvery));
  }

  lossTrajectory(config: ModelConfig, steps: number): Promise<number[]> {
    return this.bridge.call((api) => api.lossTrajectory(config, steps));
  }

  /** Test hooks (see the worker): a real uncaught error, a real lost WebGL context, half-float WebGL. */
  debugCrash(): Promise<void> {
    return this.bridge.call((api) => api.debugCrash());
  }

  debugLoseWebGLContext(): Promise<boolean> {
    return this.bridge.call((api) => api.debugLoseWebGLContext());
  }

  debugForceHalfFloat(): Promise<void> {
    return this.bridge.call((api) => api.debugForceHalfFloat());
  }
}

export const trainingWorkers: Record<SlotId, TrainingWorker> = {
  left: new TrainingWorker('left'),
  right: new TrainingWorker('right'),
};

export type { TrainingWorker };

/** A training worker of its own for the benchmark (so it can start with any number of wasm threads). */
export function benchmarkWorker(): TrainingWorker {
  return new TrainingWorker('left');
}

import * as Comlink from 'comlink';
import { WorkerBridge } from './workerBridge';
import type { ModelConfig } from '../model/config';
import type { GradientMode } from '../model/trainer';
import type { BackendInfo, BackendName } from '../worker/backends';
import type { DatasetInfo } from '../worker/dataset';
import type { AutoBackendResult, ModelSlot, RunSettings, TrainingEvent } from '../worker/protocol';
import type { TrainingWorkerApi } from '../worker/training.worker';
import type { SessionSnapshotState } from '../worker/trainingSession';

/**
 * The page's handle on the training worker: typed calls, no comlink or
 * Worker in sight for the callers. The worker can be restarted (after a
 * crash or a lost WebGL context); callers keep this one object.
 */
class TrainingClient {
  private readonly bridge = new WorkerBridge<TrainingWorkerApi>(
    () => new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module', name: 'training' }),
    'training',
  );

  onCrash(listener: (message: string) => void): () => void {
    return this.bridge.onCrash(listener);
  }

  /** Stops the worker (everything in it is lost) and starts a fresh one on next use. */
  restart(): void {
    this.bridge.terminate();
  }

  setBackend(name: BackendName): Promise<BackendInfo> {
    return this.bridge.api.setBackend(name);
  }

  autoBackend(config: ModelConfig): Promise<AutoBackendResult> {
    return this.bridge.api.autoBackend(config);
  }

  loadDataset(): Promise<DatasetInfo> {
    return this.bridge.api.loadDataset();
  }

  configure(
    settings: RunSettings,
    onEvents: (events: TrainingEvent[]) => void,
    resumeFrom?: SessionSnapshotState,
  ): Promise<void> {
    return this.bridge.api.configure(settings, Comlink.proxy(onEvents), resumeFrom);
  }

  train(): Promise<void> {
    return this.bridge.api.train();
  }

  pause(): Promise<void> {
    return this.bridge.api.pause();
  }

  step(): Promise<void> {
    return this.bridge.api.step();
  }

  setLearningRate(slot: ModelSlot, learningRate: number): Promise<void> {
    return this.bridge.api.setLearningRate(slot, learningRate);
  }

  reset(): Promise<void> {
    return this.bridge.api.reset();
  }

  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.bridge.api.memory();
  }

  /** For the benchmark: samples/s of `mode` training on `backend` in the worker. */
  benchmarkTraining(
    backend: BackendName,
    mode: GradientMode,
    config: ModelConfig,
    steps: number,
  ): Promise<number | null> {
    return this.bridge.api.benchmarkTraining(backend, mode, config, steps);
  }

  /** Test hooks (see the worker): a real uncaught error, a real lost WebGL context. */
  debugCrash(): Promise<void> {
    return this.bridge.api.debugCrash();
  }

  debugLoseWebGLContext(): Promise<boolean> {
    return this.bridge.api.debugLoseWebGLContext();
  }
}

export const trainingClient = new TrainingClient();

import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../model/config';
import { activateBackend, type BackendInfo, type BackendName } from './backends';
import { chooseFastestBackend, timeTraining } from './backendSelection';
import type { GradientMode } from '../model/trainer';
import { describeDataset, loadDataset, type DatasetInfo } from './dataset';
import type { AutoBackendResult, ModelSlot, RunSettings, TrainingEvent } from './protocol';
import { TrainingSession, type SessionSnapshotState } from './trainingSession';

/**
 * The training worker: owns TensorFlow.js, every tensor and the MNIST data.
 * The page talks to it only through this API (comlink, typed from this
 * object); only plain objects and typed arrays cross, typed arrays as
 * transferables.
 */

type EventSink = (events: TrainingEvent[]) => void;

let session: TrainingSession | null = null;
let sink: EventSink | null = null;
let contextLossListener: { canvas: EventTarget; listener: EventListener } | null = null;

function transferablesOf(events: TrainingEvent[]): Transferable[] {
  const buffers: Transferable[] = [];
  for (const e of events) {
    if (e.type === 'snapshot') {
      buffers.push(e.snapshot.means.buffer as ArrayBuffer);
      if (e.snapshot.logVars) buffers.push(e.snapshot.logVars.buffer as ArrayBuffer);
    } else if (e.type === 'weights') {
      for (const layer of [...e.weights.encoder, ...e.weights.heads, ...e.weights.decoder]) {
        buffers.push(layer.kernel.buffer as ArrayBuffer, layer.bias.buffer as ArrayBuffer);
      }
    }
  }
  return buffers;
}

function emit(events: TrainingEvent[]): void {
  sink?.(Comlink.transfer(events, transferablesOf(events)));
}

/** WebGL can lose its context (driver reset, GPU process crash); then every GPU tensor is gone. */
function watchForContextLoss(info: BackendInfo): void {
  if (contextLossListener) {
    contextLossListener.canvas.removeEventListener('webglcontextlost', contextLossListener.listener);
    contextLossListener = null;
  }
  if (info.name !== 'webgl') return;
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: { canvas?: EventTarget } } }).gpgpu?.gl;
  const canvas = gl?.canvas;
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

async function switchBackend(name: BackendName): Promise<BackendInfo> {
  // Tensors belong to a backend: carry the run across as plain arrays.
  const saved = session ? await session.exportState() : null;
  const info = await activateBackend(name);
  watchForContextLoss(info);
  if (session && saved) session.importState(saved);
  return info;
}

function requireSession(): TrainingSession {
  if (!session) throw new Error('No training run is set up');
  return session;
}

const api = {
  async setBackend(name: BackendName): Promise<BackendInfo> {
    const wasTraining = session?.currentState === 'training';
    if (wasTraining) await session?.pause();
    return switchBackend(name);
  },

  async autoBackend(config: ModelConfig): Promise<AutoBackendResult> {
    if (session?.currentState === 'training') await session.pause();
    const saved = session ? await session.exportState() : null;
    const result = await chooseFastestBackend(config, await loadDataset());
    watchForContextLoss(result.chosen);
    if (session && saved) session.importState(saved);
    return result;
  },

  async loadDataset(): Promise<DatasetInfo> {
    const start = performance.now();
    const data = await loadDataset();
    return describeDataset(data, performance.now() - start);
  },

  /**
   * Sets up a new run (disposing any old one) and publishes the fresh models.
   * `resumeFrom`: weights (and optimizer state) to start from, e.g. after the
   * page restarted a crashed worker.
   */
  async configure(settings: RunSettings, onEvents: EventSink, resumeFrom?: SessionSnapshotState): Promise<void> {
    session?.dispose();
    session = null;
    sink = onEvents;
    const data = await loadDataset();
    session = new TrainingSession(data, settings, emit);
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

  setLearningRate(slot: ModelSlot, learningRate: number): void {
    session?.setLearningRate(slot, learningRate);
  },

  async reset(): Promise<void> {
    session?.dispose();
    session = null;
  },

  async exportState(): Promise<SessionSnapshotState | null> {
    return session ? session.exportState() : null;
  },

  memory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },

  /**
   * For the benchmark: samples/s of a model trained with the hand-written
   * step ('fast') or plain optimizer.minimize ('naive') on a backend, in this
   * worker, on real batches. The previous backend is restored afterwards.
   */
  async benchmarkTraining(
    backend: BackendName,
    mode: GradientMode,
    config: ModelConfig,
    steps: number,
  ): Promise<number | null> {
    if (session?.currentState === 'training') await session.pause();
    const previous = tf.getBackend() as BackendName;
    await activateBackend(backend);
    try {
      return await timeTraining(config, await loadDataset(), mode, steps);
    } finally {
      await activateBackend(previous);
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
    if (tf.getBackend() !== 'webgl') return false;
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    const ext = gl?.getExtension('WEBGL_lose_context');
    ext?.loseContext();
    return Boolean(ext);
  },
};

export type TrainingWorkerApi = typeof api;

Comlink.expose(api);

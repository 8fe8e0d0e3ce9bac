import { explorerClient } from './bridge/explorerClient';
import { benchmarkWorker, trainingWorkers } from './bridge/trainingClient';
import { halfMask } from './model/posterior/inpainting';
import type { HiddenHalfTimes } from './model/posterior/hiddenProtocol';
import { imageOf } from './state/posteriorLab';
import { REFERENCE_VAE_CONFIG, type ModelConfig, type ModelKind } from './model/config';
import type { GradientMode } from './model/training/trainer';
import type { BackendInfo, BackendName } from './model/training/backend';
import type { EpochPoint } from './model/training/events';
import { appStore } from './state/appStore';
import { modelLoadsInFlight } from './state/modelActions';
import { posteriorsOf } from './state/explorerActions';
import { perf } from './state/perf';
import { slotsStore } from './state/slots';
import { SLOTS, type SlotId } from './lib/slotIds';
import { drawLatentMap, fitDomain } from './viz/latentMap';
import { project } from './viz/projection';
import * as d3 from 'd3';

/**
 * window.__latentExplorer: the one typed hook through which the end-to-end
 * tests and the benchmark drive the built app: wait on state ("trained N
 * steps"), read timings, and make real failures happen (a crashed worker, a
 * lost WebGL context, half-float WebGL). People never need it; it changes
 * nothing they see.
 */
export interface LatentExplorerHook {
  /** Steps trained so far by each slot's run (0 without one). */
  trainingSteps(): Record<SlotId, number>;
  trainingEpochs(slot: SlotId): EpochPoint[];
  /** The training step of the latest weights the slot's worker sent (what a crash recovers from). */
  trainingWeightsStep(slot: SlotId): number;
  datasetLoadMs(): number | null;
  /** Model loads into slots still on their way (each lands, or is dropped when a newer choice overtook it). */
  modelLoadsInFlight(): number;
  perf: typeof perf;
  crashTrainingWorker(slot?: SlotId): Promise<void>;
  loseWebGLContext(slot?: SlotId): Promise<boolean>;
  /** Makes the slot's training worker see a GPU that renders only half floats (before WebGL starts there). */
  forceHalfFloatWebGL(slot?: SlotId): Promise<void>;
  crashExplorerWorker(): Promise<void>;
  workerTensors(slot?: SlotId): Promise<number>;
  /** Draws the slot's 10,000 means with ellipses `repeats` times off-screen; the time of each draw, ms. */
  benchMapRedraw(slot: SlotId, repeats: number, size: number, ellipses?: boolean): number[];
  /**
   * Samples/s of `steps` training steps of each model (the reference shape 784-512-256-2, batch 128, in
   * each family of `kinds`) on a backend, each in a fresh training worker of its own whose wasm backend
   * runs `threads` threads; several models train at once and the rate sums them (the workers are
   * stopped afterwards). Default: the reference VAE alone.
   */
  benchmarkTraining(
    backend: BackendName,
    mode: GradientMode,
    steps: number,
    kinds?: ModelKind[],
    threads?: number,
  ): Promise<{ samplesPerSec: number; threads: number | null }>;
  /**
   * The loss of each of `steps` training steps of a fresh reference model of `kind` on a backend, in a
   * worker of its own (seeded: the same weights, batches and noise on any backend), and what started.
   */
  trainingLosses(
    backend: BackendName,
    steps: number,
    kind?: ModelKind,
  ): Promise<{ losses: number[]; backend: BackendInfo }>;
  /**
   * ms to evaluate log p(x, z) of test digit `index` on a 201 x 201 grid under the slot's model, in the
   * explorer worker (the posterior lab's first grid), `repeats` times after a warm-up.
   */
  benchPosteriorGrid(slot: SlotId, index: number, repeats: number): Promise<number[]>;
  /** The hidden half (bottom half of a test digit) beside the lab's posterior, 201 x 201 each, ms per stage. */
  benchHiddenHalf(slot: SlotId, index: number, repeats: number): Promise<HiddenHalfTimes>;
  /** Memory of this page and its workers (bytes), where the browser can measure it (cross-origin isolated). */
  measureMemory(): Promise<number | null>;
}

declare global {
  interface Window {
    __latentExplorer?: LatentExplorerHook;
  }
}

interface MemoryMeasurement {
  bytes: number;
}

function benchMapRedraw(slot: SlotId, repeats: number, size: number, ellipses = true): number[] {
  const posteriors = posteriorsOf(slot);
  const labels = appStore.get().testSet?.labels;
  if (!posteriors || !labels) throw new Error(`no posteriors for ${slot} yet`);
  const points = project(
    posteriors.means,
    posteriors.logVars,
    posteriors.count,
    posteriors.latentDim,
    { mode: 'dims', dims: [0, 1] },
    null,
    posteriors.covariances,
  );
  const domain = fitDomain(points, true);
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2-D canvas');
  const frame = {
    width: size,
    height: size,
    dpr: 1,
    x: d3.scaleLinear().domain(domain.x).range([0, size]),
    y: d3.scaleLinear().domain(domain.y).range([size, 0]),
  };
  const style = {
    showEllipses: ellipses,
    sigmaScale: 1,
    showPrior: true,
    priorCenter: [0, 0] as [number, number],
    hiddenDigits: new Set<number>(),
    pointAlpha: 0.85,
  };
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    drawLatentMap(ctx, points, labels, frame, style);
    // Force the canvas work to finish: reading one pixel waits for the raster.
    ctx.getImageData(0, 0, 1, 1);
    times.push(performance.now() - started);
  }
  return times;
}

/** Test digit `index` as 784 pixels in [0, 1], once the page has the test set (the benchmark's hooks). */
function loadedTestDigit(index: number): Float32Array {
  const image = imageOf({ kind: 'test', index });
  if (!image) throw new Error(`no test digit ${index} (are the test digits loaded yet?)`);
  return image;
}

export function installTestHooks(): void {
  window.__latentExplorer = {
    trainingSteps: () => {
      const slots = slotsStore.get();
      return Object.fromEntries(SLOTS.map((slot) => [slot, slots[slot].run?.progress?.step ?? 0])) as Record<
        SlotId,
        number
      >;
    },
    trainingEpochs: (slot) => slotsStore.get()[slot].run?.epochs ?? [],
    trainingWeightsStep: (slot) => slotsStore.get()[slot].run?.weights?.step ?? 0,
    modelLoadsInFlight,
    datasetLoadMs: () => {
      const d = appStore.get().dataset;
      return d.status === 'ready' ? d.value.loadMs : null;
    },
    perf,
    crashTrainingWorker: (slot = 'left') => trainingWorkers[slot].debugCrash(),
    loseWebGLContext: (slot = 'left') => trainingWorkers[slot].debugLoseWebGLContext(),
    forceHalfFloatWebGL: (slot = 'left') => trainingWorkers[slot].debugForceHalfFloat(),
    crashExplorerWorker: () => explorerClient.debugCrash(),
    workerTensors: async (slot = 'left') => (await trainingWorkers[slot].memory()).numTensors,
    benchMapRedraw,
    benchmarkTraining: async (backend, mode, steps, kinds = ['vae'], threads = 1) => {
      const configs = kinds.map((kind): ModelConfig => ({ ...REFERENCE_VAE_CONFIG, kind }));
      // One fresh worker per model, all at once, as the app trains a pair: the rate is every sample
      // trained over the wall time from the first timed start to the last end.
      const workers = configs.map(() => benchmarkWorker());
      try {
        const infos = await Promise.all(
          workers.map(async (worker) => {
            await worker.setWasmThreads(threads);
            return worker.setBackend(backend);
          }),
        );
        const runs = await Promise.all(workers.map((worker, i) => worker.benchmarkTraining(configs[i], mode, steps)));
        const started = Math.min(...runs.map((r) => r.startedAt));
        const ended = Math.max(...runs.map((r) => r.endedAt));
        const samples = runs.reduce((sum, r) => sum + r.samples, 0);
        return { samplesPerSec: samples / ((ended - started) / 1000), threads: infos[0].threads };
      } finally {
        for (const worker of workers) worker.restart();
      }
    },
    trainingLosses: async (backend, steps, kind = 'vae') => {
      const worker = benchmarkWorker();
      try {
        const info = await worker.setBackend(backend);
        const losses = await worker.lossTrajectory({ ...REFERENCE_VAE_CONFIG, kind }, steps);
        return { losses, backend: info };
      } finally {
        worker.restart();
      }
    },
    benchPosteriorGrid: (slot, index, repeats) =>
      explorerClient.benchPosteriorGrid(slot, loadedTestDigit(index), 201, repeats),
    benchHiddenHalf: (slot, index, repeats) =>
      explorerClient.benchHiddenHalf(slot, loadedTestDigit(index), halfMask('bottom'), 201, repeats),
    measureMemory: async () => {
      const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<MemoryMeasurement> })
        .measureUserAgentSpecificMemory;
      if (!measure || !crossOriginIsolated) return null;
      return (await measure.call(performance)).bytes;
    },
  };
}

import { trainingClient } from './bridge/trainingClient';
import { REFERENCE_VAE_CONFIG, type ModelConfig } from './model/config';
import type { GradientMode } from './model/trainer';
import { appStore } from './state/appStore';
import { posteriorsOf } from './state/explorerActions';
import { perf } from './state/perf';
import { trainingStore } from './state/trainingStore';
import { drawLatentMap, fitDomain } from './viz/latentMap';
import { project } from './viz/projection';
import type { BackendName } from './worker/backends';
import type { EpochPoint, ModelSlot } from './worker/protocol';
import * as d3 from 'd3';

/**
 * window.__latentExplorer: a typed hook for end-to-end tests and the
 * benchmark, to wait on state ("trained N steps"), read timings, and make
 * real failures happen (a crashed worker, a lost WebGL context). People
 * never need it.
 */
export interface LatentExplorerHook {
  trainingSteps(): { vae: number; ae: number };
  trainingEpochs(slot: ModelSlot): EpochPoint[];
  datasetLoadMs(): number | null;
  perf: typeof perf;
  crashTrainingWorker(): Promise<void>;
  loseWebGLContext(): Promise<boolean>;
  workerTensors(): Promise<number>;
  /** Draws the slot's 10,000 means with ellipses `repeats` times off-screen; the time of each draw, ms. */
  benchMapRedraw(slot: ModelSlot, repeats: number, size: number, ellipses?: boolean): number[];
  benchmarkTraining(
    backend: BackendName,
    mode: GradientMode,
    steps: number,
    config?: ModelConfig,
  ): Promise<number | null>;
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

function benchMapRedraw(slot: ModelSlot, repeats: number, size: number, ellipses = true): number[] {
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
  );
  const domain = fitDomain(points, slot === 'vae');
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

export function installTestHooks(): void {
  window.__latentExplorer = {
    trainingSteps: () => trainingStore.get().progress?.steps ?? { vae: 0, ae: 0 },
    trainingEpochs: (slot) => trainingStore.get().epochs[slot],
    datasetLoadMs: () => {
      const d = appStore.get().dataset;
      return d.status === 'ready' ? d.value.loadMs : null;
    },
    perf,
    crashTrainingWorker: () => trainingClient.debugCrash(),
    loseWebGLContext: () => trainingClient.debugLoseWebGLContext(),
    workerTensors: async () => (await trainingClient.memory()).numTensors,
    benchMapRedraw,
    benchmarkTraining: (backend, mode, steps, config = REFERENCE_VAE_CONFIG) =>
      trainingClient.benchmarkTraining(backend, mode, config, steps),
    measureMemory: async () => {
      const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<MemoryMeasurement> })
        .measureUserAgentSpecificMemory;
      if (!measure || !crossOriginIsolated) return null;
      return (await measure.call(performance)).bytes;
    },
  };
}

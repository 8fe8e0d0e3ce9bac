import { trainingClient } from './bridge/trainingClient';
import { trainingStore } from './state/trainingStore';

/**
 * window.__latentExplorer: a typed hook for end-to-end tests and benchmarks,
 * to wait on state ("trained N steps") and to make real failures happen
 * (a crashed worker, a lost WebGL context). People never need it.
 */
export interface LatentExplorerHook {
  trainingSteps(): { vae: number; ae: number };
  crashTrainingWorker(): Promise<void>;
  loseWebGLContext(): Promise<boolean>;
  workerTensors(): Promise<number>;
}

declare global {
  interface Window {
    __latentExplorer?: LatentExplorerHook;
  }
}

export function installTestHooks(): void {
  window.__latentExplorer = {
    trainingSteps: () => trainingStore.get().progress?.steps ?? { vae: 0, ae: 0 },
    crashTrainingWorker: () => trainingClient.debugCrash(),
    loseWebGLContext: () => trainingClient.debugLoseWebGLContext(),
    workerTensors: async () => (await trainingClient.memory()).numTensors,
  };
}

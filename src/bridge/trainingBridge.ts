import { WorkerBridge } from './workerBridge';
import type { TrainingWorkerApi } from '../worker/training.worker';

/** The one training worker of the page. */
export const trainingBridge = new WorkerBridge<TrainingWorkerApi>(
  () => new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module', name: 'training' }),
  'training',
);

import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { activateBackend, type BackendInfo, type BackendName } from './backends';
import { describeDataset, loadDataset, type DatasetInfo } from './dataset';

/**
 * The training worker: owns TensorFlow.js, every tensor and the MNIST data.
 * The page talks to it only through this API (comlink), and only plain
 * objects and typed arrays cross.
 */
const api = {
  async setBackend(name: BackendName): Promise<BackendInfo> {
    return activateBackend(name);
  },

  async loadDataset(): Promise<DatasetInfo> {
    const start = performance.now();
    const data = await loadDataset();
    return describeDataset(data, performance.now() - start);
  },

  memory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },
};

export type TrainingWorkerApi = typeof api;

Comlink.expose(api);

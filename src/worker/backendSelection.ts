import * as tf from '@tensorflow/tfjs';
import { INPUT_DIM, type ModelConfig } from '../model/config';
import { epochOrder } from '../model/epochs';
import { disposeParams, initParams } from '../model/params';
import { createTrainer, type GradientMode } from '../model/trainer';
import { gatherBatch, type MnistData } from '../data/mnist';
import { activateBackend, BACKEND_NAMES } from './backends';
import type { AutoBackendResult, BackendTiming } from './protocol';

const WARMUP_STEPS = 2;
const TIMED_STEPS = 5;
/** A backend slower than this per step is not worth timing further (the cpu backend on a big model). */
const GIVE_UP_STEP_MS = 1500;

/**
 * Training samples per second of `config` on the active backend, on real
 * batches, the loss read every step (null: too slow to matter).
 */
export async function timeTraining(
  config: ModelConfig,
  data: MnistData,
  mode: GradientMode = 'fast',
  timedSteps = TIMED_STEPS,
): Promise<number | null> {
  const params = initParams(config);
  const trainer = createTrainer(params, mode);
  const order = epochOrder(data.train.count, config.seed, 0);
  const step = async (i: number) => {
    const x = tf.tensor2d(gatherBatch(data.train.images, order, i * config.batchSize, config.batchSize), [
      config.batchSize,
      INPUT_DIM,
    ]);
    const metrics = trainer.step(x);
    await metrics.data(); // wait for the device to finish (a real sync on WebGL)
    tf.dispose([x, metrics]);
  };
  try {
    for (let i = 0; i < WARMUP_STEPS; i++) {
      const started = performance.now();
      await step(i);
      // The first WebGL step compiles shaders; judge speed on the second.
      if (i > 0 && performance.now() - started > GIVE_UP_STEP_MS) return null;
    }
    const started = performance.now();
    for (let i = 0; i < timedSteps; i++) await step(WARMUP_STEPS + i);
    return (timedSteps * config.batchSize) / ((performance.now() - started) / 1000);
  } finally {
    trainer.dispose();
    disposeParams(params);
  }
}

/**
 * "Auto": times a few training steps of the configured model on every
 * backend the browser offers and keeps the fastest. Leaves the fastest active.
 */
export async function chooseFastestBackend(config: ModelConfig, data: MnistData): Promise<AutoBackendResult> {
  const timings: BackendTiming[] = [];
  for (const backend of BACKEND_NAMES) {
    try {
      await activateBackend(backend);
      timings.push({ backend, samplesPerSec: await timeTraining(config, data) });
    } catch (err) {
      timings.push({ backend, samplesPerSec: null, error: err instanceof Error ? err.message : String(err) });
    }
  }
  const best = timings
    .filter((t): t is BackendTiming & { samplesPerSec: number } => t.samplesPerSec !== null)
    .sort((a, b) => b.samplesPerSec - a.samplesPerSec)[0];
  if (!best) throw new Error('No TensorFlow.js backend could train in this browser');
  const chosen = await activateBackend(best.backend);
  return { chosen, timings };
}

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistTestFromPackage } from '../../scripts/lib/node-mnist';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import type { MnistData } from '../../src/data/mnist';
import type { ModelConfig } from '../../src/model/config';
import { DEFAULT_RUN_PLAN, type RunPlan, type TrainingEvent } from '../../src/model/training/events';
import { TrainingSession } from '../../src/model/training/session';
import { smallConfig } from './helpers';

/** 1,024 real digits to train on (16 batches of 64), 256 to test on: epochs take a second. */
let data: MnistData;

beforeAll(async () => {
  await initNodeBackend('wasm');
  const test = await loadMnistTestFromPackage();
  data = {
    train: { count: 1024, images: test.images.subarray(0, 1024 * 784), labels: test.labels.subarray(0, 1024) },
    test: {
      count: 256,
      images: test.images.subarray(2000 * 784, 2256 * 784),
      labels: test.labels.subarray(2000, 2256),
    },
  };
});

const vae = (overrides: Partial<ModelConfig> = {}) =>
  smallConfig({ batchSize: 64, latentDim: 2, learningRate: 3e-3, ...overrides });

function plan(overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    ...DEFAULT_RUN_PLAN,
    epochs: 2,
    evalCount: 256,
    iwaeCount: 32,
    iwaeK: 10,
    metricsEvery: 4,
    publish: { snapshotCount: 128, snapshotsPerSecond: 4 },
    ...overrides,
  };
}

function recorder() {
  const events: TrainingEvent[] = [];
  return { events, emit: (batch: TrainingEvent[]) => events.push(...batch) };
}

function lastProgress(events: TrainingEvent[]) {
  const last = events.filter((e) => e.type === 'progress').pop();
  return last?.type === 'progress' ? last.progress : null;
}

describe('a training session', () => {
  it.each<[string, Partial<ModelConfig>]>([
    ['VAE', {}],
    ['AE', { kind: 'ae' }],
    ['VAE with a learned mixture prior', { prior: { kind: 'mog', components: 3 } }],
    ['VQ-VAE with a codebook loss', { kind: 'vq-vae', codebookSize: 8, codebookUpdate: 'loss' }],
    ['VQ-VAE with EMA codebook updates', { kind: 'vq-vae', codebookSize: 8, codebookUpdate: 'ema' }],
    ['flow VAE', { kind: 'flow-vae', flowSteps: 2, flowHidden: 8 }],
  ])('trains a %s through every epoch with finite figures, snapshots and weights', async (_name, overrides) => {
    const before = tf.memory().numTensors;
    const { events, emit } = recorder();
    const config = vae(overrides);
    const session = new TrainingSession(data, config, plan(), emit);
    await session.run();
    expect(session.currentState).toBe('done');
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.point] : []));
    expect(epochs.map((p) => p.epoch)).toEqual([1, 2]);
    for (const p of epochs) {
      expect(Number.isFinite(p.reconstruction)).toBe(true);
      expect(p.count).toBe(256);
    }
    const last = epochs[1];
    if (config.kind === 'ae') {
      expect(last.kl).toBeNull();
      expect(last.iwae).toBeNull();
    } else if (config.kind === 'vq-vae') {
      expect(last.kl).toBeCloseTo(Math.log(8), 5);
      expect(last.klMethod).toBe('log-k');
      expect(last.codeUsage?.reduce((a, b) => a + b, 0)).toBe(256);
    } else {
      expect(last.klMethod).toBe(config.kind === 'vae' && config.prior.kind === 'standard' ? 'closed-form' : 'sampled');
      // The importance-sampled bound is tighter than the ELBO, on its own subset of the test digits.
      expect(last.iwae!.count).toBe(32);
      expect(last.iwae!.gap).toBeGreaterThanOrEqual(0);
      expect(last.negElbo!).toBeGreaterThan(last.iwae!.negLogLikelihood - 10);
    }
    const steps = events.flatMap((e) => (e.type === 'steps' ? e.points : []));
    expect(steps.length).toBeGreaterThan(4);
    for (const p of steps) expect(Number.isFinite(p.loss)).toBe(true);
    expect(steps[steps.length - 1].reconstruction).toBeLessThan(steps[0].reconstruction);
    const snapshots = events.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []));
    const full = snapshots.find((s) => s.count === 256);
    expect(full?.means).toHaveLength(256 * 2);
    expect(full?.logVars === null).toBe(config.kind !== 'vae');
    expect(events.some((e) => e.type === 'weights')).toBe(true);
    expect(lastProgress(events)?.overallFraction).toBe(1);
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pauses, steps one batch and resumes', async () => {
    const { events, emit } = recorder();
    const session = new TrainingSession(data, vae(), plan({ epochs: 50 }), emit);
    const running = session.run();
    while ((lastProgress(events)?.step ?? 0) <= 10) await new Promise((r) => setTimeout(r, 5));
    await session.pause();
    await running;
    expect(session.currentState).toBe('paused');
    const paused = lastProgress(events)!.step;
    await new Promise((r) => setTimeout(r, 50));
    expect(lastProgress(events)!.step).toBe(paused);
    await session.stepOnce();
    expect(lastProgress(events)!.step).toBe(paused + 1);
    const resumed = session.run();
    while (lastProgress(events)!.step <= paused + 1) await new Promise((r) => setTimeout(r, 5));
    await session.pause();
    await resumed;
    expect(lastProgress(events)!.step).toBeGreaterThan(paused + 1);
    session.dispose();
  });

  it('recovers from a divergent learning rate: pauses, restores the last good weights and says what to do', async () => {
    const before = tf.memory().numTensors;
    const { events, emit } = recorder();
    const session = new TrainingSession(data, vae({ learningRate: 10 }), plan({ epochs: 50 }), emit, {
      name: 'the VAE',
    });
    await session.run();
    expect(session.currentState).toBe('diverged');
    const message = events.flatMap((e) => (e.type === 'state' && e.state === 'diverged' ? [e.message] : []))[0];
    expect(message).toMatch(/Training of the VAE diverged at step \d+: the loss became .* with learning rate 10\./);
    expect(message).toMatch(/last good weights \(step \d+\) are restored.*try 1\)/);
    const weights = await session.weights();
    for (const layer of [...weights.encoder, ...weights.heads, ...weights.decoder]) {
      expect(layer.kernel.every(Number.isFinite)).toBe(true);
    }
    // Lowering the learning rate lets training go on from the restored weights.
    session.setLearningRate(1e-3);
    await session.stepOnce();
    expect(session.currentState).toBe('paused');
    const lastLoss = events.flatMap((e) => (e.type === 'steps' ? e.points : [])).pop();
    expect(Number.isFinite(lastLoss?.loss)).toBe(true);
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not call a Gaussian likelihood with a small sigma diverged: its losses are large from the start', async () => {
    const { events, emit } = recorder();
    const config = vae({ likelihood: 'gaussian', gaussianSigma: 0.005, learningRate: 1e-3 });
    const session = new TrainingSession(data, config, plan({ epochs: 1, metricsEvery: 1, iwaeCount: 0 }), emit);
    await session.run();
    expect(session.currentState).toBe('done');
    const losses = events.flatMap((e) => (e.type === 'steps' ? e.points.map((p) => p.loss) : []));
    expect(losses[0]).toBeGreaterThan(1e6);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    session.dispose();
  });

  it('holds the tensor count constant over 1,000 steps', async () => {
    const { events, emit } = recorder();
    const session = new TrainingSession(data, vae({ batchSize: 32 }), plan({ epochs: 40 }), emit);
    let tensorsAt100: number | null = null;
    let tensorsAt1000: number | null = null;
    const watch = setInterval(() => {
      const progress = lastProgress(events);
      const memory = events.filter((e) => e.type === 'memory').pop();
      if (!progress || memory?.type !== 'memory') return;
      if (tensorsAt100 === null && progress.step >= 100) tensorsAt100 = memory.numTensors;
      if (progress.step >= 1000) {
        tensorsAt1000 = memory.numTensors;
        void session.pause();
      }
    }, 1);
    await session.run();
    clearInterval(watch);
    expect(tensorsAt100).not.toBeNull();
    expect(tensorsAt1000).toBe(tensorsAt100);
    session.dispose();
  });

  it('exports and imports its state (to move to another backend) and trains on from there', async () => {
    const a = new TrainingSession(data, vae(), plan({ epochs: 3 }), () => {});
    await a.stepOnce();
    await a.stepOnce();
    const state = await a.exportState();
    const b = new TrainingSession(data, vae(), plan({ epochs: 3 }), () => {});
    b.importState(state);
    expect(b.currentState).toBe('paused');
    expect(await b.weights()).toEqual(await a.weights());
    await a.stepOnce();
    await b.stepOnce();
    expect(await b.weights()).toEqual(await a.weights());
    a.dispose();
    b.dispose();
  });

  it('trains a VAE and an AE on the same batches in the same order', async () => {
    // Both models of a comparison see exactly the same images: the batch order comes from the seed alone.
    const seen: number[][] = [];
    for (const kind of ['vae', 'ae'] as const) {
      const session = new TrainingSession(data, vae({ kind }), plan(), () => {});
      const sums: number[] = [];
      for (let i = 0; i < 3; i++) {
        const x = (session as unknown as { batches: { batch(e: number, i: number): tf.Tensor2D } }).batches.batch(0, i);
        sums.push((await x.sum().data())[0]);
        x.dispose();
      }
      seen.push(sums);
      session.dispose();
    }
    expect(seen[1]).toEqual(seen[0]);
  });
});

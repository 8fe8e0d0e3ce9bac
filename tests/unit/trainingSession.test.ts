import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistTestFromPackage } from '../../scripts/lib/node-mnist';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import type { MnistData } from '../../src/data/mnist';
import { DEFAULT_RUN_SETTINGS, type RunSettings, type TrainingEvent } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/trainingSession';
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

function settings(overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    ...DEFAULT_RUN_SETTINGS,
    models: {
      vae: smallConfig({ batchSize: 64, latentDim: 2, learningRate: 3e-3 }),
      ae: smallConfig({ kind: 'ae', batchSize: 64, latentDim: 2, learningRate: 3e-3 }),
    },
    epochs: 2,
    evalCount: 256,
    iwaeCount: 32,
    iwaeK: 10,
    snapshotCount: 128,
    metricsEvery: 4,
    ...overrides,
  };
}

function recorder() {
  const events: TrainingEvent[] = [];
  return { events, emit: (batch: TrainingEvent[]) => events.push(...batch) };
}

describe('a training session', () => {
  it('trains both models through every epoch and reports finite figures, snapshots and weights', async () => {
    const before = tf.memory().numTensors;
    const { events, emit } = recorder();
    const session = new TrainingSession(data, settings(), emit);
    await session.run();
    expect(session.currentState).toBe('done');
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => (e.type === 'epoch' ? `${e.slot}:${e.point.epoch}` : ''))).toEqual([
      'vae:1',
      'ae:1',
      'vae:2',
      'ae:2',
    ]);
    const vaeEpoch = epochs.find((e) => e.type === 'epoch' && e.slot === 'vae');
    if (vaeEpoch?.type !== 'epoch') throw new Error('no VAE epoch');
    expect(vaeEpoch.point.negElbo).toBeGreaterThan(vaeEpoch.point.iwae!.negLogLikelihood - 5);
    expect(vaeEpoch.point.iwae!.gap).toBeGreaterThanOrEqual(0);
    const steps = events.flatMap((e) => (e.type === 'steps' ? e.points : []));
    expect(steps.length).toBeGreaterThan(4);
    for (const p of steps) expect(Number.isFinite(p.loss)).toBe(true);
    const snapshots = events.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []));
    const full = snapshots.find((s) => s.slot === 'vae' && s.count === 256);
    expect(full?.means).toHaveLength(256 * 2);
    expect(full?.logVars).toHaveLength(256 * 2);
    expect(snapshots.find((s) => s.slot === 'ae')?.logVars).toBeNull();
    expect(events.some((e) => e.type === 'weights' && e.slot === 'ae')).toBe(true);
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    expect(progress[progress.length - 1].overallFraction).toBe(1);
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pauses, steps one batch and resumes', async () => {
    const { events, emit } = recorder();
    const session = new TrainingSession(data, settings({ epochs: 50 }), emit);
    const running = session.run();
    while (!events.some((e) => e.type === 'progress' && e.progress.steps.vae > 10))
      await new Promise((r) => setTimeout(r, 5));
    await session.pause();
    await running;
    expect(session.currentState).toBe('paused');
    const stepsAt = (e: TrainingEvent[]) => {
      const last = e.filter((x) => x.type === 'progress').pop();
      return last?.type === 'progress' ? last.progress.steps : null;
    };
    const paused = stepsAt(events)!;
    await new Promise((r) => setTimeout(r, 50));
    expect(stepsAt(events)).toEqual(paused);
    await session.stepOnce();
    expect(stepsAt(events)).toEqual({ vae: paused.vae + 1, ae: paused.ae + 1 });
    const resumed = session.run();
    await new Promise((r) => setTimeout(r, 300));
    await session.pause();
    await resumed;
    expect(stepsAt(events)!.vae).toBeGreaterThan(paused.vae + 1);
    session.dispose();
  });

  it('recovers from a divergent learning rate: pauses, restores the last good weights and says what to do', async () => {
    const before = tf.memory().numTensors;
    const { events, emit } = recorder();
    const s = settings({
      epochs: 50,
      models: { vae: smallConfig({ batchSize: 64, latentDim: 2, learningRate: 10 }), ae: null },
    });
    const session = new TrainingSession(data, s, emit);
    await session.run();
    expect(session.currentState).toBe('diverged');
    const message = events.flatMap((e) => (e.type === 'state' && e.state === 'diverged' ? [e.message] : []))[0];
    expect(message).toMatch(/Training of the VAE diverged at step \d+: the loss became .* with learning rate 10\./);
    expect(message).toMatch(/last good weights \(step \d+\) are restored.*try 1\)/);
    const weights = await session.weights('vae');
    for (const layer of [...weights!.encoder, ...weights!.heads, ...weights!.decoder]) {
      expect(layer.kernel.every(Number.isFinite)).toBe(true);
    }
    // Lowering the learning rate lets training go on from the restored weights.
    session.setLearningRate('vae', 1e-3);
    await session.stepOnce();
    expect(session.currentState).toBe('paused');
    const lastLoss = events.flatMap((e) => (e.type === 'steps' ? e.points : [])).pop();
    expect(Number.isFinite(lastLoss?.loss)).toBe(true);
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds the tensor count constant over 1,000 steps', async () => {
    const { events, emit } = recorder();
    const s = settings({
      epochs: 40,
      models: {
        vae: smallConfig({ batchSize: 32, latentDim: 2 }),
        ae: smallConfig({ kind: 'ae', batchSize: 32, latentDim: 2 }),
      },
    });
    const session = new TrainingSession(data, s, emit);
    let tensorsAt100: number | null = null;
    let tensorsAt1000: number | null = null;
    const watch = setInterval(() => {
      const progress = events.filter((e) => e.type === 'progress').pop();
      const memory = events.filter((e) => e.type === 'memory').pop();
      if (progress?.type !== 'progress' || memory?.type !== 'memory') return;
      if (tensorsAt100 === null && progress.progress.steps.vae >= 100) tensorsAt100 = memory.numTensors;
      if (progress.progress.steps.vae >= 1000) {
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
    const a = new TrainingSession(data, settings({ epochs: 3 }), () => {});
    await a.stepOnce();
    await a.stepOnce();
    const state = await a.exportState();
    const b = new TrainingSession(data, settings({ epochs: 3 }), () => {});
    b.importState(state);
    expect(b.currentState).toBe('paused');
    expect(await b.weights('vae')).toEqual(await a.weights('vae'));
    await a.stepOnce();
    await b.stepOnce();
    expect(await b.weights('ae')).toEqual(await a.weights('ae'));
    a.dispose();
    b.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import { Adam } from '../../src/model/training/adam';
import { klWeightAt } from '../../src/model/familyInfo';
import { allVariables, disposeParams, initParams, paramsToArrays } from '../../src/model/params';
import { createTrainer, type GradientMode } from '../../src/model/training/trainer';
import { batchOf, fakeImages, relativeMaxError, smallConfig } from './helpers';

let images: Float32Array;

beforeAll(async () => {
  await initNodeBackend('cpu');
  images = fakeImages(64, 2);
});

function flatWeights(arrays: Awaited<ReturnType<typeof paramsToArrays>>): number[] {
  return [...arrays.encoder, ...arrays.heads, ...arrays.decoder].flatMap((l) => [...l.kernel, ...l.bias]);
}

describe('training', () => {
  it.each<GradientMode>(['fast', 'naive'])('leaks no tensors over many %s steps', (mode) => {
    const params = initParams(smallConfig());
    const trainer = createTrainer(params, mode);
    const x = batchOf(images, 8);
    const run = (steps: number) => {
      for (let i = 0; i < steps; i++) {
        if (i % 2) trainer.stepWithoutMetrics(x);
        else trainer.step(x).dispose();
      }
    };
    run(3); // the optimizer creates its moments on the first step
    const before = tf.memory().numTensors;
    run(200);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    x.dispose();
    disposeParams(params);
  });

  it('is repeatable for a seed: same weights after the same steps, other weights for another seed', async () => {
    const train = async (seed: number) => {
      const params = initParams(smallConfig({ seed }));
      const trainer = createTrainer(params);
      for (let i = 0; i < 10; i++) {
        const x = batchOf(images.subarray(i * 784 * 4), 8);
        trainer.stepWithoutMetrics(x);
        x.dispose();
      }
      const weights = flatWeights(await paramsToArrays(params));
      trainer.dispose();
      disposeParams(params);
      return weights;
    };
    const a = await train(5);
    expect(await train(5)).toEqual(a);
    expect(await train(6)).not.toEqual(a);
  });

  it('the fast and the naive step follow the same loss curve from the same start', async () => {
    const fast = createTrainer(initParams(smallConfig({ seed: 11 })), 'fast');
    const naive = createTrainer(initParams(smallConfig({ seed: 11 })), 'naive');
    const x = batchOf(images, 8);
    const losses: number[][] = [[], []];
    for (let i = 0; i < 15; i++) {
      const a = fast.step(x);
      const b = naive.step(x);
      losses[0].push((await a.data())[3]);
      losses[1].push((await b.data())[3]);
      tf.dispose([a, b]);
    }
    expect(relativeMaxError(losses[0], losses[1])).toBeLessThan(1e-4);
    expect(losses[0][14]).toBeLessThan(losses[0][0]);
    x.dispose();
  });

  it('ramps the KL weight during warm-up and ignores it for an AE', () => {
    const c = smallConfig({ beta: 2, klWarmupSteps: 100 });
    expect(klWeightAt(c, 0)).toBe(0);
    expect(klWeightAt(c, 50)).toBe(1);
    expect(klWeightAt(c, 500)).toBe(2);
    expect(klWeightAt({ ...c, klWarmupSteps: 0 }, 0)).toBe(2);
    expect(klWeightAt({ ...c, kind: 'ae' }, 500)).toBe(0);
  });
});

describe('Adam', () => {
  it('takes the same steps as tf.train.adam', async () => {
    const init = [tf.randomNormal([5, 4], 0, 1, 'float32', 1), tf.randomNormal([4], 0, 1, 'float32', 2)];
    const ours = init.map((t) => tf.variable(t.clone()));
    const theirs = init.map((t) => tf.variable(t.clone()));
    const adam = new Adam(0.01);
    const reference = tf.train.adam(0.01);
    for (let step = 0; step < 20; step++) {
      const grads = init.map((t, i) => tf.randomNormal(t.shape, 0, 1, 'float32', 100 + step * 2 + i));
      adam.applyGradients(ours, grads);
      reference.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: grads[i] })));
      tf.dispose(grads);
    }
    for (let i = 0; i < init.length; i++) {
      expect(relativeMaxError(await ours[i].data(), await theirs[i].data())).toBeLessThan(1e-5);
      expect(relativeMaxError(await ours[i].data(), await init[i].data())).toBeGreaterThan(1e-3);
    }
    const state = await adam.getState();
    expect(state.step).toBe(20);
    expect(state.moments).toHaveLength(2);
  });

  it('the trainer uses one Adam state per variable, in the fixed variable order', () => {
    const params = initParams(smallConfig());
    expect(allVariables(params).map((v) => v.shape)).toEqual([
      [784, 16],
      [16],
      [16, 8],
      [8],
      [8, 3],
      [3],
      [8, 3],
      [3],
      [3, 8],
      [8],
      [8, 16],
      [16],
      [16, 784],
      [784],
    ]);
    disposeParams(params);
  });
});

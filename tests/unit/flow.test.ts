import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { familyOf } from '../../src/model/families';
import { disposeParams, initParams } from '../../src/model/params';
import { batchOf, fakeImages, perturbExtras, relativeMaxError, smallConfig } from './helpers';

/**
 * The flow's density at many points of one digit (the lab's grid, q's draws) takes a shortcut: the
 * coupling nets' product with the digit's conditioning h is computed once, not once per point. It must
 * give the same numbers as the plain path, point by point.
 */
describe('flow posterior at many points of one digit', () => {
  const config = smallConfig({ kind: 'flow-vae', latentDim: 2, flowSteps: 3, flowHidden: 6, seed: 4 });

  function perturbedParams() {
    const params = initParams(config);
    // The couplings start as the identity (zero output weights), which would hide a wrong shortcut.
    perturbExtras(params, 70, 0.4);
    return params;
  }

  it('log q(z|x) on a grid equals log q evaluated one point at a time', () => {
    const params = perturbedParams();
    const family = familyOf(params);
    const x = batchOf(fakeImages(1, 8), 1);
    const n = 40;
    const z = tf.randomNormal([n, 2], 0, 2, 'float32', 3) as tf.Tensor2D;
    const together = tf.tidy(() => family.logQ(params, x, z).dataSync().slice());
    const alone = Float32Array.from({ length: n }, (_, i) =>
      tf.tidy(() => family.logQ(params, x, tf.slice(z, [i, 0], [1, 2]) as tf.Tensor2D).dataSync()[0]),
    );
    expect(relativeMaxError(together, alone)).toBeLessThan(1e-5);
    // Not all equal: the points differ and so do their densities.
    expect(Math.max(...together) - Math.min(...together)).toBeGreaterThan(1);
    tf.dispose([x, z]);
    disposeParams(params);
  });

  it("a digit's K draws carry the density that log q gives at them (forward and inverse agree)", () => {
    const params = perturbedParams();
    const family = familyOf(params);
    const x = batchOf(fakeImages(1, 9), 1);
    tf.tidy(() => {
      const { z, logQ } = family.sample(params, x, 64, 5);
      const again = family.logQ(params, x, z);
      expect(relativeMaxError(again.dataSync(), logQ.dataSync())).toBeLessThan(1e-4);
    });
    x.dispose();
    disposeParams(params);
  });
});

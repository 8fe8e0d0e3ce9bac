import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelParams } from '../../src/model/params';
import { loadShippedVae } from './shippedVae';
import { batchLogJointOf, labModelFor } from '../../src/model/posterior/fromModel';
import { posteriorQuadrature, posteriorQuadratureBatch } from '../../src/model/posterior/lab';
import { gridPoints } from '../../src/model/posterior/numerics';
import { adaptiveQuadrature, adaptiveQuadratureBatch } from '../../src/model/posterior/quadrature';

/**
 * The batched quadrature (several digits, their decoder passes shared) is
 * the one-digit quadrature run side by side: the same refinement, the same
 * log p(x), with fewer decoder passes when the digits' posteriors are near.
 */
let params: ModelParams;
let images: Float32Array;
let imageOf: (i: number) => Float32Array;

beforeAll(async () => {
  ({ params, imageOf } = await loadShippedVae());
  // The first 40 test digits, row-major: the batch functions take several images at once.
  images = new Float32Array(40 * 784);
  for (let i = 0; i < 40; i++) images.set(imageOf(i), i * 784);
}, 60_000);

describe('batched quadrature', () => {
  it('gives each image exactly what its own run gives, on the same box', async () => {
    // Two Gaussian bumps as "images": the batch function evaluates both at once.
    const bump = (mx: number, my: number, s: number) => async (z: Float32Array, n: number) =>
      Float64Array.from({ length: n }, (_, i) => -0.5 * (((z[2 * i] - mx) / s) ** 2 + ((z[2 * i + 1] - my) / s) ** 2));
    const fns = [bump(0.3, -0.2, 0.05), bump(0.35, -0.2, 0.08), bump(-2, 1, 0.3)];
    const seeds = fns.map(() => []);
    const box: [number, number, number, number] = [-8, 8, -8, 8];
    let passes = 0;
    const batch = await adaptiveQuadratureBatch(
      async (z, n, items) => {
        passes += n;
        const rows = await Promise.all(items.map((b) => fns[b](z, n)));
        const out = new Float64Array(items.length * n);
        rows.forEach((row, r) => out.set(row, r * n));
        return out;
      },
      fns.length,
      { box, seeds },
    );
    let alone = 0;
    for (let b = 0; b < fns.length; b++) {
      const single = await adaptiveQuadrature(fns[b], { box });
      alone += single.evaluations;
      expect(batch[b].logPx).toBe(single.logPx);
      expect(batch[b].evaluations).toBe(single.evaluations);
      // The closed form: log of 2 pi s^2.
      expect(Math.abs(batch[b].logPx - Math.log(2 * Math.PI * [0.05, 0.08, 0.3][b] ** 2))).toBeLessThan(0.01);
    }
    // The two bumps near each other share their points.
    expect(passes).toBeLessThan(alone);
  });

  it('evaluates log p(x, z) of every image of a batch as the one-image path does, on vae-2d', async () => {
    const batch = batchLogJointOf(params, images, 5);
    try {
      const z = gridPoints([-2, 2, -2, 2], 9, 9);
      const all = await batch.logJoint(z, 81, [0, 1, 2, 3, 4]);
      const some = await batch.logJoint(z, 81, [3, 1]);
      for (const b of [0, 3]) {
        const model = await labModelFor(params, imageOf(b));
        const single = await model.logJoint(z, 81);
        model.dispose();
        for (let j = 0; j < 81; j++)
          expect(Math.abs(all[b * 81 + j] - single[j])).toBeLessThan(2e-3 * Math.max(1, Math.abs(single[j])));
      }
      for (let j = 0; j < 81; j++) expect(some[j]).toBeCloseTo(all[3 * 81 + j], 3);
    } finally {
      batch.dispose();
    }
  });

  it("agrees with each digit's own quadrature within its 0.01-nat tolerance, on 16 digits of vae-2d", async () => {
    const count = 16;
    const models = await Promise.all(Array.from({ length: count }, (_, i) => labModelFor(params, imageOf(i))));
    const batch = batchLogJointOf(params, images, count);
    try {
      const results = await posteriorQuadratureBatch(models, batch.logJoint);
      for (let i = 0; i < count; i++) {
        const single = await posteriorQuadrature(models[i]);
        expect(results[i].converged).toBe(true);
        expect(Math.abs(results[i].logPx - single.logPx), `digit ${i}`).toBeLessThan(0.02);
      }
    } finally {
      batch.dispose();
      for (const m of models) m.dispose();
    }
  }, 300_000);
});

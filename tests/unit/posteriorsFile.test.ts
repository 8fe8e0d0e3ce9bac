import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import { disposeParams, initParams } from '../../src/model/params';
import {
  encodePosteriors,
  posteriorsFromBytes,
  posteriorsMatch,
  posteriorsToBytes,
} from '../../src/model/format/posteriorsFile';
import { fakeImages, smallConfig } from './helpers';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

describe('the shipped test-posteriors file', () => {
  it('round-trips, and a file from other weights is detected as stale', async () => {
    const images = fakeImages(100, 3);
    const model = initParams(smallConfig({ seed: 1 }));
    const other = initParams(smallConfig({ seed: 2 }));
    const posteriors = await encodePosteriors(model, images, 100);
    const bytes = posteriorsToBytes(posteriors);
    expect(bytes.byteLength).toBe(100 * 3 * 2 * 4);
    const read = posteriorsFromBytes(bytes, 'vae', 3, 100)!;
    expect(read.means).toEqual(posteriors.means);
    expect(read.logVars).toEqual(posteriors.logVars);
    expect(await posteriorsMatch(model, read, images)).toBe(true);
    expect(await posteriorsMatch(other, read, images)).toBe(false);
    // A file of the wrong length (another latent size or kind) is refused.
    expect(posteriorsFromBytes(bytes, 'ae', 3, 100)).toBeNull();
    expect(posteriorsFromBytes(bytes, 'vae', 2, 100)).toBeNull();
    disposeParams(model);
    disposeParams(other);
  });

  it('keeps a full-covariance posterior whole: means, marginal log-variances, packed covariances', async () => {
    const images = fakeImages(50, 4);
    const model = initParams(smallConfig({ kind: 'fullcov-vae', seed: 1 }));
    const posteriors = await encodePosteriors(model, images, 50);
    expect(posteriors.covariances?.length).toBe(50 * 6);
    // Sigma's diagonal is exp(logVars): (0, 0) at 0, (1, 1) at 2, (2, 2) at 5 of each packed row.
    [0, 2, 5].forEach((k, i) =>
      expect(posteriors.covariances![6 * 7 + k]).toBeCloseTo(Math.exp(posteriors.logVars![3 * 7 + i]), 5),
    );
    const bytes = posteriorsToBytes(posteriors);
    expect(bytes.byteLength).toBe(50 * (3 + 3 + 6) * 4);
    const read = posteriorsFromBytes(bytes, 'fullcov-vae', 3, 50)!;
    expect(read.covariances).toEqual(posteriors.covariances);
    expect(read.logVars).toEqual(posteriors.logVars);
    expect(await posteriorsMatch(model, read, images)).toBe(true);
    expect(posteriorsFromBytes(bytes, 'vae', 3, 50)).toBeNull();
    disposeParams(model);
  });
});

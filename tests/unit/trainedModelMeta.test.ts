import { describe, expect, it } from 'vitest';
import { modelMetaSchema } from '../../src/model/meta';
import { trainedModelMeta } from '../../src/state/trainedModelMeta';
import type { EpochPoint } from '../../src/worker/protocol';
import { smallConfig } from './helpers';

// 60,000 training digits in batches of 8: 7,500 steps an epoch.
const config = smallConfig({ batchSize: 8, hidden: [32], latentDim: 2, beta: 2, seed: 5 });
const PER_EPOCH = 7500;
const settings = { evalCount: 10_000 };
const now = new Date('2026-01-02T03:04:05.000Z');

const epochPoint = (epoch: number, iwae = true): EpochPoint => ({
  epoch,
  reconstruction: 150.5,
  kl: 6.25,
  negElbo: 156.75,
  klPerDimension: [3, 3.25],
  iwae: iwae ? { negLogLikelihood: 154.5, negElbo: 156.5, gap: 2, K: 100, count: 500 } : null,
});

describe('meta.json for a model trained in the page', () => {
  it('records the settings and, measured on these very weights, the last epoch figures', () => {
    const meta = trainedModelMeta({
      config,
      settings,
      epochs: [epochPoint(1), epochPoint(2)],
      step: 2 * PER_EPOCH,
      name: 'my run',
      now,
    });
    expect(modelMetaSchema.parse(meta)).toEqual(meta);
    expect(meta).toMatchObject({
      name: 'my run',
      kind: 'vae',
      latentDim: 2,
      hidden: [32],
      likelihood: 'bernoulli',
      beta: 2,
      epochs: 2,
      seed: 5,
      trainedOn: 'mnist-train-60000',
      batchSize: 8,
      createdAt: '2026-01-02T03:04:05.000Z',
      testMetrics: {
        reconstruction: 150.5,
        kl: 6.25,
        negElbo: 156.75,
        iwaeNegLogLikelihood: 154.5,
        K: 100,
        klPerDimension: [3, 3.25],
        count: 10_000,
      },
    });
    expect(meta.description).toContain('−log p(x) on the first 500 with K = 100');
  });

  it('has no test figures when no epoch finished, and says so', () => {
    const meta = trainedModelMeta({ config, settings, epochs: [], step: 3, name: 'early', now });
    expect(meta.testMetrics).toBeNull();
    expect(meta.epochs).toBe(0);
    expect(meta.description).toContain('No epoch had finished');
    expect(modelMetaSchema.safeParse(meta).success).toBe(true);
  });

  it('leaves out figures measured on earlier weights (trained on past the epoch)', () => {
    const meta = trainedModelMeta({ config, settings, epochs: [epochPoint(1)], step: PER_EPOCH + 40, name: 'x', now });
    expect(meta.testMetrics).toBeNull();
    expect(meta.epochs).toBeCloseTo(1.005, 3);
    expect(meta.description).toContain('The test figures of epoch 1 are left out');
  });

  it('writes an AE with null KL and -ELBO and no IWAE figure', () => {
    const ae = { ...config, kind: 'ae' as const };
    const point: EpochPoint = { ...epochPoint(1, false), kl: null, negElbo: null, klPerDimension: null };
    const meta = trainedModelMeta({ config: ae, settings, epochs: [point], step: PER_EPOCH, name: 'ae', now });
    expect(meta.testMetrics).toEqual({ reconstruction: 150.5, kl: null, negElbo: null, count: 10_000 });
    expect(modelMetaSchema.safeParse(meta).success).toBe(true);
  });
});

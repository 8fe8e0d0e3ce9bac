import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import type { ModelArrays } from '../../src/model/arrays';
import type { ModelConfig } from '../../src/model/config';
import { modelMetaSchema } from '../../src/model/format/meta';
import { disposeParams, initParams, paramsToArrays } from '../../src/model/params';
import type { EpochPoint } from '../../src/model/training/events';
import { trainedModelMeta } from '../../src/state/trainedModelMeta';
import { smallConfig } from './helpers';

// 60,000 training digits in batches of 8: 7,500 steps an epoch.
const config = smallConfig({ batchSize: 8, hidden: [32], latentDim: 2, beta: 2, seed: 5 });
const PER_EPOCH = 7500;
const now = new Date('2026-01-02T03:04:05.000Z');

async function weightsOf(c: ModelConfig): Promise<ModelArrays> {
  const params = initParams(c);
  const arrays = await paramsToArrays(params);
  disposeParams(params);
  return arrays;
}

let weights: ModelArrays;
beforeAll(async () => {
  await initNodeBackend('cpu');
  weights = await weightsOf(config);
});

const epochPoint = (epoch: number, iwae = true): EpochPoint => ({
  epoch,
  step: Math.round(epoch * 469),
  reconstruction: 150.5,
  kl: 6.25,
  klMethod: 'closed-form',
  negElbo: 156.75,
  klPerDimension: [3, 3.25],
  codeUsage: null,
  count: 10_000,
  iwae: iwae ? { negLogLikelihood: 154.5, negElbo: 156.5, gap: 2, K: 100, count: 500 } : null,
});

describe('meta.json for a model trained in the page', () => {
  it('records the settings and, measured on these very weights, the last epoch figures, each with its own count', () => {
    const meta = trainedModelMeta({
      dataset: 'mnist',
      config,
      epochs: [epochPoint(1), epochPoint(2)],
      step: 2 * PER_EPOCH,
      weights,
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
      dataset: 'mnist',
      batchSize: 8,
      createdAt: '2026-01-02T03:04:05.000Z',
      prior: { kind: 'standard' },
      testMetrics: {
        reconstruction: 150.5,
        kl: 6.25,
        klMethod: 'closed-form',
        negElbo: 156.75,
        klPerDimension: [3, 3.25],
        count: 10_000,
        // The importance-sampled figure was measured on 500 digits, not on the 10,000 of the rest.
        iwaeNegLogLikelihood: 154.5,
        K: 100,
        iwaeCount: 500,
      },
    });
    expect(meta.description).toContain('−log p(x) on 500 others drawn at random, with K = 100');
  });

  it('names the dataset the run trained on', () => {
    const meta = trainedModelMeta({ dataset: 'fashion-mnist', config, epochs: [], step: 3, weights, name: 'f', now });
    expect(meta).toMatchObject({ dataset: 'fashion-mnist', trainedOn: 'fashion-mnist-train-60000' });
    expect(modelMetaSchema.parse(meta).dataset).toBe('fashion-mnist');
  });

  it('has no test figures when no epoch finished, and says so', () => {
    const meta = trainedModelMeta({ dataset: 'mnist', config, epochs: [], step: 3, weights, name: 'early', now });
    expect(meta.testMetrics).toBeNull();
    expect(meta.epochs).toBe(0);
    expect(meta.description).toContain('No epoch had finished');
    expect(modelMetaSchema.safeParse(meta).success).toBe(true);
  });

  it('leaves out figures measured on earlier weights (trained on past the epoch)', () => {
    const meta = trainedModelMeta({
      dataset: 'mnist',
      config,
      epochs: [epochPoint(1)],
      step: PER_EPOCH + 40,
      weights,
      name: 'x',
      now,
    });
    expect(meta.testMetrics).toBeNull();
    expect(meta.epochs).toBeCloseTo(1.005, 3);
    expect(meta.description).toContain('The test figures of epoch 1 are left out');
  });

  it('writes an AE with null KL and -ELBO and no IWAE figure', async () => {
    const ae = { ...config, kind: 'ae' as const };
    const point: EpochPoint = {
      ...epochPoint(1, false),
      kl: null,
      klMethod: null,
      negElbo: null,
      klPerDimension: null,
    };
    const meta = trainedModelMeta({
      dataset: 'mnist',
      config: ae,
      epochs: [point],
      step: PER_EPOCH,
      weights: await weightsOf(ae),
      name: 'ae',
      now,
    });
    expect(meta.testMetrics).toEqual({ reconstruction: 150.5, kl: null, negElbo: null, count: 10_000 });
    expect(meta.prior).toBeUndefined();
    expect(modelMetaSchema.safeParse(meta).success).toBe(true);
  });

  it('writes a learned prior’s parameters and a codebook into meta.json', async () => {
    const mog = { ...config, prior: { kind: 'mog' as const, components: 3 } };
    const meta = trainedModelMeta({
      dataset: 'mnist',
      config: mog,
      epochs: [],
      step: 1,
      weights: await weightsOf(mog),
      name: 'm',
      now,
    });
    expect(meta.prior).toMatchObject({ kind: 'mog', k: 3 });
    if (meta.prior?.kind !== 'mog') throw new Error('no mixture');
    expect(meta.prior.means).toHaveLength(3);
    expect(meta.prior.means[0]).toHaveLength(2);
    const vq = { ...config, kind: 'vq-vae' as const, codebookSize: 5 };
    const vqMeta = trainedModelMeta({
      dataset: 'mnist',
      config: vq,
      epochs: [],
      step: 1,
      weights: await weightsOf(vq),
      name: 'v',
      now,
    });
    expect(vqMeta.codebook).toMatchObject({ size: 5, commitment: 0.25, update: vq.codebookUpdate });
    expect(vq.codebookUpdate).toBe('ema'); // the default
    expect(vqMeta.codebook?.vectors).toHaveLength(5);
    expect(modelMetaSchema.safeParse(vqMeta).success).toBe(true);
  });
});

describe('a VQ-VAE trained in the page', () => {
  it('writes the code-usage figures the shipped models have: perplexity and dead codes', async () => {
    const vq = smallConfig({ kind: 'vq-vae', hidden: [32], latentDim: 2, codebookSize: 4, batchSize: 8, seed: 5 });
    // 10,000 test digits over 4 codes, one of them never chosen.
    const codeUsage = [5000, 2500, 2500, 0];
    const meta = trainedModelMeta({
      dataset: 'mnist',
      config: vq,
      epochs: [{ ...epochPoint(1, false), kl: Math.log(4), klMethod: 'log-k', klPerDimension: null, codeUsage }],
      step: PER_EPOCH,
      weights: await weightsOf(vq),
      name: 'vq run',
      now,
    });
    expect(modelMetaSchema.parse(meta)).toEqual(meta);
    // exp(H) with H = -(0.5 ln 0.5 + 2 x 0.25 ln 0.25) = 1.5 ln 2: 2^1.5.
    expect(meta.testMetrics?.perplexity).toBeCloseTo(2 ** 1.5, 12);
    expect(meta.testMetrics?.deadCodes).toBe(1);
    expect(meta.testMetrics?.codeUsage).toEqual(codeUsage);
  });
});

import { MNIST_TRAIN_COUNT } from '../data/mnist';
import { architectureName, type ModelConfig } from '../model/config';
import { batchesPerEpoch } from '../model/epochs';
import type { ModelMeta, TestMetrics } from '../model/meta';
import type { EpochPoint, RunSettings } from '../worker/protocol';

/** The training run loads the full MNIST training set; meta.json says so. */
export const TRAINED_ON = `mnist-train-${MNIST_TRAIN_COUNT}`;

export interface TrainedModelFacts {
  config: ModelConfig;
  settings: Pick<RunSettings, 'evalCount'>;
  /** The run's end-of-epoch test figures for this model, oldest first. */
  epochs: readonly EpochPoint[];
  /** The training step of the weights being saved. */
  step: number;
  name: string;
  now?: Date;
}

function testMetricsOf(point: EpochPoint, evalCount: number): TestMetrics {
  const metrics: TestMetrics = {
    reconstruction: point.reconstruction,
    kl: point.kl,
    negElbo: point.negElbo,
    count: evalCount,
  };
  if (point.iwae) {
    metrics.iwaeNegLogLikelihood = point.iwae.negLogLikelihood;
    metrics.K = point.iwae.K;
  }
  if (point.klPerDimension) metrics.klPerDimension = point.klPerDimension;
  return metrics;
}

/**
 * meta.json for weights from a training run in this page. Test figures are
 * only those measured on these very weights (at the end of an epoch): the
 * last epoch's figures do not describe weights trained past it, and a
 * number shown beside a model must be that model's.
 */
export function trainedModelMeta({
  config,
  settings,
  epochs,
  step,
  name,
  now = new Date(),
}: TrainedModelFacts): ModelMeta {
  const perEpoch = batchesPerEpoch(MNIST_TRAIN_COUNT, config.batchSize);
  const last = epochs.length ? epochs[epochs.length - 1] : null;
  const measured = last && last.epoch * perEpoch === step ? last : null;
  const epochsTrained = Number((step / perEpoch).toFixed(3));
  let figures: string;
  if (measured) {
    figures =
      `Test figures on the first ${settings.evalCount.toLocaleString('en-US')} test digits` +
      (measured.iwae ? `; −log p(x) on the first ${measured.iwae.count} with K = ${measured.iwae.K}.` : '.');
  } else if (last) {
    figures = `The test figures of epoch ${last.epoch} are left out: these weights are from a later step.`;
  } else {
    figures = 'No epoch had finished, so there are no test figures.';
  }
  const kind = config.kind.toUpperCase();
  return {
    name,
    description: `${kind} ${architectureName(config)} trained in the browser for ${step} steps (${epochsTrained} epochs). ${figures}`,
    kind: config.kind,
    latentDim: config.latentDim,
    hidden: [...config.hidden],
    likelihood: config.likelihood,
    beta: config.beta,
    epochs: epochsTrained,
    seed: config.seed,
    trainedOn: TRAINED_ON,
    testMetrics: measured ? testMetricsOf(measured, settings.evalCount) : null,
    gaussianSigma: config.gaussianSigma,
    learningRate: config.learningRate,
    batchSize: config.batchSize,
    klWarmupSteps: config.klWarmupSteps,
    createdAt: now.toISOString(),
  };
}

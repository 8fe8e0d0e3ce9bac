import { DATASETS, trainedOnLabel, type DatasetId } from '../data/datasets';
import type { ModelArrays } from '../model/arrays';
import type { ModelConfig } from '../model/config';
import { batchesPerEpoch } from '../model/training/epochs';
import { architectureName, familyInfo } from '../model/familyInfo';
import { familyMeta } from '../model/format/familyMeta';
import { configMeta, type ModelMeta, type TestMetrics } from '../model/format/meta';
import { testMetricsOf as measuredTestMetrics } from '../model/testMetrics';
import type { EpochPoint } from '../model/training/events';

export interface TrainedModelFacts {
  config: ModelConfig;
  /** The page's dataset: the run trains on its full training split, and meta.json says so. */
  dataset: DatasetId;
  /** The run's end-of-epoch test figures for this model, oldest first. */
  epochs: readonly EpochPoint[];
  /** The training step of the weights being saved, and the weights. */
  step: number;
  weights: ModelArrays;
  name: string;
  now?: Date;
}

/** An epoch point's figures as meta.json's testMetrics (the scripts write theirs the same way). */
export const testMetricsOf = (point: EpochPoint): TestMetrics => measuredTestMetrics(point);

const digits = (n: number) => n.toLocaleString('en-US');

/**
 * meta.json for weights from a training run in this page. Test figures are
 * only those measured on these very weights (at the end of an epoch): the
 * last epoch's figures do not describe weights trained past it, and a
 * number shown beside a model must be that model's.
 */
export function trainedModelMeta({
  config,
  dataset,
  epochs,
  step,
  weights,
  name,
  now = new Date(),
}: TrainedModelFacts): ModelMeta {
  const perEpoch = batchesPerEpoch(DATASETS[dataset].trainCount, config.batchSize);
  const last = epochs.length ? epochs[epochs.length - 1] : null;
  const measured = last && last.epoch * perEpoch === step ? last : null;
  const epochsTrained = Number((step / perEpoch).toFixed(3));
  let figures: string;
  if (measured) {
    figures =
      `Test figures on ${digits(measured.count)} test digits` +
      (measured.iwae
        ? `; −log p(x) on ${digits(measured.iwae.count)} others drawn at random, with K = ${measured.iwae.K}.`
        : '.');
  } else if (last) {
    figures = `The test figures of epoch ${last.epoch} are left out: these weights are from a later step.`;
  } else {
    figures = 'No epoch had finished, so there are no test figures.';
  }
  const label = familyInfo(config.kind).label;
  return {
    name,
    description: `${label} ${architectureName(config)} trained in the browser for ${step} steps (${epochsTrained} epochs). ${figures}`,
    ...configMeta(config),
    epochs: epochsTrained,
    trainedOn: trainedOnLabel(dataset),
    dataset,
    testMetrics: measured ? testMetricsOf(measured) : null,
    ...familyMeta(weights),
    createdAt: now.toISOString(),
  };
}

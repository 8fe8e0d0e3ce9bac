import { DATASETS, DEFAULT_DATASET, isDatasetId, type DatasetId, type DatasetSpec } from '../data/datasets';

/** The URL key of the page's dataset: `#data=fashion-mnist` (MNIST, the default, is left out). */
export const DATASET_URL_KEY = 'data';

export function datasetFromHash(hash: string): DatasetId {
  const text = new URLSearchParams(hash.replace(/^#/, '')).get(DATASET_URL_KEY);
  return isDatasetId(text) ? text : DEFAULT_DATASET;
}

let current: DatasetId | null = null;

/**
 * The dataset this page shows, read once from the link it was opened with and
 * fixed for the page's life: the workers load it, the maps, training, library
 * and lab use it. Switching reloads the page on the other one
 * (switchDataset in datasetActions.ts), so no figure ever mixes two datasets.
 */
export function pageDataset(): DatasetId {
  current ??= typeof window === 'undefined' ? DEFAULT_DATASET : datasetFromHash(window.location.hash);
  return current;
}

export function pageDatasetSpec(): DatasetSpec {
  return DATASETS[pageDataset()];
}

/**
 * The real datasets the explorer knows. Both have MNIST's shape (28 x 28 grey
 * images, 60,000 training and 10,000 test, 10 classes) and its idx files, so
 * one parser, one model shape and one set of figures serve both; what differs
 * is where the files are served from and what the classes are called.
 */
export const DATASET_IDS = ['mnist', 'fashion-mnist'] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

export const DEFAULT_DATASET: DatasetId = 'mnist';

export interface DatasetSpec {
  id: DatasetId;
  /** Its name, the same in every language. */
  label: string;
  /** Under public/data/: '' for MNIST (its files have always lived there), else '<id>/'. */
  path: string;
  trainCount: number;
  testCount: number;
  /** The shipped models a page on this dataset opens with, left and right. */
  defaultModels: { left: string; right: string };
  /** What an image is called in this dataset's captions ('digit' or 'item'). */
  noun: 'digit' | 'item';
}

export const DATASETS: Record<DatasetId, DatasetSpec> = {
  mnist: {
    id: 'mnist',
    label: 'MNIST',
    path: '',
    trainCount: 60_000,
    testCount: 10_000,
    defaultModels: { left: 'vae-2d', right: 'ae-2d' },
    noun: 'digit',
  },
  'fashion-mnist': {
    id: 'fashion-mnist',
    label: 'Fashion-MNIST',
    path: 'fashion-mnist/',
    trainCount: 60_000,
    testCount: 10_000,
    defaultModels: { left: 'fashion-vae-2d', right: 'fashion-ae-2d' },
    noun: 'item',
  },
};

export function isDatasetId(text: unknown): text is DatasetId {
  return typeof text === 'string' && (DATASET_IDS as readonly string[]).includes(text);
}

/** What a model's meta.json `trainedOn` says for a run on the full training split. */
export function trainedOnLabel(dataset: DatasetId): string {
  return `${dataset}-train-${DATASETS[dataset].trainCount}`;
}

/** A file's name in messages: 'fashion-mnist/t10k-images-idx3-ubyte', or the bare name for MNIST. */
export function datasetFileName(dataset: DatasetId, name: string): string {
  return `${DATASETS[dataset].path}${name}`;
}

/**
 * A worker's name carries the page's dataset ("explorer (fashion-mnist)"), so
 * a worker knows what to load from its first call, and a restarted one (after
 * a crash) too, with no message to forget.
 */
export function workerName(role: string, dataset: DatasetId): string {
  return `${role} (${dataset})`;
}

export function datasetOfWorkerName(name: string): DatasetId {
  const match = /\(([a-z-]+)\)$/.exec(name);
  return match && isDatasetId(match[1]) ? match[1] : DEFAULT_DATASET;
}

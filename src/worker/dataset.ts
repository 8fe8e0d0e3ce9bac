import { DATASETS, datasetOfWorkerName, type DatasetId } from '../data/datasets';
import { fetchMnistFile } from '../data/fetchMnist';
import { labelCounts, loadMnist, loadMnistTest, type MnistData, type MnistSplit } from '../data/mnist';

/** What the UI shows about the loaded data. */
export interface DatasetInfo {
  dataset: DatasetId;
  trainCount: number;
  testCount: number;
  trainLabelCounts: number[];
  testLabelCounts: number[];
  /** Fetch + inflate + parse, in milliseconds. */
  loadMs: number;
}

/** The page's dataset, from this worker's name (see workerName in data/datasets.ts). */
export const WORKER_DATASET: DatasetId = datasetOfWorkerName(self.name);

/** The same-origin URL of a dataset's files under public/data/, from inside a worker whose script lives under /assets/. */
export function dataBaseUrl(dataset: DatasetId = WORKER_DATASET): string {
  return new URL(`${import.meta.env.BASE_URL}data/${DATASETS[dataset].path}`, self.location.origin).href;
}

let loading: Promise<MnistData> | null = null;

/** Loads the worker's dataset (both splits) once; later calls share the same promise. */
export function loadDataset(): Promise<MnistData> {
  loading ??= loadMnist(fetchMnistFile(dataBaseUrl()), WORKER_DATASET).catch((err: unknown) => {
    loading = null; // a later call may retry
    throw err;
  });
  return loading;
}

const testSplits = new Map<DatasetId, Promise<MnistSplit>>();

/**
 * A dataset's test split (the worker's own by default), fetched on its own (the explorer worker needs no
 * training images) and once per worker: the explorer's test set and the anomaly panel's share it.
 */
export function loadTestSplit(dataset: DatasetId = WORKER_DATASET): Promise<MnistSplit> {
  let split = testSplits.get(dataset);
  if (!split) {
    split = loadMnistTest(fetchMnistFile(dataBaseUrl(dataset)), dataset).catch((err: unknown) => {
      testSplits.delete(dataset); // a later call may retry
      throw err;
    });
    testSplits.set(dataset, split);
  }
  return split;
}

/**
 * Fetches and checks all four files of a dataset (magic numbers, counts,
 * labels), keeping nothing: the page switches to a dataset only once this
 * passed, so a broken file costs the person nothing. Rejects with a message
 * naming the file and the fault.
 */
export async function checkDataset(dataset: DatasetId): Promise<DatasetInfo> {
  const start = performance.now();
  const data = await loadMnist(fetchMnistFile(dataBaseUrl(dataset)), dataset);
  return describeDataset(dataset, data, performance.now() - start);
}

export function describeDataset(dataset: DatasetId, data: MnistData, loadMs: number): DatasetInfo {
  return {
    dataset,
    trainCount: data.train.count,
    testCount: data.test.count,
    trainLabelCounts: labelCounts(data.train.labels),
    testLabelCounts: labelCounts(data.test.labels),
    loadMs,
  };
}

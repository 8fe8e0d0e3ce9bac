import { fetchMnistFile } from '../data/fetchMnist';
import { labelCounts, loadMnist, type MnistData } from '../data/mnist';

/** What the UI shows about the loaded data. */
export interface DatasetInfo {
  trainCount: number;
  testCount: number;
  trainLabelCounts: number[];
  testLabelCounts: number[];
  /** Fetch + inflate + parse, in milliseconds. */
  loadMs: number;
}

/** The same-origin URL of public/data/, from inside a worker whose script lives under /assets/. */
export function dataBaseUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}data/`, self.location.origin).href;
}

let loading: Promise<MnistData> | null = null;

/** Loads MNIST once per worker; later calls share the same promise. */
export function loadDataset(): Promise<MnistData> {
  loading ??= loadMnist(fetchMnistFile(dataBaseUrl())).catch((err: unknown) => {
    loading = null; // a later call may retry
    throw err;
  });
  return loading;
}

export function describeDataset(data: MnistData, loadMs: number): DatasetInfo {
  return {
    trainCount: data.train.count,
    testCount: data.test.count,
    trainLabelCounts: labelCounts(data.train.labels),
    testLabelCounts: labelCounts(data.test.labels),
    loadMs,
  };
}

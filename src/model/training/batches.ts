import * as tf from '@tensorflow/tfjs-core';
import { INPUT_DIM } from '../config';
import { batchesPerEpoch, epochOrder } from './epochs';
import { gatherBatch, type MnistSplit } from '../../data/mnist';
import { createRng, shuffledIndices } from '../../lib/rng';

/**
 * The training batches of a run: epoch order (from the seed and the epoch
 * alone, so every model of a comparison sees the same batches) -> gather ->
 * tensor. One buffer is reused, so a step allocates nothing on the JS side.
 */
export class BatchStream {
  readonly stepsPerEpoch: number;
  private order: { epoch: number; indices: Uint32Array } | null = null;
  private readonly buffer: Float32Array;

  constructor(
    private readonly train: MnistSplit,
    readonly batchSize: number,
    private readonly seed: number,
  ) {
    this.stepsPerEpoch = batchesPerEpoch(train.count, batchSize);
    this.buffer = new Float32Array(batchSize * INPUT_DIM);
  }

  /** Batch `index` of epoch `epoch` as a [batchSize, 784] tensor the caller disposes. */
  batch(epoch: number, index: number): tf.Tensor2D {
    if (this.order?.epoch !== epoch) {
      this.order = { epoch, indices: epochOrder(this.train.count, this.seed, epoch) };
    }
    const images = gatherBatch(
      this.train.images,
      this.order.indices,
      index * this.batchSize,
      this.batchSize,
      this.buffer,
    );
    return tf.tensor2d(images, [this.batchSize, INPUT_DIM]);
  }
}

/**
 * `count` test digits as [count, 784] pixels in [0, 1]: all of them in order
 * when count is the whole split, else a seeded random subset (the first
 * digits of the file are easier than the rest; a subset should not be).
 */
export function testSubset(
  test: MnistSplit,
  count: number,
  seed: number,
): { images: Float32Array; indices: Uint32Array } {
  const n = Math.min(count, test.count);
  const indices =
    n === test.count
      ? Uint32Array.from({ length: n }, (_, i) => i)
      : shuffledIndices(test.count, createRng(seed)).slice(0, n);
  return { images: gatherBatch(test.images, indices, 0, n), indices };
}

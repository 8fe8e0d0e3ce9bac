import { createRng, shuffledIndices } from '../../lib/rng';

/**
 * The order of the training images in one epoch, from the run's seed and the
 * epoch number alone: a VAE and an AE trained with the same seed see exactly
 * the same batches, so their comparison is about the KL term and nothing else.
 */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  return shuffledIndices(count, createRng((Math.imul(seed, 0x9e3779b1) + epoch * 0x85ebca6b) >>> 0));
}

/** Full batches per epoch (the last partial batch is dropped, as in Keras' default shuffling runs). */
export function batchesPerEpoch(count: number, batchSize: number): number {
  return Math.floor(count / batchSize);
}

import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { DATASET_IDS, type DatasetId } from '../../data/datasets';
import { createRng } from '../../lib/rng';
import { yieldToEventLoop } from '../../lib/yieldToEventLoop';
import { INPUT_DIM } from '../config';
import { importanceSampledLogLikelihood } from '../evaluate';
import type { ModelParams } from '../params';
import { encodePosteriors } from '../format/posteriorsFile';
import { withRowsQuadrature } from './fromModel';
import type { Cancel } from './lab';
import { Cancelled } from './quadrature';
import { neighbourOrder } from './numerics';

/**
 * -log p(x) per image, as an anomaly score: by the lab's adaptive quadrature
 * for a 2-D model (in batches of neighbours whose decoder passes are
 * shared), by importance sampling with K = 1,000 draws of q above 2-D. And
 * the file that ships the scores of a model's own test set, the other
 * dataset's and pure noise (likelihood-scores.bin), so the page shows them
 * without minutes of quadrature.
 */

export const SCORES_FILE = 'likelihood-scores.bin';
/** Importance samples per image above 2-D. */
export const IWAE_K = 1000;
/** Digits per quadrature batch (neighbours by q's mean). */
const BATCH = 64;

export type ScoreMethod = 'quadrature' | 'importance';

export function scoreMethodOf(params: ModelParams): ScoreMethod {
  return params.config.latentDim === 2 ? 'quadrature' : 'importance';
}

/** -log p(x) of each row of `images` (pixels in [0, 1]); `onProgress` gets the share done. */
export async function negLogLikelihoods(
  params: ModelParams,
  images: Float32Array,
  count: number,
  onProgress?: (done: number) => void,
  cancelled?: Cancel,
): Promise<Float32Array> {
  const out = new Float32Array(count);
  let done = 0;
  if (scoreMethodOf(params) === 'importance') {
    const rng = createRng(31);
    const batch = Math.max(1, Math.floor(5000 / IWAE_K));
    for (let start = 0; start < count; start += batch) {
      if (cancelled?.()) throw new Cancelled();
      const size = Math.min(batch, count - start);
      const values = tf.tidy(
        () =>
          importanceSampledLogLikelihood(
            params,
            tf.tensor2d(images.subarray(start * INPUT_DIM, (start + size) * INPUT_DIM), [size, INPUT_DIM]),
            IWAE_K,
            rng.seed(),
          ).logLikelihood,
      );
      const data = await values.data();
      values.dispose();
      for (let k = 0; k < size; k++) out[start + k] = -data[k];
      done += size;
      onProgress?.(done);
      await yieldToEventLoop();
    }
    return out;
  }
  const { means } = await encodePosteriors(params, images, count);
  const order = neighbourOrder(means, count);
  for (let start = 0; start < count; start += BATCH) {
    if (cancelled?.()) throw new Cancelled();
    const rows = order.slice(start, start + BATCH);
    await withRowsQuadrature(params, images, rows, cancelled, async (_, quads) => {
      rows.forEach((row, k) => (out[row] = -quads[k].logPx));
    });
    done += rows.length;
    onProgress?.(done);
    await yieldToEventLoop();
  }
  return out;
}

/**
 * `count` images of pure noise: each pixel uniform over the 256 grey levels
 * (as bytes, so they have a compressed length like any image), seeded.
 */
export function noiseImages(count: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: count * INPUT_DIM }, () => rng.int(256));
}

/** The other dataset: the one a model was not trained on. */
export function otherDataset(dataset: DatasetId): DatasetId {
  return DATASET_IDS.find((d) => d !== dataset) ?? dataset;
}

const headerSchema = z.object({
  /** The model's own dataset, and the other one. */
  dataset: z.enum(DATASET_IDS),
  otherDataset: z.enum(DATASET_IDS),
  method: z.enum(['quadrature', 'importance']),
  /** Scores of the first `own` / `other` test images of each, and of `noise` noise images of seed `noiseSeed`. */
  own: z.number().int().positive(),
  other: z.number().int().positive(),
  noise: z.number().int().nonnegative(),
  noiseSeed: z.number().int(),
});

export type ScoresHeader = z.infer<typeof headerSchema>;

export interface ShippedScores {
  header: ScoresHeader;
  own: Float32Array;
  other: Float32Array;
  noise: Float32Array;
}

/** likelihood-scores.bin: a u32 (little-endian) header length, the JSON header, padding to 4 bytes, float32 scores. */
export function scoresToBytes(scores: ShippedScores): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(scores.header));
  const offset = 4 + Math.ceil(json.length / 4) * 4;
  const values = scores.own.length + scores.other.length + scores.noise.length;
  const bytes = new Uint8Array(offset + 4 * values);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  const floats = new Float32Array(bytes.buffer, offset, values);
  floats.set(scores.own);
  floats.set(scores.other, scores.own.length);
  floats.set(scores.noise, scores.own.length + scores.other.length);
  return bytes;
}

/** Reads likelihood-scores.bin, checking its header and that its length holds exactly the scores it names. */
export function parseScores(bytes: Uint8Array, name = SCORES_FILE): ShippedScores {
  if (bytes.length < 4) throw new Error(`${name}: too short for its header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  if (4 + length > bytes.length) throw new Error(`${name}: its header runs past the end of the file`);
  let header: ScoresHeader;
  try {
    header = headerSchema.parse(JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))));
  } catch (err) {
    throw new Error(`${name}: bad header (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  const offset = 4 + Math.ceil(length / 4) * 4;
  const values = header.own + header.other + header.noise;
  if (bytes.length !== offset + 4 * values)
    throw new Error(
      `${name}: ${bytes.length} bytes, but its header names ${values} scores (${offset + 4 * values} bytes)`,
    );
  const floats = new Float32Array(bytes.slice(offset).buffer);
  for (const v of floats) if (!Number.isFinite(v)) throw new Error(`${name}: a score is not a finite number`);
  return {
    header,
    own: floats.slice(0, header.own),
    other: floats.slice(header.own, header.own + header.other),
    noise: floats.slice(header.own + header.other),
  };
}

export { Cancelled };

import type { ModelParams } from '../params';
import { encodePosteriors } from '../format/posteriorsFile';
import { Cancelled } from './quadrature';
import { INPUT_DIM } from '../config';
import { decodeMeans, gatherRows, labModelFor, maskedPartsOf } from './fromModel';
import {
  complete,
  drawFromCells,
  hiddenBySampling,
  hiddenDisplay,
  hiddenQuadrature,
  klPosteriorToEncoder,
  maskedImage,
  displayBox,
  type HiddenDisplay,
  type HiddenFigures,
  type HiddenQuadrature,
  type SampledHidden,
} from './inpainting';
import type { Cancel } from './lab';
import { neighbourOrder, type Box } from './numerics';

/**
 * The hidden half on a trained model: posterior/inpainting.ts's maths with
 * the decoder (maskedPartsOf) and the encoder (labModelFor, on the masked
 * image and on the whole one).
 */

type LabView = Awaited<ReturnType<typeof labModelFor>>;

function hiddenCount(mask: Uint8Array): number {
  let n = 0;
  for (const v of mask) n += v;
  return n;
}

/** For B images (rows of `images`) under one mask: the 2-D quadrature's figures, each image's cells. */
export async function hiddenQuadratureFor(
  params: ModelParams,
  images: Float32Array,
  count: number,
  mask: Uint8Array,
  cancelled?: Cancel,
): Promise<{ results: HiddenQuadrature[]; encoders: LabView[]; wholeQs: LabView['q'][]; dispose(): void }> {
  const masks = new Uint8Array(count * INPUT_DIM);
  for (let b = 0; b < count; b++) masks.set(mask, b * INPUT_DIM);
  const { parts, dispose } = maskedPartsOf(params, images, masks, count);
  const encoders: LabView[] = [];
  const wholes: LabView[] = [];
  const release = () => {
    dispose();
    for (const m of [...encoders, ...wholes]) m.dispose();
  };
  try {
    for (let b = 0; b < count; b++) {
      const image = images.subarray(b * INPUT_DIM, (b + 1) * INPUT_DIM);
      encoders.push(await labModelFor(params, maskedImage(image, mask)));
      wholes.push(await labModelFor(params, image));
    }
    const hidden = hiddenCount(mask);
    const results = await hiddenQuadrature(
      parts,
      encoders.map((encoder, b) => ({ encoder, whole: wholes[b] })),
      wholes[0].priorBox,
      encoders.map(() => hidden),
      cancelled,
    );
    for (let b = 0; b < count; b++) {
      results[b].figures.klPosteriorToEncoder = await klPosteriorToEncoder(results[b].visibleCells, encoders[b].logQ);
    }
    const wholeQs = wholes.map((m) => m.q);
    for (const m of wholes) m.dispose();
    wholes.length = 0;
    return { results, encoders, wholeQs, dispose: release };
  } catch (err) {
    release();
    throw err;
  }
}

/** log p(x_h | x_v) three ways for B images under one mask (2-D): the figures only. */
export async function hiddenFiguresFor(
  params: ModelParams,
  images: Float32Array,
  count: number,
  mask: Uint8Array,
  cancelled?: Cancel,
): Promise<HiddenFigures[]> {
  const run = await hiddenQuadratureFor(params, images, count, mask, cancelled);
  run.dispose();
  return run.results.map((r) => r.figures);
}

export interface HiddenPictures {
  display: HiddenDisplay;
  /** The completions' codes [n, 2] and images [n, 784]. */
  codes: Float32Array;
  completions: Float32Array;
}

/** One image's pictures (2-D): both posteriors on a size x size grid, and completions drawn from p(z | x_v). */
export async function hiddenPicturesFor(
  params: ModelParams,
  image: Float32Array,
  mask: Uint8Array,
  result: HiddenQuadrature,
  encoder: LabView,
  size: number,
  completions: number,
  seed: number,
): Promise<HiddenPictures> {
  const { parts, dispose } = maskedPartsOf(params, image, mask, 1);
  try {
    const { mean, spread } = encoder.q;
    const around: Box = [
      mean[0] - 3 * spread[0],
      mean[0] + 3 * spread[0],
      mean[1] - 3 * spread[1],
      mean[1] + 3 * spread[1],
    ];
    const box = displayBox([result.visibleCells, result.wholeCells], [around]);
    const display = await hiddenDisplay(parts, result.figures, box, size, encoder);
    const codes = drawFromCells(result.visibleCells, completions, seed);
    const decoded = await decodeMeans(params, codes, completions);
    return { display, codes, completions: complete(image, mask, decoded, completions) };
  } finally {
    dispose();
  }
}

/** Above 2-D: importance sampling with a defensive mixture of q(z | x~) and the prior; completions resampled. */
export async function hiddenSampledFor(
  params: ModelParams,
  image: Float32Array,
  mask: Uint8Array,
  draws: number,
  completions: number,
  seed: number,
): Promise<SampledHidden & { images: Float32Array }> {
  const encoder = await labModelFor(params, maskedImage(image, mask));
  const { parts, dispose } = maskedPartsOf(params, image, mask, 1);
  try {
    const half = Math.floor(draws / 2);
    const [fromEncoder, fromPrior] = await Promise.all([encoder.drawQ(half, seed), encoder.drawPrior(half, seed + 1)]);
    const run = await hiddenBySampling(
      parts,
      params.config.latentDim,
      fromEncoder,
      fromPrior,
      encoder.logQ,
      encoder.logPrior,
      hiddenCount(mask),
      completions,
      seed + 2,
    );
    const decoded = await decodeMeans(params, run.completions, completions);
    return { ...run, images: complete(image, mask, decoded, completions) };
  } finally {
    dispose();
    encoder.dispose();
  }
}

/** Digits per batch of the hidden-half run over many digits (neighbours: their decoder passes shared). */
export const HIDDEN_BATCH = 32;

/**
 * log p(x_h | x_v) three ways over many images (rows of `images`) under one
 * mask (2-D), in batches of neighbours by where q(z|x) sits, as the lab's
 * test-set run goes: `onDigit` gets each row's figures, `cancelled` stops
 * between batches.
 */
export async function hiddenFiguresOver(
  params: ModelParams,
  images: Float32Array,
  count: number,
  mask: Uint8Array,
  onDigit: (row: number, figures: HiddenFigures) => void | Promise<void>,
  cancelled?: Cancel,
): Promise<void> {
  const { means } = await encodePosteriors(params, images, count);
  const order = neighbourOrder(means, count);
  for (let start = 0; start < count; start += HIDDEN_BATCH) {
    if (cancelled?.()) throw new Cancelled();
    const rows = order.slice(start, start + HIDDEN_BATCH);
    const figures = await hiddenFiguresFor(params, gatherRows(images, rows), rows.length, mask, cancelled);
    for (let k = 0; k < rows.length; k++) await onDigit(rows[k], figures[k]);
  }
}

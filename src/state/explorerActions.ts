import { explorerClient } from '../bridge/explorerClient';
import { explorerStore, type DrawnDigit, type ExplorerState } from './explorerStore';
import { paintDecoded } from './livePaint';
import { perf } from './perf';
import { appStore } from './appStore';
import { modelIdentity, setManifold, setPoint, slotState } from './slots';
import { currentSlotView } from './slotView';
import { interpolate } from '../lib/interpolate';
import { normalQuantile } from '../lib/normal';
import { SLOTS, type SlotId } from '../lib/slotIds';

/** The latent size a slot's model has now (null: no model). */
export function latentDimOf(slot: SlotId): number | null {
  return currentSlotView(slot).latentDim;
}

/** What the map plots of the test digits for a slot now. */
export function posteriorsOf(slot: SlotId) {
  return currentSlotView(slot).posteriors;
}

export function updateExplorer(patch: Partial<ExplorerState> | ((s: ExplorerState) => Partial<ExplorerState>)): void {
  explorerStore.set(patch);
}

/** Decodes a point of a slot; the image lands when it comes back (stale drags are dropped). */
async function decodeInto(slot: SlotId, z: ArrayLike<number>): Promise<void> {
  const started = performance.now();
  const image = await explorerClient.decodeLatest(slot, Float32Array.from(z));
  if (!image) return;
  paintDecoded(slot, image);
  setPoint(slot, slotState(slot).point, image, Array.from(z));
  explorerStore.set({ lastDecodeMs: performance.now() - started });
}

/** Decodes the slot's selected point again (new weights, say). */
export async function decodeSelectedPoint(slot: SlotId): Promise<void> {
  const z = slotState(slot).point;
  if (z) await decodeInto(slot, z);
}

/** Selects a latent point of one model and decodes it. */
export function selectPoint(slot: SlotId, z: ArrayLike<number>): Promise<void> {
  // The request goes out first, so the worker decodes while the page re-renders the selection.
  const decoded = decodeInto(slot, z);
  setPoint(slot, Array.from(z));
  return decoded;
}

/**
 * Selects a point and shows its image in one update, when the image is back
 * (about a millisecond). Rendering the selection first would keep the page
 * busy painting a frame while the worker's reply waits, and the image would
 * show a frame later; map clicks and keys use this.
 */
export async function selectPointWithImage(
  slot: SlotId,
  z: ArrayLike<number>,
  also: Partial<ExplorerState> = {},
): Promise<void> {
  const point = Array.from(z);
  const started = performance.now();
  const image = await explorerClient.decodeLatest(slot, Float32Array.from(point));
  if (!image) return; // a newer click replaced this one
  const handlerAt = perf.lastHandlerAt[slot];
  if (perf.lastClickAt[slot] !== undefined && handlerAt !== undefined) {
    perf.decodeRoundTripMs.push(performance.now() - handlerAt);
  }
  paintDecoded(slot, image);
  setPoint(slot, point, image);
  explorerStore.set({ ...also, lastDecodeMs: performance.now() - started });
}

/** The point a slot's map plots for test digit `index` (null when the slot has no such digit). */
export function digitPoint(slot: SlotId, index: number): number[] | null {
  const p = posteriorsOf(slot);
  if (!p || index < 0 || index >= p.count) return null;
  return Array.from(p.means.subarray(index * p.latentDim, (index + 1) * p.latentDim));
}

export function setHoverDigit(index: number | null): void {
  if (explorerStore.get().hoverDigit !== index) explorerStore.set({ hoverDigit: index });
}

/**
 * Shows something from the start, never an empty black square: a slot with
 * no selected point selects the point of test digit 0 (the map's first
 * digit), so its decoded image, the sliders and the draw pad's results have
 * an image before the first click.
 */
export async function selectStartingPoint(slot: SlotId): Promise<void> {
  if (slotState(slot).point) {
    await decodeSelectedPoint(slot);
    return;
  }
  const z = digitPoint(slot, 0);
  if (z) await selectPoint(slot, z);
}

/** Decodes an N x N grid over a region of the plotted plane (or, with the inverse CDF, over the prior's quantiles). */
export async function computeManifold(
  slot: SlotId,
  extent: [number, number, number, number],
  toLatent: (u: number, v: number) => Float32Array,
): Promise<void> {
  const { size, inverseCdf } = explorerStore.get().manifold;
  const d = latentDimOf(slot);
  if (!d) return;
  const [x0, x1, y0, y1] = extent;
  const z = new Float32Array(size * size * d);
  let gridExtent = extent;
  if (inverseCdf) {
    // Cells at the prior's quantiles (1/(2N), 3/(2N), ...): equal prior mass per cell, as in Kingma & Welling's figure.
    const q = (k: number) => normalQuantile((k + 0.5) / size);
    gridExtent = [q(0), q(size - 1), q(0), q(size - 1)];
  }
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const u = inverseCdf ? normalQuantile((col + 0.5) / size) : x0 + ((col + 0.5) / size) * (x1 - x0);
      // Row 0 is the top of the image: the largest v.
      const v = inverseCdf ? normalQuantile(1 - (row + 0.5) / size) : y1 - ((row + 0.5) / size) * (y1 - y0);
      z.set(toLatent(u, v), (row * size + col) * d);
    }
  }
  const images = await explorerClient.decode(slot, z, size * size);
  setManifold(slot, { images, size, extent: gridExtent });
}

export async function runInterpolation(): Promise<void> {
  const { interpolation } = explorerStore.get();
  const { a, b, steps, mode, slot } = interpolation;
  if (!a || !b) return;
  const path = interpolate(a, b, steps, mode);
  const d = a.length;
  const z = new Float32Array(steps * d);
  path.forEach((p, i) => z.set(p, i * d));
  const images = await explorerClient.decode(slot, z, steps);
  explorerStore.set((s) => ({ interpolation: { ...s.interpolation, images, path } }));
}

/** The strips of prior samples: this many draws from each model's own generator. */
export const PRIOR_SAMPLE_COUNT = 10;

/** True while the slot still shows the model it showed when `identity` was read (async results check it). */
function stillShows(slot: SlotId, identity: ReturnType<typeof modelIdentity>): boolean {
  return identity !== null && modelIdentity(slotState(slot)) === identity;
}

/**
 * Draws from one slot's generator with the strips' seed and decodes them:
 * N(0, I) for a VAE (the same draws for both slots when both use it: where
 * an AE has holes, its decodes of those draws are junk), the learned mixture
 * for a mixture-prior VAE, the codes' empirical frequencies for a VQ-VAE.
 */
export async function samplePriorFor(slot: SlotId): Promise<void> {
  const identity = modelIdentity(slotState(slot));
  if (identity === null || currentSlotView(slot).status !== 'ready') return;
  const { count, seed } = explorerStore.get().priorSamples;
  const sample = await explorerClient.samplePrior(slot, count, seed);
  if (!stillShows(slot, identity) || explorerStore.get().priorSamples.seed !== seed) return;
  explorerStore.set((s) => ({
    priorSamples: {
      ...s.priorSamples,
      bySlot: { ...s.priorSamples.bySlot, [slot]: { images: sample.images, source: sample.source } },
    },
  }));
}

/** New draws for every slot (one fresh seed). */
export async function sampleFromPrior(seed = Date.now() & 0x7fffffff): Promise<void> {
  explorerStore.set((s) => ({ priorSamples: { ...s.priorSamples, seed } }));
  await Promise.all(SLOTS.map(samplePriorFor));
}

/** Encodes the drawn (or picked) digit with one slot's model: its posterior on that map, its reconstruction. */
export async function encodeDrawnFor(slot: SlotId): Promise<void> {
  const drawn = explorerStore.get().drawn;
  const identity = modelIdentity(slotState(slot));
  if (!drawn || identity === null || currentSlotView(slot).status !== 'ready') return;
  const p = await explorerClient.encode(slot, Float32Array.from(drawn.pixels), 1);
  const mean = Array.from(p.means);
  const sigma = p.logVars ? Array.from(p.logVars, (lv) => Math.exp(0.5 * lv)) : null;
  const reconstruction = await explorerClient.decode(slot, Float32Array.from(mean), 1);
  if (!stillShows(slot, identity)) return;
  explorerStore.set((s) =>
    s.drawn?.pixels === drawn.pixels
      ? {
          drawn: {
            ...s.drawn,
            encoded: { ...s.drawn.encoded, [slot]: { mean, sigma, covariance: p.covariances, reconstruction } },
          },
        }
      : {},
  );
}

/** A drawn (or picked) digit for the pad: its posterior lands on the maps, its reconstructions show. */
export async function encodeDrawnDigit(pixels: Float32Array, testIndex: number | null): Promise<void> {
  // The previous digit's results stay until this one's arrive (no flash of empty boxes), where a model will encode it.
  explorerStore.set((s) => {
    const kept: DrawnDigit['encoded'] = {};
    for (const slot of SLOTS) {
      const old = s.drawn?.encoded[slot];
      if (old && currentSlotView(slot).status === 'ready') kept[slot] = old;
    }
    return { drawn: { pixels, testIndex, encoded: kept } };
  });
  await Promise.all(SLOTS.map(encodeDrawnFor));
}

/** Puts test digit `index` on the drawing pad and encodes it. */
export function pickTestDigitForPad(index: number): Promise<void> {
  const images = appStore.get().testSet?.images;
  if (!images || !Number.isInteger(index) || index < 0 || index >= images.length / 784) return Promise.resolve();
  return encodeDrawnDigit(
    Float32Array.from(images.subarray(index * 784, (index + 1) * 784), (v) => v / 255),
    index,
  );
}

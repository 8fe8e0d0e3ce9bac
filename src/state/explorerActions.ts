import { explorerClient } from '../bridge/explorerClient';
import { explorerStore, type ExplorerState, type InterpolationMode } from './explorerStore';
import { modelsStore } from './modelsStore';
import { trainingStore } from './trainingStore';
import { createRng } from '../lib/rng';
import { normalQuantile } from '../viz/projection';
import { MODEL_SLOTS, type ModelSlot } from '../worker/protocol';

/** The latent size a slot's model has now (null: no model). */
export function latentDimOf(slot: ModelSlot): number | null {
  const model = modelsStore.get().slots[slot];
  if (model.kind === 'model') return model.entry.meta.latentDim;
  if (model.kind === 'training') {
    const t = trainingStore.get();
    return t.activeSettings?.models[slot]?.latentDim ?? null;
  }
  return null;
}

/** Test-set posteriors a slot shows now. */
export function posteriorsOf(slot: ModelSlot) {
  const model = modelsStore.get().slots[slot];
  if (model.kind === 'model') return model.posteriors;
  if (model.kind === 'training') return trainingStore.get().snapshots[slot];
  return null;
}

export function updateExplorer(patch: Partial<ExplorerState> | ((s: ExplorerState) => Partial<ExplorerState>)): void {
  explorerStore.set(patch);
}

/** Decodes a point of a slot; the image lands in the store when it comes back (stale drags are dropped). */
async function decodeInto(slot: ModelSlot, z: ArrayLike<number>): Promise<void> {
  const started = performance.now();
  const image = await explorerClient.decodeLatest(slot, Float32Array.from(z));
  if (image)
    explorerStore.set((s) => ({ decoded: { ...s.decoded, [slot]: image }, lastDecodeMs: performance.now() - started }));
}

/** Decodes the slot's selected point again (new weights, say). */
export async function decodeSelectedPoint(slot: ModelSlot): Promise<void> {
  const z = explorerStore.get().points[slot];
  if (z) await decodeInto(slot, z);
}

/** Selects a latent point of one model and decodes it. */
export function selectPoint(slot: ModelSlot, z: ArrayLike<number>): Promise<void> {
  // The request goes out first, so the worker decodes while the page re-renders the selection.
  const decoded = decodeInto(slot, z);
  explorerStore.set((s) => ({ points: { ...s.points, [slot]: Array.from(z) } }));
  return decoded;
}

/**
 * Selects a point and shows its image in one update, when the image is back
 * (about a millisecond). Rendering the selection first would keep the page
 * busy painting a frame while the worker's reply waits, and the image would
 * show a frame later; map clicks and keys use this.
 */
export async function selectPointWithImage(
  slot: ModelSlot,
  z: ArrayLike<number>,
  also: Partial<ExplorerState> = {},
): Promise<void> {
  const point = Array.from(z);
  const started = performance.now();
  const image = await explorerClient.decodeLatest(slot, Float32Array.from(point));
  if (!image) return; // a newer click replaced this one
  explorerStore.set((s) => ({
    ...also,
    points: { ...s.points, [slot]: point },
    decoded: { ...s.decoded, [slot]: image },
    lastDecodeMs: performance.now() - started,
  }));
}

/** Picks a test digit: highlighted on every map, its posterior mean selected (and decoded) in each model. */
export async function selectTestDigit(index: number | null): Promise<void> {
  explorerStore.set({ selectedDigit: index });
  if (index === null) return;
  await Promise.all(
    MODEL_SLOTS.map((slot) => {
      const p = posteriorsOf(slot);
      if (!p || index >= p.count) return Promise.resolve();
      const d = p.latentDim;
      return selectPoint(slot, p.means.subarray(index * d, (index + 1) * d));
    }),
  );
}

export function setHoverDigit(index: number | null): void {
  if (explorerStore.get().hoverDigit !== index) explorerStore.set({ hoverDigit: index });
}

/** Decodes an N x N grid over a region of the plotted plane (or, with the inverse CDF, over the prior's quantiles). */
export async function computeManifold(
  slot: ModelSlot,
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
  explorerStore.set((s) => ({ manifoldImages: { ...s.manifoldImages, [slot]: { images, size, extent: gridExtent } } }));
}

/** Latent points along a path from a to b: a straight line, or a great-circle arc (slerp) that keeps the norm plausible under N(0, I). */
export function interpolate(a: number[], b: number[], steps: number, mode: InterpolationMode): number[][] {
  const out: number[][] = [];
  const norm = (v: number[]) => Math.hypot(...v);
  const na = norm(a);
  const nb = norm(b);
  const cos = na && nb ? Math.min(1, Math.max(-1, a.reduce((s, ai, i) => s + ai * b[i], 0) / (na * nb))) : 1;
  const omega = Math.acos(cos);
  for (let k = 0; k < steps; k++) {
    const t = steps === 1 ? 0 : k / (steps - 1);
    if (mode === 'spherical' && omega > 1e-6) {
      const s = Math.sin(omega);
      const wa = Math.sin((1 - t) * omega) / s;
      const wb = Math.sin(t * omega) / s;
      out.push(a.map((ai, i) => wa * ai + wb * b[i]));
    } else {
      out.push(a.map((ai, i) => (1 - t) * ai + t * b[i]));
    }
  }
  return out;
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

/** The same draws from N(0, I) decoded by both models: where the AE has holes, its samples are junk. */
export async function sampleFromPrior(count = 8, seed = Date.now() & 0x7fffffff): Promise<void> {
  const dims = MODEL_SLOTS.map(latentDimOf);
  const maxD = Math.max(0, ...dims.map((d) => d ?? 0));
  if (maxD === 0) return;
  const rng = createRng(seed);
  const gaussian = () => {
    // Box-Muller from the seeded uniform stream.
    const u = Math.max(rng.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const z = Float32Array.from({ length: count * maxD }, gaussian);
  const images: Partial<Record<ModelSlot, Float32Array>> = {};
  await Promise.all(
    MODEL_SLOTS.map(async (slot, i) => {
      const d = dims[i];
      if (!d) return;
      // Each model takes the first d coordinates of the same draws.
      const zd = new Float32Array(count * d);
      for (let k = 0; k < count; k++) zd.set(z.subarray(k * maxD, k * maxD + d), k * d);
      images[slot] = await explorerClient.decode(slot, zd, count);
    }),
  );
  explorerStore.set({ priorSamples: { z, count, images } });
}

/** Encodes a drawn (or picked) digit with both models: its posterior lands on the maps, its reconstructions show. */
export async function encodeDrawnDigit(pixels: Float32Array, testIndex: number | null): Promise<void> {
  const encoded: NonNullable<ExplorerState['drawn']>['encoded'] = {};
  await Promise.all(
    MODEL_SLOTS.map(async (slot) => {
      if (!latentDimOf(slot)) return;
      const p = await explorerClient.encode(slot, Float32Array.from(pixels), 1);
      const mean = Array.from(p.means);
      const sigma = p.logVars ? Array.from(p.logVars, (lv) => Math.exp(0.5 * lv)) : null;
      const reconstruction = await explorerClient.decode(slot, Float32Array.from(mean), 1);
      encoded[slot] = { mean, sigma, reconstruction };
    }),
  );
  explorerStore.set({ drawn: { pixels, testIndex, encoded } });
}

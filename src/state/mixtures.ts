import { messageOf } from './appStore';
import { createStore } from './createStore';
import { setToolLayers } from './explorerStore';
import { modelIdentity, slotState } from './slots';
import { currentSlotView } from './slotView';
import { explorerClient } from '../bridge/explorerClient';
import { t } from '../i18n';
import { gmmLogDensity, type Gmm } from '../lib/gmm';
import { SLOTS, type SlotId } from '../lib/slotIds';
import { HDR_SHARES } from '../model/posterior/hdr';
import { hdrLevels } from '../model/posterior/numerics';
import { cellField, type MapLayers } from '../viz/mapLayers';
import type { AggregateResult } from '../model/posterior/aggregate';
import type { FamilyInfo, MixtureTool } from '../model/familyInfo';
import type { GmmResult, SweepPoint } from '../worker/mixtureHost';
import type { PriorSource } from '../worker/explorer.worker';

/**
 * Finite and infinite mixtures: a GMM on a model's codes (the finite mixture
 * that makes an AE a generator), the aggregate posterior against the prior,
 * and the VAE as an infinite mixture. State, actions, and what they draw on
 * the maps (the 'gmm' and 'aggregate' tool layers).
 */
export interface MixtureState {
  gmm: { slot: SlotId; running: boolean; result: GmmResult | null; error: string | null } | null;
  sweep: {
    slot: SlotId;
    running: boolean;
    maxK: number;
    points: SweepPoint[];
    fittedOn: number | null;
    error: string | null;
  } | null;
  samples: {
    gmmSlot: SlotId;
    gmmImages: Float32Array;
    componentImages: Float32Array;
    K: number;
    vaeSlot: SlotId | null;
    vaeImages: Float32Array | null;
    vaeSource: PriorSource | null;
    count: number;
  } | null;
  aggregate: { slot: SlotId; running: boolean; result: AggregateResult | null; error: string | null } | null;
  strip: {
    slot: SlotId;
    count: number;
    perZ: number;
    z: Float32Array;
    latentDim: number;
    means: Float32Array;
    samples: Float32Array;
    likelihood: string;
  } | null;
}

export const mixtureStore = createStore<MixtureState>({
  gmm: null,
  sweep: null,
  samples: null,
  aggregate: null,
  strip: null,
});

/** The slots with a model loaded whose family takes the tool (and passes `also`, when given). */
export function readySlots(tool: MixtureTool, also: (family: FamilyInfo) => boolean = () => true): SlotId[] {
  return SLOTS.filter((slot) => {
    const { status, family } = currentSlotView(slot);
    return status === 'ready' && family !== null && family.mixtureTools.includes(tool) && also(family);
  });
}

/** A GMM's components (1 and 2 sigma, with their weights) and its density's 50/90/99 % contours. */
export function gmmLayers(gmm: Gmm, box: [number, number, number, number]): MapLayers {
  const n = 120;
  const centres = new Float32Array(n * n * 2);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      centres[2 * (j * n + i)] = box[0] + ((i + 0.5) * (box[1] - box[0])) / n;
      centres[2 * (j * n + i) + 1] = box[2] + ((j + 0.5) * (box[3] - box[2])) / n;
    }
  }
  const density = Float32Array.from(gmmLogDensity(gmm, centres, n * n), Math.exp);
  const field = cellField(box, n, n, density);
  return {
    legend: [t('mixtures.gmm.legend', { components: gmm.means.length })],
    contours: [{ field, thresholds: hdrLevels(density, HDR_SHARES), color: '#5f3dc4', width: 1 }],
    gaussians: gmm.means.map((m, k) => ({
      mean: [m[0], m[1]] as [number, number],
      cov: [gmm.covs[k][0], gmm.covs[k][1], gmm.covs[k][3]] as [number, number, number],
      scales: [1, 2],
      color: '#212529',
      width: 1.25,
      label: `${Math.round(100 * gmm.weights[k])}%`,
    })),
  };
}

/** The plotted extent of a slot's codes (the central 99.8 %, padded): where the GMM's contours are drawn. */
function codeBox(slot: SlotId): [number, number, number, number] {
  const p = currentSlotView(slot).posteriors;
  if (!p) return [-4, 4, -4, 4];
  const column = (j: number) => Float32Array.from({ length: p.count }, (_, i) => p.means[i * p.latentDim + j]).sort();
  const [xs, ys] = [column(0), column(1)];
  const at = (a: Float32Array, q: number) => a[Math.floor(q * (a.length - 1))];
  const pad = (lo: number, hi: number): [number, number] => [lo - 0.15 * (hi - lo), hi + 0.15 * (hi - lo)];
  return [...pad(at(xs, 0.001), at(xs, 0.999)), ...pad(at(ys, 0.001), at(ys, 0.999))];
}

/** Runs `work` for a slot's model; its result is dropped if another model took the slot meanwhile. */
async function forModelOf<T>(slot: SlotId, work: () => Promise<T>): Promise<{ result: T } | null> {
  const identity = modelIdentity(slotState(slot));
  const result = await work();
  return modelIdentity(slotState(slot)) === identity ? { result } : null;
}

/** Forgets every result that came from the slot's model (it is being replaced). */
export function clearMixturesOf(slot: SlotId): void {
  mixtureStore.set((s) => ({
    gmm: s.gmm?.slot === slot ? null : s.gmm,
    sweep: s.sweep?.slot === slot ? null : s.sweep,
    samples: s.samples && (s.samples.gmmSlot === slot || s.samples.vaeSlot === slot) ? null : s.samples,
    aggregate: s.aggregate?.slot === slot ? null : s.aggregate,
    strip: s.strip?.slot === slot ? null : s.strip,
  }));
}

export async function fitGmmTo(slot: SlotId, K: number, seed = 1): Promise<void> {
  // The samples drawn from the previous fit go with it.
  mixtureStore.set({ gmm: { slot, running: true, result: null, error: null }, samples: null });
  try {
    const out = await forModelOf(slot, () => explorerClient.fitGmm(slot, K, seed));
    if (!out) return;
    const { result } = out;
    mixtureStore.set({ gmm: { slot, running: false, result, error: null } });
    for (const s of SLOTS) setToolLayers(s, 'gmm', null);
    if (result.gmm.d === 2) setToolLayers(slot, 'gmm', gmmLayers(result.gmm, codeBox(slot)));
  } catch (err) {
    mixtureStore.set({ gmm: { slot, running: false, result: null, error: messageOf(err) } });
  }
}

export async function sweepGmm(slot: SlotId, maxK: number, seed = 1): Promise<void> {
  mixtureStore.set({ sweep: { slot, running: true, maxK, points: [], fittedOn: null, error: null } });
  const patch = (p: Partial<NonNullable<MixtureState['sweep']>>) =>
    mixtureStore.set((s) => (s.sweep ? { sweep: { ...s.sweep, ...p } } : {}));
  try {
    const out = await explorerClient.gmmSweep(slot, maxK, seed, (point) =>
      mixtureStore.set((s) =>
        s.sweep?.slot === slot ? { sweep: { ...s.sweep, points: [...s.sweep.points, point] } } : {},
      ),
    );
    patch({ running: false, fittedOn: out.fittedOn });
  } catch (err) {
    patch({ running: false, error: messageOf(err) });
  }
}

/** Draws from the fitted GMM decoded by its model, beside the same number of prior samples from a VAE slot. */
export async function sampleGmmAndPrior(count = 10, seed = Date.now() & 0x7fffffff): Promise<void> {
  const fit = mixtureStore.get().gmm;
  if (!fit?.result) return;
  const vaeSlot = readySlots('infinite-mixture').find((s) => s !== fit.slot) ?? null;
  const [gmm, vae] = await Promise.all([
    explorerClient.sampleGmm(fit.slot, fit.result.gmm, count, seed),
    vaeSlot ? explorerClient.samplePrior(vaeSlot, count, seed) : Promise.resolve(null),
  ]);
  // A newer fit (or another model) replaced the one these came from.
  if (mixtureStore.get().gmm !== fit) return;
  mixtureStore.set({
    samples: {
      gmmSlot: fit.slot,
      gmmImages: gmm.images,
      componentImages: gmm.componentImages,
      K: fit.result.K,
      vaeSlot,
      vaeImages: vae?.images ?? null,
      vaeSource: vae?.source ?? null,
      count,
    },
  });
}

export function aggregateLayers(result: AggregateResult): MapLayers | null {
  const { grid, figures } = result;
  if (!grid) return null;
  const q = cellField(grid.box, grid.nx, grid.ny, grid.q);
  const prior = cellField(grid.box, grid.nx, grid.ny, grid.prior);
  const holes: Array<[number, number]> = [];
  for (let i = 0; i < figures.holeDraws.length / 2; i++)
    holes.push([figures.holeDraws[2 * i], figures.holeDraws[2 * i + 1]]);
  return {
    legend: [t('mixtures.aggregate.legend')],
    heatmaps: [{ field: q, color: '#0b7285', opacity: 0.85, gamma: 0.5 }],
    contours: [
      { field: prior, thresholds: hdrLevels(grid.prior, HDR_SHARES), color: '#495057', dash: [3, 3], width: 1 },
    ],
    marks: [{ points: holes, color: '#e03131', shape: 'cross' }],
  };
}

export async function showAggregate(slot: SlotId, seed = 5): Promise<void> {
  mixtureStore.set({ aggregate: { slot, running: true, result: null, error: null } });
  try {
    const out = await forModelOf(slot, () => explorerClient.aggregatePosterior(slot, seed));
    if (!out) return;
    const { result } = out;
    mixtureStore.set({ aggregate: { slot, running: false, result, error: null } });
    for (const s of SLOTS) setToolLayers(s, 'aggregate', s === slot ? aggregateLayers(result) : null);
  } catch (err) {
    mixtureStore.set({ aggregate: { slot, running: false, result: null, error: messageOf(err) } });
  }
}

export function hideAggregate(): void {
  mixtureStore.set({ aggregate: null });
  for (const s of SLOTS) setToolLayers(s, 'aggregate', null);
}

export async function drawMixtureStrip(slot: SlotId, count = 8, perZ = 4, seed = Date.now() & 0x7fffffff) {
  const out = await forModelOf(slot, () => explorerClient.mixtureStrip(slot, count, perZ, seed));
  if (out) mixtureStore.set({ strip: { slot, count, perZ, ...out.result } });
}

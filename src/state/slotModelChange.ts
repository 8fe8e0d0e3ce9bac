import { explorerStore, setToolLayers, type MapTool } from './explorerStore';
import {
  decodeSelectedPoint,
  encodeDrawnFor,
  runInterpolation,
  samplePriorFor,
  selectStartingPoint,
} from './explorerActions';
import { clearMixturesOf } from './mixtures';
import { clearLabOf } from './posteriorLab';
import { clearHiddenOf } from './hiddenHalf';
import { clearAnomalyOf } from './anomaly';
import { clearReparamOf } from './reparam';
import { modelIdentity, setManifold, setPoint, setProjection, slotLatentDim, slotState, slotsStore } from './slots';
import { SLOTS, type SlotId } from '../lib/slotIds';
import { projectionFor } from '../viz/projection';

/**
 * What happens when a slot's model changes (a model loaded, a training run
 * started or reset), in one place: everything the old model produced is
 * cleared (the tools' map layers, the lab's and the mixtures' results, the
 * prior samples, the drawn digit's encoding, the manifold), and everything
 * that must fit the new one is fitted (projection, selected point,
 * interpolation endpoints). Once the explorer worker holds the new weights,
 * refreshSlot draws, encodes and decodes again.
 */

/** The map tools whose pictures belong to one model (the flow contours follow the weights on their own). */
const MODEL_TOOLS: MapTool[] = ['posteriorLab', 'aggregate', 'gmm'];

function resetSlot(slot: SlotId): void {
  const state = slotState(slot);
  const latentDim = slotLatentDim(state);
  if (latentDim !== null) {
    const fitted = projectionFor(state.projection, latentDim);
    if (fitted !== state.projection) setProjection(slot, fitted);
    if (state.point && state.point.length !== latentDim) setPoint(slot, null, null);
  }
  setManifold(slot, null);
  for (const tool of MODEL_TOOLS) setToolLayers(slot, tool, null);
  clearLabOf(slot);
  clearHiddenOf(slot);
  clearAnomalyOf(slot);
  clearMixturesOf(slot);
  clearReparamOf(slot);
  explorerStore.set((s) => {
    const patch: Partial<typeof s> = {};
    const { interpolation } = s;
    const fits = (z: number[] | null) => !z || z.length === latentDim;
    if (interpolation.slot === slot) {
      patch.interpolation =
        fits(interpolation.a) && fits(interpolation.b)
          ? { ...interpolation, images: null, path: null }
          : { ...interpolation, a: null, b: null, images: null, path: null };
    }
    if (s.drawn?.encoded[slot]) {
      const encoded = { ...s.drawn.encoded };
      delete encoded[slot];
      patch.drawn = { ...s.drawn, encoded };
    }
    if (s.priorSamples.bySlot[slot]) {
      const bySlot = { ...s.priorSamples.bySlot };
      delete bySlot[slot];
      patch.priorSamples = { ...s.priorSamples, bySlot };
    }
    return patch;
  });
}

/**
 * The explorer worker holds the slot's current weights (a model just shown,
 * or a training run's latest): its prior samples, the drawn digit's
 * encoding, the selected point and the interpolation strip follow them.
 */
export async function refreshSlot(slot: SlotId): Promise<void> {
  const { interpolation } = explorerStore.get();
  await Promise.all([
    samplePriorFor(slot),
    encodeDrawnFor(slot),
    slotState(slot).point ? decodeSelectedPoint(slot) : selectStartingPoint(slot),
    interpolation.slot === slot && interpolation.a && interpolation.b ? runInterpolation() : Promise.resolve(),
  ]);
}

/** A training run's refreshes, at most one a second per slot (its weights arrive every few seconds anyway). */
const REFRESH_INTERVAL_MS = 1000;
const refreshing = new Map<SlotId, { pending: boolean }>();

/**
 * refreshSlot for a training run's new weights: one at a time per slot, at
 * most one a second; a refresh asked for meanwhile is folded into one more
 * after it.
 */
export function refreshSlotSoon(slot: SlotId): void {
  const running = refreshing.get(slot);
  if (running) {
    running.pending = true;
    return;
  }
  const entry = { pending: false };
  refreshing.set(slot, entry);
  void (async () => {
    try {
      do {
        entry.pending = false;
        const started = performance.now();
        await refreshSlot(slot).catch(() => undefined);
        const wait = REFRESH_INTERVAL_MS - (performance.now() - started);
        if (entry.pending && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      } while (entry.pending);
    } finally {
      refreshing.delete(slot);
    }
  })();
}

/** Watches every slot's model; a change (not a rename, nor a training update) resets what belonged to the old one. */
export function installSlotModelChange(): void {
  const last = new Map<SlotId, ReturnType<typeof modelIdentity>>();
  slotsStore.subscribe(() => {
    for (const slot of SLOTS) {
      const identity = modelIdentity(slotState(slot));
      // Loading and errors show nothing new: what was shown stays until another model takes the slot.
      if (identity === null || identity === (last.get(slot) ?? null)) continue;
      last.set(slot, identity);
      resetSlot(slot);
    }
  });
}

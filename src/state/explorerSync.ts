import { explorerClient } from '../bridge/explorerClient';
import { explorerStore } from './explorerStore';
import { modelsStore } from './modelsStore';
import { trainingStore } from './trainingStore';
import { MODEL_SLOTS, type ModelSlot } from '../worker/protocol';
import { showInSlot } from './modelActions';
import { decodeSelectedPoint } from './explorerActions';

/**
 * Keeps the explorer worker's copy of each slot's weights in line with what
 * the slot shows: a training run's latest weights while it trains, the
 * loaded model otherwise.
 */
export function installExplorerSync(): void {
  let lastWeights: Record<ModelSlot, unknown> = { vae: null, ae: null };
  let lastSession = trainingStore.get().session;

  trainingStore.subscribe(() => {
    const t = trainingStore.get();
    // A new run takes over the slots it trains; a reset gives them back.
    if (t.session !== lastSession) {
      const started = lastSession === 'none' && t.session !== 'none';
      const reset = t.session === 'none' && lastSession !== 'none';
      lastSession = t.session;
      if (started && t.activeSettings) {
        modelsStore.set((s) => {
          const slots = { ...s.slots };
          for (const slot of MODEL_SLOTS) if (t.activeSettings?.models[slot]) slots[slot] = { kind: 'training' };
          return { slots };
        });
      }
      if (reset) {
        for (const slot of MODEL_SLOTS) {
          const entry = modelsStore.get().lastLoaded[slot];
          if (modelsStore.get().slots[slot].kind !== 'training') continue;
          if (entry) void explorerClient.setModel(slot, entry.weights).then(() => showInSlot(slot, entry));
          else modelsStore.set((s) => ({ slots: { ...s.slots, [slot]: { kind: 'none' } } }));
        }
      }
    }
    for (const slot of MODEL_SLOTS) {
      const weights = t.weights[slot];
      if (!weights || weights === lastWeights[slot]) continue;
      lastWeights = { ...lastWeights, [slot]: weights };
      if (modelsStore.get().slots[slot].kind !== 'training') continue;
      void explorerClient.setModel(slot, weights.weights).then(() => {
        // The selected point decodes with the new weights too.
        if (explorerStore.get().points[slot]) void decodeSelectedPoint(slot);
      });
    }
  });
}

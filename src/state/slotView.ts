import { useMemo } from 'react';
import { useStore } from './createStore';
import { modelsStore, type ModelSource } from './modelsStore';
import { trainingStore } from './trainingStore';
import type { TestMetrics } from '../model/meta';
import type { ModelSlot } from '../worker/protocol';

export const SLOT_LABEL: Record<ModelSlot, 'VAE' | 'AE'> = { vae: 'VAE', ae: 'AE' };

/** What the explorer needs of a slot, whether it shows a loaded model or the one being trained. */
export interface SlotView {
  slot: ModelSlot;
  label: 'VAE' | 'AE';
  status: 'none' | 'loading' | 'ready' | 'error';
  message: string | null;
  name: string;
  source: ModelSource | null;
  latentDim: number | null;
  /** Test-set posteriors (means, and log-variances for a VAE); count may be a subset while training. */
  posteriors: { count: number; latentDim: number; means: Float32Array; logVars: Float32Array | null } | null;
  testMetrics: TestMetrics | null;
  /** Changes whenever the weights do (a new model, a training update). */
  weightsVersion: unknown;
  /** Training step of the shown weights, for a model being trained. */
  trainingStep: number | null;
}

export function useSlotView(slot: ModelSlot): SlotView {
  const slotModel = useStore(modelsStore, (s) => s.slots[slot]);
  const snapshot = useStore(trainingStore, (s) => s.snapshots[slot]);
  const weights = useStore(trainingStore, (s) => s.weights[slot]);
  const settings = useStore(trainingStore, (s) => s.activeSettings?.models[slot] ?? null);
  return useMemo((): SlotView => {
    const base = { slot, label: SLOT_LABEL[slot], message: null, testMetrics: null, trainingStep: null };
    switch (slotModel.kind) {
      case 'none':
        return {
          ...base,
          status: 'none',
          name: 'No model',
          source: null,
          latentDim: null,
          posteriors: null,
          weightsVersion: null,
        };
      case 'loading':
        return {
          ...base,
          status: 'loading',
          name: slotModel.name,
          source: null,
          latentDim: null,
          posteriors: null,
          weightsVersion: null,
        };
      case 'error':
        return {
          ...base,
          status: 'error',
          message: slotModel.message,
          name: 'No model',
          source: null,
          latentDim: null,
          posteriors: null,
          weightsVersion: null,
        };
      case 'model':
        return {
          ...base,
          status: 'ready',
          name: slotModel.entry.name,
          source: slotModel.entry.source,
          latentDim: slotModel.entry.meta.latentDim,
          posteriors: slotModel.posteriors,
          testMetrics: slotModel.entry.meta.testMetrics,
          weightsVersion: slotModel.entry,
        };
      case 'training':
        return {
          ...base,
          status: weights ? 'ready' : 'loading',
          name: `${SLOT_LABEL[slot]} being trained`,
          source: 'training',
          latentDim: settings?.latentDim ?? snapshot?.latentDim ?? null,
          posteriors: snapshot,
          testMetrics: null,
          weightsVersion: weights,
          trainingStep: weights?.step ?? null,
        };
    }
  }, [slot, slotModel, snapshot, weights, settings]);
}

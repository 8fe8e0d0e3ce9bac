import type { TestPosteriors } from '../model/format/posteriorsFile';
import { useMemo } from 'react';
import { useStore } from './createStore';
import type { ModelSource } from './modelsStore';
import { slotKind, slotLabels, slotsStore, type SlotState } from './slots';
import type { ModelConfig, ModelKind } from '../model/config';
import { familyInfo, type FamilyInfo } from '../model/familyInfo';
import type { ModelMeta, TestMetrics } from '../model/format/meta';
import type { SlotId } from '../lib/slotIds';

/** What the explorer needs of a slot, whether it shows a loaded model or the one being trained. */
export interface SlotView {
  slot: SlotId;
  /** "VAE", "AE", "VQ-VAE", "Flow VAE"; with the side when both slots show the same family. */
  label: string;
  kind: ModelKind | null;
  family: FamilyInfo | null;
  status: 'none' | 'loading' | 'ready' | 'error';
  message: string | null;
  name: string;
  source: ModelSource | null;
  latentDim: number | null;
  /** What the map plots per test digit (log-variances and covariances for Gaussian posteriors); a subset while training. */
  posteriors: TestPosteriors | null;
  testMetrics: TestMetrics | null;
  /** The loaded model's meta (null while training). */
  meta: ModelMeta | null;
  /** The config of the run training it (null for a loaded model). */
  runConfig: ModelConfig | null;
  /** Changes whenever the weights do (a new model, a training update). */
  weightsVersion: unknown;
  /** Training step of the shown weights, for a model being trained. */
  trainingStep: number | null;
}

/** What slotView reads of a slot's state: not the run's curves and progress, which change at every event. */
type SlotViewInputs = Pick<SlotState, 'model'> & {
  run: Pick<NonNullable<SlotState['run']>, 'config' | 'snapshot' | 'weights'> | null;
};

export function slotView(slot: SlotId, s: SlotViewInputs, label: string): SlotView {
  const kind = slotKind(s);
  const base = {
    slot,
    label,
    kind,
    family: kind ? familyInfo(kind) : null,
    message: null,
    testMetrics: null,
    meta: null,
    runConfig: null,
    trainingStep: null,
    source: null,
    latentDim: null,
    posteriors: null,
    weightsVersion: null,
  };
  switch (s.model.kind) {
    case 'none':
      return { ...base, status: 'none', name: 'No model' };
    case 'loading':
      return { ...base, status: 'loading', name: s.model.name };
    case 'error':
      return { ...base, status: 'error', message: s.model.message, name: 'No model' };
    case 'model': {
      const { entry, posteriors } = s.model;
      return {
        ...base,
        status: 'ready',
        name: entry.name,
        source: entry.source,
        latentDim: entry.meta.latentDim,
        posteriors,
        testMetrics: entry.meta.testMetrics,
        meta: entry.meta,
        weightsVersion: entry,
      };
    }
    case 'training': {
      const run = s.run;
      return {
        ...base,
        status: run?.weights ? 'ready' : 'loading',
        name: `${label} being trained`,
        source: 'training',
        latentDim: run?.config.latentDim ?? null,
        posteriors: run?.snapshot ?? null,
        runConfig: run?.config ?? null,
        weightsVersion: run?.weights ?? null,
        trainingStep: run?.weights?.step ?? null,
      };
    }
  }
}

/**
 * A slot's view, re-made only when what it shows changes: the model, or a
 * run's config, snapshot or weights (a few times a second while training),
 * not at every training event (steps, progress).
 */
export function useSlotView(slot: SlotId): SlotView {
  const model = useStore(slotsStore, (s) => s[slot].model);
  const config = useStore(slotsStore, (s) => s[slot].run?.config ?? null);
  const snapshot = useStore(slotsStore, (s) => s[slot].run?.snapshot ?? null);
  const weights = useStore(slotsStore, (s) => s[slot].run?.weights ?? null);
  const label = useStore(slotsStore, (s) => slotLabels(s)[slot]);
  return useMemo(
    () => slotView(slot, { model, run: config ? { config, snapshot, weights } : null }, label),
    [slot, model, config, snapshot, weights, label],
  );
}

/** The labels of both slots, for components that name them. */
export function useSlotLabels(): Record<SlotId, string> {
  const left = useStore(slotsStore, (s) => slotLabels(s).left);
  const right = useStore(slotsStore, (s) => slotLabels(s).right);
  return useMemo(() => ({ left, right }), [left, right]);
}

/** A slot's view now (outside React). */
export function currentSlotView(slot: SlotId): SlotView {
  const all = slotsStore.get();
  return slotView(slot, all[slot], slotLabels(all)[slot]);
}

/**
 * Re-renders when what each slot holds changes in kind or readiness (a
 * model comes, goes or finishes loading), not on every training event:
 * for panels that only ask which slots can take their tools.
 */
export function useSlotKinds(): string {
  return useStore(slotsStore, (all) =>
    (['left', 'right'] as const)
      .map((slot) => {
        const view = slotView(slot, all[slot], '');
        return `${slot}:${view.kind ?? 'none'}:${view.status}`;
      })
      .join('|'),
  );
}

import { modelsStore, type ModelEntry } from './modelsStore';
import { SLOT_LABEL } from './slotView';
import { trainedModelMeta } from './trainedModelMeta';
import { trainingStore } from './trainingStore';
import { architectureName } from '../model/config';
import type { ModelMeta } from '../model/meta';
import type { ModelArrays } from '../model/params';
import type { ModelSlot } from '../worker/protocol';

/** A model a slot shows, as something to save or download. */
export interface ShownModel {
  /** What to call it when the person gives no name. */
  name: string;
  meta: ModelMeta;
  weights: ModelArrays;
  /** The loaded model's entry; null for the weights of a training run. */
  entry: ModelEntry | null;
}

/** What a slot shows now: a loaded model, or the latest weights of the run training it (null: nothing yet). */
export function shownModel(slot: ModelSlot): ShownModel | null {
  const model = modelsStore.get().slots[slot];
  if (model.kind === 'model') {
    const { entry } = model;
    return { name: entry.name, meta: entry.meta, weights: entry.weights, entry };
  }
  if (model.kind !== 'training') return null;
  const { weights, activeSettings, epochs } = trainingStore.get();
  const latest = weights[slot];
  const config = activeSettings?.models[slot];
  if (!latest || !config || !activeSettings) return null;
  const name = `${SLOT_LABEL[slot]} ${architectureName(config)}, step ${latest.step}`;
  const meta = trainedModelMeta({ config, settings: activeSettings, epochs: epochs[slot], step: latest.step, name });
  return { name, meta, weights: latest.weights, entry: null };
}

import { pageDataset } from './pageDataset';
import type { ModelEntry } from './modelsStore';
import { slotLabels, slotState, slotsStore } from './slots';
import { trainedModelMeta } from './trainedModelMeta';
import type { ModelArrays } from '../model/arrays';
import { architectureName } from '../model/familyInfo';
import type { ModelMeta } from '../model/format/meta';
import { t } from '../i18n';
import type { SlotId } from '../lib/slotIds';

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
export function shownModel(slot: SlotId): ShownModel | null {
  const { model, run } = slotState(slot);
  if (model.kind === 'model') {
    const { entry } = model;
    return { name: entry.name, meta: entry.meta, weights: entry.weights, entry };
  }
  if (model.kind !== 'training' || !run?.weights) return null;
  const { config, epochs } = run;
  const { step, weights } = run.weights;
  const label = slotLabels(slotsStore.get())[slot];
  const name = t('library.shown.defaultName', { label, architecture: architectureName(config), step });
  return {
    name,
    meta: trainedModelMeta({ config, dataset: pageDataset(), epochs, step, weights, name }),
    weights,
    entry: null,
  };
}

import { createStore } from './createStore';
import type { Loadable } from './appStore';
import type { ModelMeta } from '../model/meta';
import type { ModelArrays } from '../model/params';
import type { ModelSlot } from '../worker/protocol';
import type { Posteriors } from '../worker/explorer.worker';

export type ModelSource = 'shipped' | 'saved' | 'imported' | 'training';

/** A model the page holds: where it came from, what it is, its weights. */
export interface ModelEntry {
  /** Unique: "shipped/vae-2d", "saved/my run", "imported/…". */
  key: string;
  source: ModelSource;
  name: string;
  meta: ModelMeta;
  weights: ModelArrays;
}

/** A line of the model picker: enough to choose, without the weights. */
export interface CatalogItem {
  key: string;
  source: Exclude<ModelSource, 'training'>;
  /** Shipped: the folder id; saved: the name it was saved under. */
  id: string;
  name: string;
  meta: ModelMeta;
}

/**
 * What a slot of the explorer shows: a loaded model with its test-set
 * posteriors, or the model being trained (then the training store has its
 * weights and latent snapshots).
 */
export type SlotModel =
  | { kind: 'none' }
  | { kind: 'loading'; name: string }
  | { kind: 'model'; entry: ModelEntry; posteriors: Posteriors | null }
  | { kind: 'training' }
  | { kind: 'error'; message: string };

export interface ModelsState {
  shipped: Loadable<CatalogItem[]>;
  saved: CatalogItem[];
  slots: Record<ModelSlot, SlotModel>;
  /** The loaded model a slot returns to when training is reset. */
  lastLoaded: Record<ModelSlot, ModelEntry | null>;
}

export const modelsStore = createStore<ModelsState>({
  shipped: { status: 'idle' },
  saved: [],
  slots: { vae: { kind: 'none' }, ae: { kind: 'none' } },
  lastLoaded: { vae: null, ae: null },
});

export const SLOT_KIND: Record<ModelSlot, 'vae' | 'ae'> = { vae: 'vae', ae: 'ae' };

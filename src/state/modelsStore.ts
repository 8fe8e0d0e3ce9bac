import { createStore } from './createStore';
import type { Loadable } from './appStore';
import type { ModelArrays } from '../model/arrays';
import type { ModelMeta } from '../model/format/meta';

export type ModelSource = 'shipped' | 'saved' | 'imported' | 'training';

/** A model the page holds: where it came from, what it is, its weights (kept here: the worker's copy can be lost). */
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

/** The models the library lists: shipped with the app, and saved in this browser. */
export interface CatalogState {
  shipped: Loadable<CatalogItem[]>;
  saved: CatalogItem[];
}

export const modelsStore = createStore<CatalogState>({ shipped: { status: 'idle' }, saved: [] });

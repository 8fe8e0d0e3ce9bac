import { messageOf } from './appStore';
import { modelsStore, type CatalogItem, type ModelEntry } from './modelsStore';
import { decodeSelectedPoint } from './explorerActions';
import { explorerStore } from './explorerStore';
import { explorerClient } from '../bridge/explorerClient';
import { modelIndexSchema, parseModelMeta } from '../model/meta';
import type { ModelSlot } from '../worker/protocol';

const MODELS_BASE = `${import.meta.env.BASE_URL}models/`;

/** Shipped models: models/index.json and each meta.json (small files; weights load on demand). */
export async function loadShippedCatalog(): Promise<CatalogItem[]> {
  modelsStore.set({ shipped: { status: 'loading' } });
  try {
    const response = await fetch(`${MODELS_BASE}index.json`);
    if (!response.ok) throw new Error(`models/index.json: HTTP ${response.status}`);
    const index = modelIndexSchema.parse(await response.json());
    const items = await Promise.all(
      index.models.map(async (id): Promise<CatalogItem> => {
        const metaResponse = await fetch(`${MODELS_BASE}${id}/meta.json`);
        if (!metaResponse.ok) throw new Error(`models/${id}/meta.json: HTTP ${metaResponse.status}`);
        const meta = parseModelMeta(await metaResponse.text(), `models/${id}/meta.json`);
        return { key: `shipped/${id}`, source: 'shipped', id, name: meta.name ?? id, meta };
      }),
    );
    modelsStore.set({ shipped: { status: 'ready', value: items } });
    return items;
  } catch (err) {
    modelsStore.set({
      shipped: { status: 'error', message: `The shipped models could not be listed: ${messageOf(err)}` },
    });
    return [];
  }
}

/** Puts a loaded model into a slot: the explorer worker already holds its weights under the slot's key. */
export async function showInSlot(slot: ModelSlot, entry: ModelEntry): Promise<void> {
  modelsStore.set((s) => ({
    slots: { ...s.slots, [slot]: { kind: 'model', entry, posteriors: null } },
    lastLoaded: { ...s.lastLoaded, [slot]: entry },
  }));
  const posteriors = await explorerClient.testPosteriors(slot);
  modelsStore.set((s) => {
    const current = s.slots[slot];
    // A newer model may have taken the slot meanwhile (the same weights under a new name, after a save, still count).
    if (current.kind !== 'model' || current.entry.weights !== entry.weights) return {};
    return { slots: { ...s.slots, [slot]: { ...current, posteriors } } };
  });
}

let stagingCount = 0;

/**
 * A fresh key for the explorer worker to hold a model under while it is
 * checked: the slot keeps its model until the new one has loaded, so a bad
 * file never costs the model shown.
 */
export function stagingKey(): string {
  return `staging/${++stagingCount}`;
}

export function kindMismatch(name: string, kind: 'vae' | 'ae', slot: ModelSlot): string | null {
  if (kind === slot) return null;
  return `${name} is ${kind === 'vae' ? 'a VAE' : 'an AE'}; this slot shows ${slot === 'vae' ? 'a VAE' : 'an AE'}`;
}

/** The selected point and projection fit the new model's latent size; a point that still fits decodes anew. */
function fitExplorerToModel(slot: ModelSlot, latentDim: number): void {
  const { points, projection } = explorerStore.get();
  const dims = projection[slot];
  if (dims.mode === 'dims' && Math.max(...dims.dims) >= latentDim) {
    explorerStore.set((s) => ({ projection: { ...s.projection, [slot]: { mode: 'dims', dims: [0, 1] } } }));
  }
  if (points[slot] && points[slot].length !== latentDim) {
    explorerStore.set((s) => ({ points: { ...s.points, [slot]: null }, decoded: { ...s.decoded, [slot]: null } }));
  } else if (points[slot]) {
    void decodeSelectedPoint(slot);
  }
}

/** Moves a model the worker holds under a staging key into a slot, and shows it. */
export async function moveIntoSlot(staging: string, slot: ModelSlot, entry: ModelEntry): Promise<void> {
  await explorerClient.moveModel(staging, slot);
  fitExplorerToModel(slot, entry.meta.latentDim);
  await showInSlot(slot, entry);
}

/** Puts a model whose weights the page holds (e.g. read from storage) into a slot, checked first under a staging key. */
export async function putInSlot(slot: ModelSlot, entry: ModelEntry): Promise<void> {
  const staging = stagingKey();
  try {
    await explorerClient.setModel(staging, entry.weights);
  } catch (err) {
    void explorerClient.dropModel(staging).catch(() => undefined);
    throw err;
  }
  await moveIntoSlot(staging, slot, entry);
}

/** Loads a shipped model (weights from models/<id>/) into a slot. */
export async function loadShippedModel(slot: ModelSlot, item: CatalogItem): Promise<void> {
  const previous = modelsStore.get().slots[slot];
  modelsStore.set((s) => ({ slots: { ...s.slots, [slot]: { kind: 'loading', name: item.name } } }));
  const staging = stagingKey();
  try {
    const { meta, weights } = await explorerClient.loadModelFromUrl(staging, `${MODELS_BASE}${item.id}/`);
    const mismatch = kindMismatch(item.name, meta.kind, slot);
    if (mismatch) throw new Error(mismatch);
    await moveIntoSlot(staging, slot, { key: item.key, source: 'shipped', name: item.name, meta, weights });
  } catch (err) {
    void explorerClient.dropModel(staging).catch(() => undefined);
    modelsStore.set((s) => ({
      slots: {
        ...s.slots,
        [slot]: previous.kind === 'loading' ? { kind: 'error', message: messageOf(err) } : previous,
      },
    }));
    throw err;
  }
}

/**
 * At start: the shipped catalog, then the models the URL names (default
 * vae-2d and ae-2d) on the maps. `loadSaved` loads a "saved/<name>" key
 * (it lives with the saved models); when it fails (it says why) the slot
 * gets the default.
 */
export async function loadDefaultModels(
  requested: Partial<Record<ModelSlot, string>> = {},
  loadSaved?: (slot: ModelSlot, key: string) => Promise<void>,
): Promise<void> {
  await explorerClient.init();
  const items = await loadShippedCatalog();
  const defaults: Record<ModelSlot, string> = { vae: 'shipped/vae-2d', ae: 'shipped/ae-2d' };
  await Promise.all(
    (['vae', 'ae'] as const).map(async (slot) => {
      const wanted = requested[slot] ?? defaults[slot];
      if (wanted.startsWith('saved/') && loadSaved) {
        try {
          await loadSaved(slot, wanted);
          return;
        } catch {
          // Falls back to the default below.
        }
      }
      const item = items.find((i) => i.key === wanted) ?? items.find((i) => i.key === defaults[slot]);
      if (!item) {
        modelsStore.set((s) => ({
          slots: { ...s.slots, [slot]: { kind: 'error', message: `${wanted} is not available` } },
        }));
        return;
      }
      try {
        await loadShippedModel(slot, item);
      } catch {
        // The slot shows the error.
      }
    }),
  );
}

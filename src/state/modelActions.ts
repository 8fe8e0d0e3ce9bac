import { messageOf } from './appStore';
import { modelsStore, type CatalogItem, type ModelEntry } from './modelsStore';
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
    // A newer model may have taken the slot meanwhile.
    if (current.kind !== 'model' || current.entry !== entry) return {};
    return { slots: { ...s.slots, [slot]: { ...current, posteriors } } };
  });
}

/** Loads a shipped model (weights from models/<id>/) into a slot. */
export async function loadShippedModel(slot: ModelSlot, item: CatalogItem): Promise<void> {
  const previous = modelsStore.get().slots[slot];
  modelsStore.set((s) => ({ slots: { ...s.slots, [slot]: { kind: 'loading', name: item.name } } }));
  try {
    const { meta, weights } = await explorerClient.loadModelFromUrl(slot, `${MODELS_BASE}${item.id}/`);
    if (meta.kind !== slot)
      throw new Error(
        `${item.name} is ${meta.kind === 'vae' ? 'a VAE' : 'an AE'}; this slot shows ${slot === 'vae' ? 'a VAE' : 'an AE'}`,
      );
    await showInSlot(slot, { key: item.key, source: 'shipped', name: item.name, meta, weights });
  } catch (err) {
    modelsStore.set((s) => ({
      slots: {
        ...s.slots,
        [slot]: previous.kind === 'loading' ? { kind: 'error', message: messageOf(err) } : previous,
      },
    }));
    throw err;
  }
}

/** At start: the shipped catalog, then the models the URL names (default vae-2d and ae-2d) on the maps. */
export async function loadDefaultModels(requested: Partial<Record<ModelSlot, string>> = {}): Promise<void> {
  await explorerClient.init();
  const items = await loadShippedCatalog();
  const defaults: Record<ModelSlot, string> = { vae: 'shipped/vae-2d', ae: 'shipped/ae-2d' };
  await Promise.all(
    (['vae', 'ae'] as const).map(async (slot) => {
      const wanted = requested[slot] ?? defaults[slot];
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

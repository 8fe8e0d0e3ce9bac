import { messageOf } from './appStore';
import { libraryStore, libraryTask } from './libraryStore';
import { loadShippedModel, putInSlot, refuseIfTraining, slotForKind } from './modelActions';
import { modelsStore, type CatalogItem } from './modelsStore';
import { shownModel } from './shownModel';
import { relabelEntries, slotLabels, slotsStore } from './slots';
import {
  deleteSavedModel,
  isQuotaExceeded,
  listSavedModels,
  readSavedModel,
  renameSavedModel,
  saveModel,
  SavedModelError,
  type SavedModelSummary,
} from '../persistence/savedModels';
import type { SlotId } from '../lib/slots';

const SAVED_PREFIX = 'saved/';

const labelOf = (slot: SlotId) => slotLabels(slotsStore.get())[slot];

function catalogItem(summary: SavedModelSummary): CatalogItem {
  return {
    key: `${SAVED_PREFIX}${summary.name}`,
    source: 'saved',
    id: summary.name,
    name: summary.name,
    meta: summary.meta,
  };
}

/** Re-reads the list of saved models from storage (the truth, after any change or failure). */
export async function refreshSavedModels(): Promise<void> {
  try {
    modelsStore.set({ saved: (await listSavedModels()).map(catalogItem) });
  } catch (err) {
    libraryStore.set({
      notice: { kind: 'error', text: `The saved models could not be listed: ${messageOf(err)}` },
    });
  }
}

async function loadSaved(name: string, slot: SlotId): Promise<void> {
  const saved = await readSavedModel(name);
  if (!saved) throw new SavedModelError(`no saved model is called "${name}" in this browser`);
  refuseIfTraining(slot);
  await putInSlot(slot, {
    key: `${SAVED_PREFIX}${name}`,
    source: 'saved',
    name,
    meta: saved.meta,
    weights: saved.weights,
  });
}

/** At start, for a link naming "saved/<name>": loads it, or says why not (the slot then gets the default). */
export async function loadSavedFromUrl(slot: SlotId, key: string): Promise<void> {
  const name = key.slice(SAVED_PREFIX.length);
  try {
    await loadSaved(name, slot);
  } catch (err) {
    libraryStore.set({
      notice: {
        kind: 'error',
        text: `The link names the saved model "${name}", which could not be loaded: ${messageOf(err)}. The ${slot} slot shows the default model instead.`,
      },
    });
    throw err;
  }
}

/** Loads a listed model into a slot (by default the one `slotForKind` picks). */
export function loadCatalogItem(item: CatalogItem, slot: SlotId = slotForKind(item.meta.kind)): Promise<void> {
  return libraryTask(`Loading "${item.name}"…`, 'Not loaded', async () => {
    refuseIfTraining(slot);
    if (item.source === 'shipped') await loadShippedModel(slot, item);
    else await loadSaved(item.id, slot);
    return `Loaded "${item.name}" into the ${slot} slot.`;
  });
}

/** A full disk gets a message that says what to do; other storage errors pass as they are. */
function storageError(err: unknown): unknown {
  if (!isQuotaExceeded(err)) return err;
  return new Error(
    "this browser's storage for the site is full (QuotaExceededError), so nothing was written. " +
      'Delete saved models you no longer need, or download this one as a .zip instead',
    { cause: err },
  );
}

/** Saves what a slot shows (a loaded model, or a training run's latest weights) under a new name. */
export function saveShownModel(slot: SlotId, requestedName: string): Promise<void> {
  return libraryTask('Saving…', 'Not saved', async () => {
    const label = labelOf(slot);
    const shown = shownModel(slot);
    if (!shown) throw new Error(`the ${label} slot shows no model yet`);
    const name = requestedName.trim() || shown.name;
    try {
      await saveModel(name, shown.meta, shown.weights);
    } catch (err) {
      throw storageError(err);
    } finally {
      await refreshSavedModels();
    }
    // A loaded model is now the saved one, so the URL can name it and a reload brings it back.
    const saved = shown.entry;
    if (saved) {
      relabelEntries(
        (e) => e === saved,
        (e) => ({ ...e, key: `${SAVED_PREFIX}${name}`, source: 'saved', name, meta: { ...e.meta, name } }),
      );
    }
    return `Saved the ${label} as "${name}" in this browser.`;
  });
}

export function renameSaved(from: string, to: string): Promise<void> {
  return libraryTask('Renaming…', 'Not renamed', async () => {
    const name = to.trim();
    try {
      await renameSavedModel(from, name);
    } catch (err) {
      throw storageError(err);
    } finally {
      await refreshSavedModels();
    }
    relabelEntries(
      (e) => e.key === `${SAVED_PREFIX}${from}`,
      (e) => ({ ...e, key: `${SAVED_PREFIX}${name}`, name, meta: { ...e.meta, name } }),
    );
    return `Renamed "${from}" to "${name}".`;
  });
}

export function deleteSaved(name: string): Promise<void> {
  return libraryTask('Deleting…', 'Not deleted', async () => {
    try {
      await deleteSavedModel(name);
    } finally {
      await refreshSavedModels();
    }
    // A slot showing it keeps it (its weights are in the page), but the URL must no longer name it.
    relabelEntries(
      (e) => e.key === `${SAVED_PREFIX}${name}`,
      (e) => ({ ...e, key: `imported/${name}`, source: 'imported' }),
    );
    return `Deleted "${name}" from this browser.`;
  });
}

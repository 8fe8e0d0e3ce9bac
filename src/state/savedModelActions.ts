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
import { t } from '../i18n';
import type { SlotId } from '../lib/slotIds';

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
      notice: { kind: 'error', text: t('library.saved.listFailed', { reason: messageOf(err) }) },
    });
  }
}

async function loadSaved(name: string, slot: SlotId): Promise<void> {
  const saved = await readSavedModel(name);
  if (!saved) throw new SavedModelError(t('library.saved.notFound', { name }));
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
        text: t('library.saved.linkFailed', { name, reason: messageOf(err), slot: t(`library.sides.${slot}`) }),
      },
    });
    throw err;
  }
}

/** Loads a listed model into a slot (by default the one `slotForKind` picks). */
export function loadCatalogItem(item: CatalogItem, slot: SlotId = slotForKind(item.meta.kind)): Promise<void> {
  return libraryTask(t('library.saved.loading', { name: item.name }), t('library.saved.notLoaded'), async () => {
    refuseIfTraining(slot);
    if (item.source === 'shipped') await loadShippedModel(slot, item);
    else await loadSaved(item.id, slot);
    return t('library.saved.loaded', { name: item.name, slot: t(`library.sides.${slot}`) });
  });
}

/** A full disk gets a message that says what to do; other storage errors pass as they are. */
function storageError(err: unknown): unknown {
  if (!isQuotaExceeded(err)) return err;
  return new Error(t('library.saved.storageFull'), { cause: err });
}

/** Saves what a slot shows (a loaded model, or a training run's latest weights) under a new name. */
export function saveShownModel(slot: SlotId, requestedName: string): Promise<void> {
  return libraryTask(t('library.saved.saving'), t('library.saved.notSaved'), async () => {
    const label = labelOf(slot);
    const shown = shownModel(slot);
    if (!shown) throw new Error(t('library.shown.noModel', { label }));
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
    return t('library.saved.savedAs', { label, name });
  });
}

export function renameSaved(from: string, to: string): Promise<void> {
  return libraryTask(t('library.saved.renaming'), t('library.saved.notRenamed'), async () => {
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
    return t('library.saved.renamed', { from, to: name });
  });
}

export function deleteSaved(name: string): Promise<void> {
  return libraryTask(t('library.saved.deleting'), t('library.saved.notDeleted'), async () => {
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
    return t('library.saved.deleted', { name });
  });
}

import { libraryTask } from './libraryStore';
import { shownModel } from './shownModel';
import { slotLabels, slotsStore } from './slots';
import { explorerClient } from '../bridge/explorerClient';
import type { ModelArrays } from '../model/arrays';
import type { ModelMeta } from '../model/format/meta';
import { fileSlug, packModelZip } from '../persistence/modelArchive';
import { readSavedModel } from '../persistence/savedModels';
import { t } from '../i18n';
import type { SlotId } from '../lib/slotIds';

/** A model as a .zip: its standard files (meta.json, encoder/*, decoder/*) in one folder. */
export interface ModelZip {
  fileName: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Hands a finished zip to the page (components/download.ts saves it as a file). */
export type DeliverZip = (zip: ModelZip) => void;

async function zipOf(name: string, meta: ModelMeta, weights: ModelArrays): Promise<ModelZip> {
  // The worker writes the files: it has tfjs, and the page stays free meanwhile.
  const files = await explorerClient.modelFiles(weights, { ...meta, name });
  const slug = fileSlug(name);
  return { fileName: `${slug}.zip`, bytes: packModelZip(files, slug) };
}

export function downloadSavedModel(name: string, deliver: DeliverZip): Promise<void> {
  return libraryTask(t('library.download.packing', { name }), t('library.download.notDownloaded'), async () => {
    const saved = await readSavedModel(name);
    if (!saved) throw new Error(t('library.saved.notFound', { name }));
    deliver(await zipOf(name, saved.meta, saved.weights));
    return null;
  });
}

export function downloadShownModel(slot: SlotId, deliver: DeliverZip): Promise<void> {
  const label = slotLabels(slotsStore.get())[slot];
  return libraryTask(t('library.download.packingShown', { label }), t('library.download.notDownloaded'), async () => {
    const shown = shownModel(slot);
    if (!shown) throw new Error(t('library.shown.noModel', { label }));
    deliver(await zipOf(shown.name, shown.meta, shown.weights));
    return null;
  });
}

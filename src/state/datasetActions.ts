import { createStore } from './createStore';
import { messageOf } from './appStore';
import { DATASET_URL_KEY, pageDataset } from './pageDataset';
import { slotsStore } from './slots';
import { explorerClient } from '../bridge/explorerClient';
import { DATASETS, DEFAULT_DATASET, type DatasetId } from '../data/datasets';
import { t } from '../i18n';
import { SLOTS } from '../lib/slotIds';

/** The dataset picker's state: which dataset it is checking, and why the last switch was refused. */
export interface DatasetSwitchState {
  checking: DatasetId | null;
  error: string | null;
}

export const datasetSwitchStore = createStore<DatasetSwitchState>({ checking: null, error: null });

/** Keys of the link that still mean the same on another dataset; the rest (models, points, digit) do not. */
const KEPT_KEYS = ['view', 'lang', 'sigma', 'ellipses', 'prior'];

/** The hash of the page on `dataset`: its default models, the view options kept, and `extra` (e.g. a tour chapter). */
export function hashForDataset(hash: string, dataset: DatasetId, extra: Record<string, string> = {}): string {
  const from = new URLSearchParams(hash.replace(/^#/, ''));
  const to = new URLSearchParams();
  for (const key of KEPT_KEYS) {
    const value = from.get(key);
    if (value !== null) to.set(key, value);
  }
  if (dataset !== DEFAULT_DATASET) to.set(DATASET_URL_KEY, dataset);
  for (const [key, value] of Object.entries(extra)) to.set(key, value);
  return `#${to.toString()}`;
}

/** Opens the page on `hash` afresh: the workers, maps and figures start again on the link's dataset. */
export function reloadWith(hash: string): void {
  history.replaceState(null, '', hash);
  window.location.reload();
}

/**
 * Switches the page to another dataset: its four files are fetched and
 * checked first (in the explorer worker), and only when they pass does the
 * page reload on it, with that dataset's shipped models; a file that fails
 * is refused with a message naming it, and the page stays as it is. A
 * training run lives only in the page, so the person is asked first.
 */
export async function switchDataset(dataset: DatasetId, extra: Record<string, string> = {}): Promise<boolean> {
  if (dataset === pageDataset() || datasetSwitchStore.get().checking) return false;
  const training = SLOTS.some((slot) => slotsStore.get()[slot].model.kind === 'training');
  if (training && !window.confirm(t('app.datasetSwitch.confirmTraining', { name: DATASETS[dataset].label }))) {
    return false;
  }
  datasetSwitchStore.set({ checking: dataset, error: null });
  try {
    await explorerClient.checkDataset(dataset);
  } catch (err) {
    datasetSwitchStore.set({
      checking: null,
      error: t('app.datasetSwitch.refused', { name: DATASETS[dataset].label, reason: messageOf(err) }),
    });
    return false;
  }
  reloadWith(hashForDataset(window.location.hash, dataset, extra));
  return true;
}

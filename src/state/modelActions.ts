import { messageOf } from './appStore';
import { selectStartingPoint } from './explorerActions';
import { refreshSlot } from './slotModelChange';
import { modelsStore, type CatalogItem, type ModelEntry } from './modelsStore';
import {
  claimedSince,
  claimMark,
  claimSlot,
  restoreSlotModel,
  setSlotError,
  setSlotLoading,
  setSlotPosteriors,
  showEntry,
  slotKind,
  slotLabels,
  slotState,
  slotsStore,
  Superseded,
  type SlotClaim,
} from './slots';
import { explorerClient } from '../bridge/explorerClient';
import { WorkerStopped } from '../bridge/workerBridge';
import type { ModelKind } from '../model/config';
import { DATASETS } from '../data/datasets';
import { pageDataset, pageDatasetSpec } from './pageDataset';
import { familyInfo } from '../model/familyInfo';
import { modelIndexSchema, parseModelMeta, type ModelMeta } from '../model/format/meta';
import { t } from '../i18n';
import { SLOTS, type SlotId } from '../lib/slotIds';

const MODELS_BASE = `${import.meta.env.BASE_URL}models/`;

/** The models shown at start on the page's dataset (and the slots' defaults when a link names a model that is gone). */
export function defaultModels(): Record<SlotId, string> {
  const { left, right } = pageDatasetSpec().defaultModels;
  return { left: `shipped/${left}`, right: `shipped/${right}` };
}

/**
 * A model is shown only against the data it was trained on: its map plots
 * that dataset's test images, its figures are measured on them. A model of
 * another dataset is refused with a message saying how to see it.
 */
export function refuseOtherDataset(name: string, meta: ModelMeta): void {
  const page = pageDataset();
  if (meta.dataset !== page) {
    throw new Error(
      t('library.otherDataset', { name, trained: DATASETS[meta.dataset].label, shown: DATASETS[page].label }),
    );
  }
}

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
      shipped: { status: 'error', message: t('library.catalog.listFailed', { reason: messageOf(err) }) },
    });
    return [];
  }
}

/**
 * Where a model goes when the person does not say: the slot already showing
 * its family, else the left slot for the families with a posterior density
 * (VAE, flow VAE) and the right one for point codes (AE, VQ-VAE).
 */
export function slotForKind(kind: ModelKind): SlotId {
  const all = slotsStore.get();
  const same = SLOTS.find((slot) => slotKind(all[slot]) === kind);
  if (same) return same;
  return familyInfo(kind).hasDensity ? 'left' : 'right';
}

/** A slot showing a training run keeps it: loading over it would hide the run (its weights live only in the page). */
export function refuseIfTraining(slot: SlotId): void {
  if (slotState(slot).model.kind === 'training') {
    const label = slotLabels(slotsStore.get())[slot];
    throw new Error(t('library.shown.busyTraining', { label, slot: t(`library.sides.${slot}`) }));
  }
}

/**
 * Puts a loaded model into a slot (the explorer worker already holds its
 * weights under the slot's key): what the old model produced is cleared (see
 * slotModelChange.ts), then the new one samples, encodes and decodes.
 */
export async function showInSlot(slot: SlotId, entry: ModelEntry): Promise<void> {
  showEntry(slot, entry);
  void refreshSlot(slot);
  const posteriors = await explorerClient.testPosteriors(slot);
  setSlotPosteriors(slot, entry, posteriors);
  // The starting point is a test digit's mean: it needs the posteriors.
  void selectStartingPoint(slot);
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

/** Loads in flight (for the tests' hook: a test waits until every load has landed or been dropped). */
let loadsInFlight = 0;
export function modelLoadsInFlight(): number {
  return loadsInFlight;
}

async function counted<T>(work: () => Promise<T>): Promise<T> {
  loadsInFlight++;
  try {
    return await work();
  } finally {
    loadsInFlight--;
  }
}

/**
 * Moves a model the worker holds under a staging key into the claimed slot,
 * and shows it; a claim that a newer one overtook drops the model instead
 * (it throws Superseded, having changed nothing).
 */
export async function moveIntoSlot(staging: string, claim: SlotClaim, entry: ModelEntry): Promise<void> {
  const { slot } = claim;
  if (!claim.current()) {
    void explorerClient.dropModel(staging).catch(() => undefined);
    throw new Superseded(slot);
  }
  try {
    refuseOtherDataset(entry.name, entry.meta);
  } catch (err) {
    void explorerClient.dropModel(staging).catch(() => undefined);
    throw err;
  }
  await explorerClient.moveModel(staging, slot);
  await showInSlot(slot, entry);
}

/** Puts a model whose weights the page holds (e.g. read from storage) into a slot, checked first under a staging key. */
export function putInSlot(slot: SlotId, entry: ModelEntry): Promise<void> {
  const claim = claimSlot(slot);
  const staging = stagingKey();
  return counted(() =>
    onceMoreAfterCrash(async () => {
      try {
        await explorerClient.setModel(staging, entry.weights);
      } catch (err) {
        void explorerClient.dropModel(staging).catch(() => undefined);
        throw err;
      }
      await moveIntoSlot(staging, claim, entry);
    }),
  );
}

/**
 * Runs `load` again once if the explorer worker crashed under it: the crash
 * recovery restores the models already shown, and a model on its way in
 * must not be lost either.
 */
async function onceMoreAfterCrash<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof WorkerStopped && err.crashed) return load();
    throw err;
  }
}

/** Loads a shipped model (weights from models/<id>/) into a slot. */
export function loadShippedModel(slot: SlotId, item: CatalogItem): Promise<void> {
  const claim = claimSlot(slot);
  const previous = slotState(slot).model;
  setSlotLoading(slot, item.name);
  const staging = stagingKey();
  return counted(async () => {
    try {
      await onceMoreAfterCrash(async () => {
        const { meta, weights } = await explorerClient.loadModelFromUrl(staging, `${MODELS_BASE}${item.id}/`);
        await moveIntoSlot(staging, claim, { key: item.key, source: 'shipped', name: item.name, meta, weights });
      });
    } catch (err) {
      void explorerClient.dropModel(staging).catch(() => undefined);
      // A newer load owns the slot now: what it shows is that load's business.
      if (claim.current()) {
        if (previous.kind === 'loading' || previous.kind === 'none') setSlotError(slot, messageOf(err));
        else restoreSlotModel(slot, previous);
      }
      throw err;
    }
  });
}

/**
 * At start: the shipped catalog, then the models the URL names (default
 * the page dataset's VAE on the left, its AE on the right). `loadSaved` loads a
 * "saved/<name>" key (it lives with the saved models); when it fails (it
 * says why) the slot gets the default. `slots` limits it to some slots (a
 * link followed in the open page loads only the slots whose model changes).
 */
export async function loadDefaultModels(
  requested: Partial<Record<SlotId, string>> = {},
  loadSaved?: (slot: SlotId, key: string) => Promise<void>,
  slots: readonly SlotId[] = SLOTS,
): Promise<void> {
  // A slot the person fills meanwhile (a model from the library, a training run) keeps what they chose.
  const mark = claimMark();
  await explorerClient.init();
  const items = await loadShippedCatalog();
  const defaults = defaultModels();
  await Promise.all(
    slots.map(async (slot) => {
      if (claimedSince(slot, mark)) return;
      const wanted = requested[slot] ?? defaults[slot];
      if (wanted.startsWith('saved/') && loadSaved) {
        try {
          await loadSaved(slot, wanted);
          return;
        } catch (err) {
          // Falls back to the default below, unless the person chose a model meanwhile.
          if (err instanceof Superseded) return;
        }
      }
      const item = items.find((i) => i.key === wanted) ?? items.find((i) => i.key === defaults[slot]);
      if (!item) {
        setSlotError(slot, t('library.catalog.unavailable', { key: wanted }));
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

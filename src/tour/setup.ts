import { switchDataset } from '../state/datasetActions';
import { pageDataset } from '../state/pageDataset';
import { t } from '../i18n';
import { explorerStore } from '../state/explorerStore';
import { digitPoint, selectPoint, updateExplorer } from '../state/explorerActions';
import { loadShippedModel } from '../state/modelActions';
import { modelsStore, type CatalogItem } from '../state/modelsStore';
import { setAnomalyOptions } from '../state/anomaly';
import { setHiddenOptions } from '../state/hiddenHalf';
import { setLabOptions } from '../state/posteriorLab';
import { setOnMap } from '../state/reparam';
import { slotState, slotsStore } from '../state/slots';
import { currentSlotView } from '../state/slotView';
import { SLOTS, type SlotId } from '../lib/slotIds';
import { CHAPTERS } from './chapters';
import { clampChapter, tourStore } from './tourStore';
import type { PanelTarget, SetupStep } from './types';

/**
 * Runs a chapter's setup through the named actions a person's clicks use
 * (load a shipped model, pick a digit, set the lab's digit, scroll a panel
 * into view). It changes only what the chapter needs; what the person did
 * elsewhere stays. A newer chapter's setup supersedes one still running.
 */

/** The element each panel target scrolls to (ids set on the panels). */
export const PANEL_IDS: Record<PanelTarget, string> = {
  explorer: 'panel-explorer',
  generators: 'panel-generators',
  'prior-samples': 'panel-prior-samples',
  reparam: 'panel-reparam',
  lab: 'panel-lab',
  hidden: 'panel-hidden',
  anomaly: 'panel-anomaly',
  mixtures: 'panel-mixtures',
  training: 'panel-training',
};

/** Resolves when `test` holds of the slots (checked on every change), or after `ms`. */
function whenSlots(test: () => boolean, ms = 30_000): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = slotsStore.subscribe(() => {
      if (!test()) return;
      stop();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
  });
}

function whenCatalog(): Promise<CatalogItem[]> {
  const ready = () => {
    const shipped = modelsStore.get().shipped;
    return shipped.status === 'ready' ? shipped.value : shipped.status === 'error' ? [] : null;
  };
  const now = ready();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const stop = modelsStore.subscribe(() => {
      const items = ready();
      if (!items) return;
      stop();
      resolve(items);
    });
  });
}

function shows(slot: SlotId, key: string): boolean {
  const { model } = slotState(slot);
  return (
    (model.kind === 'model' || model.kind === 'loading') && (model.kind === 'loading' ? false : model.entry.key === key)
  );
}

async function loadModels(models: Partial<Record<SlotId, string>>, notes: string[]): Promise<void> {
  const items = await whenCatalog();
  await Promise.all(
    SLOTS.map(async (slot) => {
      const key = models[slot];
      if (!key || shows(slot, key)) return;
      if (slotState(slot).model.kind === 'training') {
        notes.push(t('tour.skippedTraining', { slot }));
        return;
      }
      const item = items.find((i) => i.key === key);
      if (!item) return;
      try {
        await loadShippedModel(slot, item);
      } catch {
        // The slot shows why (or another choice overtook this load).
      }
    }),
  );
  // The steps that follow read the models' test posteriors.
  await whenSlots(() => SLOTS.every((slot) => !models[slot] || currentSlotView(slot).posteriors !== null));
}

async function pickDigit(index: number): Promise<void> {
  await whenSlots(() => SLOTS.some((slot) => currentSlotView(slot).posteriors !== null));
  explorerStore.set({ selectedDigit: index });
  await Promise.all(
    SLOTS.map(async (slot) => {
      const z = digitPoint(slot, index);
      if (z) await selectPoint(slot, z);
    }),
  );
}

export function scrollToPanel(target: PanelTarget): void {
  const element = document.getElementById(PANEL_IDS[target]);
  element?.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

async function runStep(step: SetupStep, notes: string[]): Promise<void> {
  switch (step.do) {
    case 'models':
      return loadModels(step.models, notes);
    case 'view':
      return updateExplorer({ view: step.view });
    case 'explorer':
      return updateExplorer(step.patch);
    case 'digit':
      return pickDigit(step.index);
    case 'lab-digit':
      return setLabOptions({ digitText: String(step.index), ...(step.slot ? { slot: step.slot } : {}) });
    case 'hidden':
      return setHiddenOptions({
        digitText: String(step.index),
        mask: step.mask,
        ...(step.slot ? { slot: step.slot } : {}),
      });
    case 'anomaly':
      return setAnomalyOptions({ slot: step.slot });
    case 'reparam-on-map':
      return setOnMap(true);
    case 'scroll':
      return scrollToPanel(step.to);
  }
}

let generation = 0;

/**
 * Resolves after the next frame has been painted (or after 100 ms where no frame comes, as in a hidden
 * tab). A chapter's steps each re-render panels; run back to back they made one main-thread task of the
 * key press, every panel's render and one frame's layout of them all (27-44 ms of CPU, 78 ms and more on
 * a busy machine): between steps the page paints and answers.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}

/** Goes to chapter `n` (0-based) and runs its setup. */
export async function goToChapter(n: number): Promise<void> {
  const chapter = clampChapter(n);
  // The chapters tell the story on the shipped MNIST models: on another dataset the tour opens the page on MNIST.
  if (pageDataset() !== 'mnist') {
    await switchDataset('mnist', { tour: String(chapter + 1) });
    return;
  }
  const mine = ++generation;
  const notes: string[] = [];
  tourStore.set({ open: true, chapter, settingUp: true, notes });
  for (const step of CHAPTERS[chapter].setup) {
    await afterNextPaint();
    if (mine !== generation) return;
    await runStep(step, notes);
  }
  if (mine === generation) tourStore.set({ settingUp: false, notes: [...notes] });
}

export function openTour(chapter = tourStore.get().chapter): Promise<void> {
  return goToChapter(chapter);
}

/** Leaves the tour: everything the person changed stays as it is. */
export function leaveTour(): void {
  generation++;
  tourStore.set({ open: false, settingUp: false });
}

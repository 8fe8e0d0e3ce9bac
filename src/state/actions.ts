import { appStore, messageOf } from './appStore';
import { installExplorerRecovery } from './explorerRecovery';
import { installFlowContours } from './flowContours';
import { installLabFollow } from './posteriorLab';
import { latentDimOf, pickTestDigitForPad, selectPoint } from './explorerActions';
import { explorerStore } from './explorerStore';
import { installSlotModelChange } from './slotModelChange';
import { loadDefaultModels } from './modelActions';
import { loadSavedFromUrl, refreshSavedModels } from './savedModelActions';
import { startTrainingWorker } from './trainingActions';
import { applyUrlViewState, installUrlSync, parseUrlState } from './urlState';
import { explorerClient } from '../bridge/explorerClient';
import { SLOTS } from '../lib/slots';
import { warmUpRasterizer } from '../viz/rasterize';
import { goToChapter } from '../tour/setup';

/** The test digit on the drawing pad at start (not digit 0: the interpolation starts there, and their labels would overlap). */
const PAD_START_DIGIT = 4;

/**
 * What the page does once on load: the explorer worker and the shipped
 * models first (the maps are what the person came for), then the training
 * worker and its data.
 */
export function startApp(): void {
  const url = parseUrlState(window.location.hash);
  applyUrlViewState(url);
  installSlotModelChange();
  installExplorerRecovery();
  installLabFollow();
  installFlowContours();
  // The map's colours and hover thumbnails: the explorer worker's 10,000 test digits, not the full training set.
  void explorerClient
    .testSet()
    .then((testSet) => {
      appStore.set({ testSet });
      // Something on the drawing pad from the start (encoded by each model as it comes in).
      if (!explorerStore.get().drawn) void pickTestDigitForPad(PAD_START_DIGIT);
    })
    .catch((err: unknown) =>
      appStore.set({ dataset: { status: 'error', message: `MNIST could not be loaded: ${messageOf(err)}` } }),
    );
  void refreshSavedModels();
  const models = loadDefaultModels(url.models, loadSavedFromUrl).then(async () => {
    // Points from the URL decode once their models are in.
    await Promise.all(
      SLOTS.map(async (slot) => {
        const z = url.points[slot];
        if (z && z.length === latentDimOf(slot)) await selectPoint(slot, z);
      }),
    );
    installUrlSync();
    warmUpRasterizer();
    // A link into the tour (#tour=5) opens that chapter, with its setup.
    if (url.tour !== undefined) void goToChapter(url.tour - 1);
  });
  void models.finally(() => void startTrainingWorker());
}

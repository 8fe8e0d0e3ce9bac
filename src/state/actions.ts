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
import {
  applyUrlProjections,
  applyUrlViewState,
  installUrlSync,
  parseUrlState,
  shareableModel,
  type UrlState,
} from './urlState';
import { explorerClient } from '../bridge/explorerClient';
import { SLOTS } from '../lib/slotIds';
import { currentLanguage, setLanguage, t } from '../i18n';
import { pageDataset, pageDatasetSpec } from './pageDataset';
import { slotState } from './slots';
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
  const startHash = window.location.hash;
  const url = parseUrlState(startHash);
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
      appStore.set({
        dataset: {
          status: 'error',
          message: t('app.dataset.failed', { name: pageDatasetSpec().label, reason: messageOf(err) }),
        },
      }),
    );
  void refreshSavedModels();
  const models = loadDefaultModels(url.models, loadSavedFromUrl).then(async () => {
    await selectUrlPoints(url);
    installUrlSync(startHash, followUrl);
    warmUpRasterizer();
    // A link into the tour (#tour=5) opens that chapter, with its setup.
    if (url.tour !== undefined) void goToChapter(url.tour - 1);
  });
  void models.finally(() => void startTrainingWorker());
}

/** Points from the URL decode once their models are in. */
async function selectUrlPoints(url: UrlState): Promise<void> {
  await Promise.all(
    SLOTS.map(async (slot) => {
      const z = url.points[slot];
      if (z && z.length === latentDimOf(slot)) await selectPoint(slot, z);
    }),
  );
}

/**
 * A link put in the address bar of the open page, applied in place: what it names changes (the view, the models of
 * the slots whose model differs, the points, the projections, the language, the tour chapter), the rest stays.
 */
async function followUrl(url: UrlState): Promise<void> {
  // Another dataset is another page: its workers, maps and figures start afresh.
  if (url.dataset !== pageDataset()) {
    window.location.reload();
    return;
  }
  applyUrlViewState(url);
  if (url.lang && url.lang !== currentLanguage()) setLanguage(url.lang);
  const changed = SLOTS.filter((slot) => {
    const key = url.models[slot];
    return key !== undefined && key !== shareableModel(slotState(slot));
  });
  if (changed.length > 0) {
    await loadDefaultModels(url.models, loadSavedFromUrl, changed);
    applyUrlProjections(url);
  }
  await selectUrlPoints(url);
  if (url.tour !== undefined) void goToChapter(url.tour - 1);
}

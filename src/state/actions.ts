import { appStore, messageOf } from './appStore';
import { trainingStore } from './trainingStore';
import { trainingClient } from '../bridge/trainingClient';
import { explorerClient } from '../bridge/explorerClient';
import type { BackendName } from '../worker/backends';
import { parseTrainingForm } from './trainingForm';
import { installExplorerSync } from './explorerSync';
import { loadDefaultModels } from './modelActions';
import { loadSavedFromUrl, refreshSavedModels } from './savedModelActions';
import { applyUrlViewState, installUrlSync, parseUrlState } from './urlState';
import { latentDimOf, selectPoint } from './explorerActions';
import { MODEL_SLOTS } from '../worker/protocol';
import { warmUpRasterizer } from '../viz/rasterize';

/** Switches the training worker to a backend; on failure falls back to wasm and says why. */
export async function selectBackend(name: BackendName): Promise<void> {
  appStore.set({ backend: { status: 'loading', detail: `Starting ${name}…` } });
  try {
    const info = await trainingClient.setBackend(name);
    appStore.set({ backend: { status: 'ready', value: info } });
  } catch (err) {
    if (name === 'wasm') {
      appStore.set({ backend: { status: 'error', message: messageOf(err) } });
      return;
    }
    const info = await trainingClient.setBackend('wasm');
    appStore.set({ backend: { status: 'ready', value: info } });
    trainingStore.set({
      notice: { kind: 'warning', text: `${messageOf(err)}. Using the wasm backend instead.` },
    });
  }
}

/** "Auto": times a few training steps on every backend and keeps the fastest. */
export async function selectFastestBackend(): Promise<void> {
  const parsed = parseTrainingForm(trainingStore.get().form);
  const config = parsed.ok ? (parsed.settings.models.vae ?? parsed.settings.models.ae) : null;
  if (!config) return;
  appStore.set({ backend: { status: 'loading', detail: 'Timing each backend…' } });
  try {
    const result = await trainingClient.autoBackend(config);
    appStore.set({ backend: { status: 'ready', value: result.chosen } });
    trainingStore.set({ autoTimings: result.timings });
  } catch (err) {
    appStore.set({ backend: { status: 'error', message: messageOf(err) } });
  }
}

export async function loadDataset(): Promise<void> {
  appStore.set({ dataset: { status: 'loading' } });
  try {
    const info = await trainingClient.loadDataset();
    appStore.set({ dataset: { status: 'ready', value: info } });
  } catch (err) {
    appStore.set({ dataset: { status: 'error', message: `MNIST could not be loaded: ${messageOf(err)}` } });
  }
}

/**
 * What the page does once on load: the explorer worker and the shipped
 * models first (the maps are what the person came for), then the training
 * worker (WebGL by default) and its data.
 */
export function startApp(): void {
  const url = parseUrlState(window.location.hash);
  applyUrlViewState(url);
  installExplorerSync();
  // The map's colours and hover thumbnails: the explorer worker's 10,000 test digits, not the full training set.
  void explorerClient
    .testSet()
    .then((testSet) => appStore.set({ testSet }))
    .catch((err: unknown) =>
      appStore.set({ dataset: { status: 'error', message: `MNIST could not be loaded: ${messageOf(err)}` } }),
    );
  void refreshSavedModels();
  const models = loadDefaultModels(url.models, loadSavedFromUrl).then(async () => {
    // Points and the digit from the URL decode once their models are in.
    await Promise.all(
      MODEL_SLOTS.map(async (slot) => {
        const z = url.points[slot];
        if (z && z.length === latentDimOf(slot)) await selectPoint(slot, z);
      }),
    );
    installUrlSync();
    warmUpRasterizer();
  });
  void models.finally(() => {
    void selectBackend('webgl');
    void loadDataset();
  });
}

import { appStore, messageOf } from './appStore';
import { trainingStore } from './trainingStore';
import { trainingClient } from '../bridge/trainingClient';
import type { BackendName } from '../worker/backends';
import { parseTrainingForm } from './trainingForm';

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
    appStore.set({ testSet: await trainingClient.testSet() });
  } catch (err) {
    appStore.set({ dataset: { status: 'error', message: `MNIST could not be loaded: ${messageOf(err)}` } });
  }
}

/** What the page does once on load: WebGL first (the default), the data in parallel. */
export function startApp(): void {
  void selectBackend('webgl');
  void loadDataset();
}

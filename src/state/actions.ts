import { appStore } from './appStore';
import { trainingBridge } from '../bridge/trainingBridge';
import type { BackendName } from '../worker/backends';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function selectBackend(name: BackendName): Promise<void> {
  appStore.set({ backend: { status: 'loading' } });
  try {
    const info = await trainingBridge.api.setBackend(name);
    appStore.set({ backend: { status: 'ready', value: info } });
  } catch (err) {
    appStore.set({ backend: { status: 'error', message: messageOf(err) } });
  }
}

export async function loadDataset(): Promise<void> {
  appStore.set({ dataset: { status: 'loading' } });
  try {
    const info = await trainingBridge.api.loadDataset();
    appStore.set({ dataset: { status: 'ready', value: info } });
  } catch (err) {
    appStore.set({ dataset: { status: 'error', message: `MNIST could not be loaded: ${messageOf(err)}` } });
  }
}

/** What the page does once on load. */
export function startApp(): void {
  void selectBackend('wasm');
  void loadDataset();
}

import { createStore } from './createStore';
import type { BackendInfo } from '../model/training/backend';
import type { DatasetInfo } from '../worker/dataset';

export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading'; detail?: string }
  | { status: 'ready'; value: T }
  | { status: 'error'; message: string };

/** The 10,000 test digits on the page (raw bytes, row-major 28x28) for thumbnails, and their labels for colour. */
export interface TestSet {
  images: Uint8Array;
  labels: Uint8Array;
}

export interface AppState {
  dataset: Loadable<DatasetInfo>;
  backend: Loadable<BackendInfo>;
  testSet: TestSet | null;
  /** What happened to the explorer worker (a crash and its recovery). */
  explorerNotice: { kind: 'warning' | 'error'; text: string } | null;
}

export const appStore = createStore<AppState>({
  dataset: { status: 'idle' },
  backend: { status: 'idle' },
  testSet: null,
  explorerNotice: null,
});

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

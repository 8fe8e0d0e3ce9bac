import { createStore } from './createStore';
import type { BackendInfo } from '../worker/backends';
import type { DatasetInfo } from '../worker/dataset';

export type Loadable<T> =
  { status: 'idle' } | { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export interface AppState {
  dataset: Loadable<DatasetInfo>;
  backend: Loadable<BackendInfo>;
}

export const appStore = createStore<AppState>({
  dataset: { status: 'idle' },
  backend: { status: 'idle' },
});

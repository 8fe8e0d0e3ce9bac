import { createStore } from './createStore';

/** The model library's own state: what it is doing, and the outcome of the last thing it did. */
export interface LibraryState {
  /** A running save, load, import or download, in words (buttons wait meanwhile). */
  busy: string | null;
  /** Errors are alerts; the rest a status line. */
  notice: { kind: 'error' | 'info'; text: string } | null;
}

export const libraryStore = createStore<LibraryState>({ busy: null, notice: null });

/**
 * Runs one library action: marks the library busy, and turns a failure into
 * a message. Actions throw errors whose messages a person can act on.
 */
export async function libraryTask(
  busy: string,
  errorPrefix: string,
  task: () => Promise<string | null>,
): Promise<void> {
  libraryStore.set({ busy, notice: null });
  try {
    const done = await task();
    libraryStore.set({ notice: done ? { kind: 'info', text: done } : null });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    libraryStore.set({ notice: { kind: 'error', text: `${errorPrefix}: ${message}` } });
  } finally {
    libraryStore.set({ busy: null });
  }
}

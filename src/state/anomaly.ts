import { messageOf } from './appStore';
import { createStore } from './createStore';
import { explorerStore } from './explorerStore';
import { imageOf, type LabSource } from './posteriorLab';
import { explorerClient } from '../bridge/explorerClient';
import type { AnomalyDirection, AnomalyMarkers, AnomalyUpdate } from '../model/posterior/anomalyProtocol';
import type { SlotId } from '../lib/slotIds';
import { t } from '../i18n';

/**
 * The anomaly panel's state and actions: the shown model's -log p(x) over
 * its own test set, the other dataset's and noise (with each image's
 * compressed length), the markers of one image, and the AUROCs of the two
 * shipped VAEs both ways round.
 */

export type AnomalyScores = Omit<Extract<AnomalyUpdate, { stage: 'scores' }>, 'stage'>;

export interface AnomalyRun {
  slot: SlotId;
  running: boolean;
  done: number;
  total: number;
  scores: AnomalyScores | null;
  error: string | null;
}

export interface MarkerState {
  slot: SlotId;
  source: LabSource;
  values: AnomalyMarkers | null;
  error: string | null;
}

export interface AnomalyState {
  slot: SlotId;
  /** Images of each set to score when the model ships no scores file. */
  countText: string;
  score: 'raw' | 'corrected';
  units: 'nats' | 'bits';
  run: AnomalyRun | null;
  markers: MarkerState | null;
  directions:
    | { status: 'loading' }
    | { status: 'ready'; value: AnomalyDirection[] }
    | { status: 'error'; message: string }
    | null;
}

const MODELS_BASE = `${import.meta.env.BASE_URL}models/`;

export const anomalyStore = createStore<AnomalyState>({
  slot: 'left',
  countText: '500',
  score: 'raw',
  units: 'nats',
  run: null,
  markers: null,
  directions: null,
});

export function setAnomalyOptions(patch: Partial<Pick<AnomalyState, 'slot' | 'countText' | 'score' | 'units'>>): void {
  anomalyStore.set(patch);
}

/** Scores the three sets under the slot's model (its shipped file when it has one), then marks an image. */
export async function runAnomaly(slot: SlotId, count: number): Promise<void> {
  let current: AnomalyRun = { slot, running: true, done: 0, total: 0, scores: null, error: null };
  anomalyStore.set({ run: current });
  const patch = (p: Partial<AnomalyRun>) =>
    anomalyStore.set((s) => {
      if (s.run !== current) return {};
      current = { ...current, ...p };
      return { run: current };
    });
  const selected = explorerStore.get().selectedDigit;
  void markImage(selected !== null ? { kind: 'test', index: selected } : { kind: 'test', index: 0 }, slot);
  try {
    await explorerClient.anomalyScores(slot, count, (update) => {
      if (update.stage === 'progress') patch({ done: update.done, total: update.total });
      else if (update.stage === 'scores') {
        const { stage: _stage, ...scores } = update;
        patch({ running: false, scores });
        void loadDirections(MODELS_BASE);
      } else patch({ running: false, error: update.message });
    });
  } catch (err) {
    patch({ running: false, error: messageOf(err) });
  }
}

export function cancelAnomaly(): void {
  void explorerClient.cancelAnomaly();
  anomalyStore.set((s) => (s.run?.running ? { run: { ...s.run, running: false } } : {}));
}

/** -log p(x) of one image (a test digit, or the drawn one), its inverse and a noise image: the histogram's marks. */
export async function markImage(source: LabSource, slot: SlotId = anomalyStore.get().slot): Promise<void> {
  const image = imageOf(source);
  const mine: MarkerState = {
    slot,
    source,
    values: null,
    error: image ? null : source.kind === 'drawn' ? t('lab.anomaly.drawFirst') : t('lab.anomaly.noSuchDigit'),
  };
  anomalyStore.set({ markers: mine });
  if (!image) return;
  try {
    const values = await explorerClient.anomalyMarkers(slot, image);
    anomalyStore.set((s) => (s.markers === mine ? { markers: { ...mine, values } } : {}));
  } catch (err) {
    anomalyStore.set((s) => (s.markers === mine ? { markers: { ...mine, error: messageOf(err) } } : {}));
  }
}

/** The AUROCs of the shipped VAEs, each shown the other dataset (once per page). */
export async function loadDirections(modelsBase: string): Promise<void> {
  if (anomalyStore.get().directions) return;
  anomalyStore.set({ directions: { status: 'loading' } });
  try {
    anomalyStore.set({ directions: { status: 'ready', value: await explorerClient.anomalyDirections(modelsBase) } });
  } catch (err) {
    anomalyStore.set({ directions: { status: 'error', message: messageOf(err) } });
  }
}

/** The slot's model is being replaced: its scores and marks are stale. */
export function clearAnomalyOf(slot: SlotId): void {
  const { run, markers } = anomalyStore.get();
  if (run?.slot === slot) {
    void explorerClient.cancelAnomaly();
    anomalyStore.set({ run: null });
  }
  if (markers?.slot === slot) anomalyStore.set({ markers: null });
}

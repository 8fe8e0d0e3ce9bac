import { messageOf } from './appStore';
import { createStore } from './createStore';
import { imageOf, type LabSource } from './posteriorLab';
import { explorerClient } from '../bridge/explorerClient';
import { halfMask, PIXELS, type MaskKind } from '../model/posterior/inpainting';
import type { HiddenDisplay, HiddenFigures } from '../model/posterior/inpainting';
import { DEFAULT_HIDDEN_REQUEST, type HiddenUpdate, type QPlace } from '../model/posterior/hiddenProtocol';
import type { SlotId } from '../lib/slotIds';
import { t } from '../i18n';

/**
 * The hidden half's state and actions: which model, image and mask, and
 * what the explorer worker has sent back (the three figures, both
 * posteriors on a grid, the completions); and the run over many test digits.
 */

export type HiddenFiguresUpdate = Extract<HiddenUpdate, { stage: 'figures' }>;

export interface HiddenResult {
  source: LabSource;
  slot: SlotId;
  mask: MaskKind;
  /** The pixels hidden (1), 28 x 28. */
  pixels: Uint8Array;
  /** The image (784 in [0, 1]). */
  image: Float32Array | null;
  figures: HiddenFiguresUpdate | null;
  display: HiddenDisplay | null;
  encoder: QPlace | null;
  whole: QPlace | null;
  displayMs: number | null;
  completions: { codes: Float32Array; images: Float32Array; exactDraws: boolean } | null;
  done: boolean;
  error: string | null;
}

export interface HiddenSummary {
  slot: SlotId;
  mask: MaskKind;
  count: number;
  running: boolean;
  done: number;
  startedAt: number;
  secondsLeft: number | null;
  sums: { exact: number; encoder: number; prior: number; kl: number; exactBelowPrior: number };
  seconds: number | null;
  error: string | null;
}

export interface HiddenState {
  slot: SlotId;
  digitText: string;
  mask: MaskKind;
  /** The brush mask (1 = hidden), painted in the panel. */
  brush: Uint8Array;
  summaryCountText: string;
  result: HiddenResult | null;
  summary: HiddenSummary | null;
}

export const hiddenStore = createStore<HiddenState>({
  slot: 'left',
  digitText: '7',
  mask: 'bottom',
  brush: new Uint8Array(PIXELS),
  summaryCountText: '200',
  result: null,
  summary: null,
});

export function maskPixels(kind: MaskKind): Uint8Array {
  return kind === 'brush' ? hiddenStore.get().brush.slice() : halfMask(kind);
}

export function setHiddenOptions(
  patch: Partial<Pick<HiddenState, 'slot' | 'digitText' | 'mask' | 'summaryCountText' | 'brush'>>,
): void {
  hiddenStore.set(patch);
}

/** Hides the mask's pixels of the image and asks the worker for the hidden half (cancelling a run in progress). */
export async function runHidden(
  source: LabSource,
  slot: SlotId,
  mask: MaskKind = hiddenStore.get().mask,
): Promise<void> {
  const image = imageOf(source);
  const pixels = maskPixels(mask);
  const hiddenCount = pixels.reduce((s, v) => s + v, 0);
  const error = !image
    ? source.kind === 'drawn'
      ? t('lab.hidden.drawFirst')
      : t('lab.hidden.noSuchDigit')
    : hiddenCount === 0
      ? t('lab.hidden.nothingHidden')
      : hiddenCount === PIXELS
        ? t('lab.hidden.allHidden')
        : null;
  const result: HiddenResult = {
    source,
    slot,
    mask,
    pixels,
    image,
    figures: null,
    display: null,
    encoder: null,
    whole: null,
    displayMs: null,
    completions: null,
    done: error !== null,
    error,
  };
  hiddenStore.set((s) => ({ result, slot, digitText: source.kind === 'test' ? String(source.index) : s.digitText }));
  if (!image || error) return;
  const patch = (p: Partial<HiddenResult>) =>
    hiddenStore.set((s) => (s.result?.source === source ? { result: { ...s.result, ...p } } : {}));
  try {
    await explorerClient.hiddenHalf(slot, image, pixels, DEFAULT_HIDDEN_REQUEST, (update) => {
      switch (update.stage) {
        case 'figures':
          patch({ figures: update });
          break;
        case 'posterior':
          patch({ display: update.display, encoder: update.encoder, whole: update.whole, displayMs: update.ms });
          break;
        case 'completions':
          patch({ completions: { codes: update.codes, images: update.images, exactDraws: update.exactDraws } });
          break;
        case 'done':
          patch({ done: true });
          break;
        case 'error':
          patch({ error: update.message, done: true });
          break;
      }
    });
  } catch (err) {
    patch({ error: messageOf(err), done: true });
  }
}

const EMPTY_SUMS = { exact: 0, encoder: 0, prior: 0, kl: 0, exactBelowPrior: 0 };

/** log p(x_h | x_v) three ways over `count` test digits (the lab's seeded subset) under the mask. */
export async function runHiddenSummary(count: number, slot: SlotId, mask: MaskKind): Promise<void> {
  let current: HiddenSummary = {
    slot,
    mask,
    count,
    running: true,
    done: 0,
    startedAt: Date.now(),
    secondsLeft: null,
    sums: EMPTY_SUMS,
    seconds: null,
    error: null,
  };
  hiddenStore.set({ summary: current });
  const patch = (p: (s: HiddenSummary) => Partial<HiddenSummary>) =>
    hiddenStore.set((s) => {
      if (s.summary !== current) return {};
      current = { ...current, ...p(current) };
      return { summary: current };
    });
  const add = (f: HiddenFigures) => (s: HiddenSummary) => ({
    sums: {
      exact: s.sums.exact + f.exact,
      encoder: s.sums.encoder + f.encoder,
      prior: s.sums.prior + f.prior,
      kl: s.sums.kl + f.klPosteriorToEncoder,
      exactBelowPrior: s.sums.exactBelowPrior + (f.exact < f.prior ? 1 : 0),
    },
  });
  try {
    await explorerClient.hiddenHalfSummary(slot, count, maskPixels(mask), (update) => {
      if (update.stage === 'digit') patch(add(update.figures));
      else if (update.stage === 'progress')
        patch((s) => ({
          done: update.done,
          secondsLeft: ((Date.now() - s.startedAt) / 1000 / update.done) * (update.count - update.done),
        }));
      else if (update.stage === 'done') patch(() => ({ running: false, seconds: update.seconds }));
      else patch(() => ({ running: false, error: update.message }));
    });
  } catch (err) {
    patch(() => ({ running: false, error: messageOf(err) }));
  }
}

export function cancelHiddenSummary(): void {
  void explorerClient.cancelHiddenHalfSummary();
  hiddenStore.set((s) => (s.summary ? { summary: { ...s.summary, running: false } } : {}));
}

export function clearHidden(): void {
  void explorerClient.cancelHiddenHalf();
  hiddenStore.set({ result: null });
}

/** The slot's model is being replaced: the hidden half's figures of it are stale. */
export function clearHiddenOf(slot: SlotId): void {
  const { result, summary } = hiddenStore.get();
  if (result?.slot === slot) clearHidden();
  if (summary?.slot === slot) {
    void explorerClient.cancelHiddenHalfSummary();
    hiddenStore.set({ summary: null });
  }
}

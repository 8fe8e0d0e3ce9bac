import { appStore, messageOf } from './appStore';
import { createStore } from './createStore';
import { setToolLayers } from './explorerStore';
import { currentSlotView } from './slotView';
import { explorerClient } from '../bridge/explorerClient';
import { t } from '../i18n';
import { SLOTS, type SlotId } from '../lib/slotIds';
import {
  reparameterisedDraws,
  standardNormalDraws,
  type GaussianTheta,
  type GradientEstimates,
} from '../model/posterior/reparam';
import type { MapLayers } from '../viz/mapLayers';

/**
 * The reparameterisation panel's state and actions: the selected digit's
 * q(z|x) = N(mu, diag sigma^2) (the encoder's, or moved by the person), K
 * draws eps_k ~ N(0, I) and their images z_k = mu + sigma * eps_k, decoded;
 * "freeze eps" keeps the draws while mu and sigma move, so the z_k follow
 * deterministically. The gradient comparison (pathwise against score
 * function) runs in the explorer worker.
 */
export interface ReparamState {
  slot: SlotId | null;
  digit: number | null;
  /** The encoder's q for the digit. */
  encoder: { mean: number[]; sigma: number[] } | null;
  /** Where the person moved mu (added to the encoder's), and how they scaled sigma. */
  offset: [number, number];
  sigmaScale: number;
  K: number;
  seed: number;
  frozen: boolean;
  /** The draws on the slot's map too (off until the person uses the panel, or the tour's chapter shows it). */
  onMap: boolean;
  eps: Float32Array | null;
  z: Float32Array | null;
  images: Float32Array | null;
  comparison: GradientEstimates[] | null;
  comparing: boolean;
  error: string | null;
}

export const REPARAM_DRAWS = 16;

export const reparamStore = createStore<ReparamState>({
  slot: null,
  digit: null,
  encoder: null,
  offset: [0, 0],
  sigmaScale: 1,
  K: REPARAM_DRAWS,
  seed: 1,
  frozen: false,
  onMap: false,
  eps: null,
  z: null,
  images: null,
  comparison: null,
  comparing: false,
  error: null,
});

/** One colour per draw, shared by the eps inset, the map and the strip. */
export const DRAW_COLORS = [
  '#e03131',
  '#1971c2',
  '#2f9e44',
  '#f08c00',
  '#7048e8',
  '#0c8599',
  '#c2255c',
  '#5c940d',
  '#e8590c',
  '#3b5bdb',
  '#099268',
  '#f59f00',
  '#9c36b5',
  '#1098ad',
  '#d6336c',
  '#66a80f',
];

/** The VAE slot the panel works on: the first with a diagonal Gaussian q in 2-D. */
export function reparamSlot(): SlotId | null {
  return (
    SLOTS.find((slot) => {
      const v = currentSlotView(slot);
      return v.status === 'ready' && v.family?.diagonalGaussianPosterior && v.latentDim === 2 && v.posteriors?.logVars;
    }) ?? null
  );
}

/** The q the draws use now: the encoder's, moved and scaled by the person. */
export function currentTheta(s: ReparamState): { mean: number[]; sigma: number[] } | null {
  if (!s.encoder) return null;
  return {
    mean: s.encoder.mean.map((m, j) => m + s.offset[j]),
    sigma: s.encoder.sigma.map((x) => x * s.sigmaScale),
  };
}

function thetaOf(s: ReparamState): GaussianTheta | null {
  const q = currentTheta(s);
  return q ? { mean: q.mean, logVar: q.sigma.map((x) => 2 * Math.log(x)) } : null;
}

/** The draws on the map: each z_k in its colour, with q's 1 and 2 sigma ellipses. */
export function reparamLayers(s: ReparamState): MapLayers | null {
  const q = currentTheta(s);
  if (!q || !s.z) return null;
  const marks = Array.from({ length: s.K }, (_, k) => ({
    points: [[s.z![2 * k], s.z![2 * k + 1]] as [number, number]],
    color: DRAW_COLORS[k % DRAW_COLORS.length],
    shape: 'dot' as const,
  }));
  return {
    legend: [t('reparam.legend', { K: s.K })],
    gaussians: [
      {
        mean: [q.mean[0], q.mean[1]],
        cov: [q.sigma[0] ** 2, 0, q.sigma[1] ** 2],
        scales: [1, 2],
        color: '#212529',
        dash: [4, 3],
        label: 'q(z|x)',
      },
    ],
    marks,
  };
}

function showOnMap(): void {
  const s = reparamStore.get();
  if (s.slot) setToolLayers(s.slot, 'reparam', s.onMap ? reparamLayers(s) : null);
}

/** The draws on the map, or not. */
export function setOnMap(onMap: boolean): void {
  reparamStore.set({ onMap });
  showOnMap();
}

let decodeGeneration = 0;

/** Draws (or keeps, when frozen) eps, maps it through the current q and decodes the z_k. */
export async function redraw(resample = false): Promise<void> {
  const s = reparamStore.get();
  const q = currentTheta(s);
  if (!q || !s.slot) return;
  const seed = resample ? s.seed + 1 : s.seed;
  const eps = s.frozen && s.eps && !resample ? s.eps : standardNormalDraws(s.K, 2, seed);
  const z = reparameterisedDraws(q.mean, q.sigma, eps, s.K);
  reparamStore.set({ eps, z, seed });
  showOnMap();
  const mine = ++decodeGeneration;
  const images = await explorerClient.decode(s.slot, Float32Array.from(z), s.K);
  if (mine === decodeGeneration) reparamStore.set({ images });
}

/**
 * Follows a digit (the one picked on the maps): its encoder q, the person's
 * moves reset, new draws. Without the freeze the draws change whenever q
 * does; with it they stay.
 */
export function showDigit(digit: number): void {
  const slot = reparamSlot();
  const p = slot ? currentSlotView(slot).posteriors : null;
  if (!slot || !p?.logVars || digit < 0 || digit >= p.count) return;
  const encoder = {
    mean: [p.means[2 * digit], p.means[2 * digit + 1]],
    sigma: [Math.exp(0.5 * p.logVars[2 * digit]), Math.exp(0.5 * p.logVars[2 * digit + 1])],
  };
  const previous = reparamStore.get().slot;
  if (previous && previous !== slot) setToolLayers(previous, 'reparam', null);
  reparamStore.set({ slot, digit, encoder, offset: [0, 0], sigmaScale: 1, comparison: null, error: null });
  void redraw();
}

// The person's moves: the draws show on the map from then on.
export function moveMean(offset: [number, number]): void {
  reparamStore.set({ offset, onMap: true });
  void redraw();
}

export function scaleSigma(sigmaScale: number): void {
  reparamStore.set({ sigmaScale, onMap: true });
  void redraw();
}

export function resample(): void {
  reparamStore.set({ onMap: true });
  void redraw(true);
}

export function setFrozen(frozen: boolean): void {
  reparamStore.set({ frozen, onMap: true });
  showOnMap();
}

/** The two gradient estimators at K = 1 and K = 10, on the current q, in the explorer worker. */
export async function compareGradients(repeats = 1000): Promise<void> {
  const s = reparamStore.get();
  const theta = thetaOf(s);
  if (!theta || !s.slot || s.digit === null) return;
  const images = appStore.get().testSet?.images;
  if (!images) return;
  const image = Float32Array.from(images.subarray(s.digit * 784, (s.digit + 1) * 784), (v) => v / 255);
  reparamStore.set({ comparing: true, comparison: null, error: null });
  try {
    const comparison = await explorerClient.reparamGradients(s.slot, image, theta, [1, 10], repeats, 7);
    if (reparamStore.get().digit === s.digit) reparamStore.set({ comparison, comparing: false });
  } catch (err) {
    reparamStore.set({ comparing: false, error: messageOf(err) });
  }
}

/** Clears the panel's draws from a slot whose model changed. */
export function clearReparamOf(slot: SlotId): void {
  if (reparamStore.get().slot !== slot) return;
  reparamStore.set({ slot: null, encoder: null, eps: null, z: null, images: null, comparison: null });
  setToolLayers(slot, 'reparam', null);
}

import { createStore } from './createStore';
import type { Projection } from '../viz/projection';
import type { ModelSlot } from '../worker/protocol';

export type ExplorerView = 'vae' | 'ae' | 'both';
export type InterpolationMode = 'linear' | 'spherical';

export interface InterpolationState {
  slot: ModelSlot;
  /** Endpoints in latent space (full d-vectors). */
  a: number[] | null;
  b: number[] | null;
  steps: number;
  mode: InterpolationMode;
  /** The decoded strip, row-major [steps, 784], and the path's latent points. */
  images: Float32Array | null;
  path: number[][] | null;
}

export interface DrawnDigit {
  /** The pad's pixels, 784 values in [0, 1]. */
  pixels: Float32Array;
  /** Test digit it was taken from, when picked rather than drawn. */
  testIndex: number | null;
  encoded: Partial<Record<ModelSlot, { mean: number[]; sigma: number[] | null; reconstruction: Float32Array }>>;
}

export interface ExplorerState {
  view: ExplorerView;
  showEllipses: boolean;
  sigmaScale: 1 | 2;
  showPrior: boolean;
  hiddenDigits: number[];
  projection: Record<ModelSlot, Projection>;
  /** The test digit under the pointer, highlighted on every map. */
  hoverDigit: number | null;
  /** The test digit picked, highlighted on every map. */
  selectedDigit: number | null;
  /** The selected latent point per model (full d-vector): what its decoded image shows and the sliders start from. */
  points: Record<ModelSlot, number[] | null>;
  decoded: Record<ModelSlot, Float32Array | null>;
  /** How long the last click took to come back as an image, in ms (for the curious; the bench measures it properly). */
  lastDecodeMs: number | null;
  manifold: { show: boolean; size: number; inverseCdf: boolean };
  manifoldImages: Record<
    ModelSlot,
    { images: Float32Array; size: number; extent: [number, number, number, number] } | null
  >;
  sliderSlot: ModelSlot;
  interpolation: InterpolationState;
  priorSamples: { z: Float32Array; count: number; images: Partial<Record<ModelSlot, Float32Array>> } | null;
  drawn: DrawnDigit | null;
}

export const explorerStore = createStore<ExplorerState>({
  view: 'both',
  showEllipses: true,
  sigmaScale: 1,
  showPrior: true,
  hiddenDigits: [],
  projection: { vae: { mode: 'dims', dims: [0, 1] }, ae: { mode: 'dims', dims: [0, 1] } },
  hoverDigit: null,
  selectedDigit: null,
  points: { vae: null, ae: null },
  decoded: { vae: null, ae: null },
  lastDecodeMs: null,
  manifold: { show: false, size: 15, inverseCdf: true },
  manifoldImages: { vae: null, ae: null },
  sliderSlot: 'vae',
  interpolation: { slot: 'vae', a: null, b: null, steps: 10, mode: 'linear', images: null, path: null },
  priorSamples: null,
  drawn: null,
});

import { createStore } from './createStore';
import type { SlotId } from '../lib/slotIds';
import type { MapLayers } from '../viz/mapLayers';

/** Which slots the explorer shows. */
export type ExplorerView = SlotId | 'both';
import type { InterpolationMode } from '../lib/interpolate';
import type { PriorSource } from '../worker/explorer.worker';

export type { InterpolationMode } from '../lib/interpolate';

export interface InterpolationState {
  slot: SlotId;
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
  encoded: Partial<
    Record<
      SlotId,
      {
        mean: number[];
        sigma: number[] | null;
        /** A full-covariance posterior's Sigma, packed (posteriorsFile.ts); absent for a diagonal one. */
        covariance?: Float32Array;
        reconstruction: Float32Array;
      }
    >
  >;
}

/**
 * What the explorer shows across slots: the view, the map options, the
 * digits picked, and the generators' results. Each slot's own state (model,
 * projection, selected point, decoded image) lives in slots.ts.
 */
export interface ExplorerState {
  view: ExplorerView;
  showEllipses: boolean;
  sigmaScale: 1 | 2;
  showPrior: boolean;
  hiddenDigits: number[];
  /** The test digit under the pointer, highlighted on every map. */
  hoverDigit: number | null;
  /** The test digit picked, highlighted on every map. */
  selectedDigit: number | null;
  /** How long the last click took to come back as an image, in ms (for the curious; the bench measures it properly). */
  lastDecodeMs: number | null;
  manifold: { show: boolean; size: number; inverseCdf: boolean };
  sliderSlot: SlotId;
  interpolation: InterpolationState;
  /**
   * Each slot's draws from its own generator, decoded, and what they were
   * drawn from. One seed for every slot: two models with the prior N(0, I)
   * decode the same draws. A slot whose model changes draws again.
   */
  priorSamples: {
    count: number;
    seed: number;
    bySlot: Partial<Record<SlotId, { images: Float32Array; source: PriorSource }>>;
  };
  drawn: DrawnDigit | null;
  /** What the explorer's tools draw on each slot's map (posterior lab, aggregate posterior, GMM...), by tool. */
  toolLayers: Record<SlotId, Partial<Record<MapTool, MapLayers>>>;
}

/** The tools that draw on the maps. */
export type MapTool = 'flowPosterior' | 'posteriorLab' | 'aggregate' | 'gmm' | 'reparam';

export const explorerStore = createStore<ExplorerState>({
  view: 'both',
  showEllipses: true,
  sigmaScale: 1,
  showPrior: true,
  hiddenDigits: [],
  hoverDigit: null,
  selectedDigit: null,
  lastDecodeMs: null,
  manifold: { show: false, size: 15, inverseCdf: true },
  sliderSlot: 'left',
  interpolation: { slot: 'left', a: null, b: null, steps: 10, mode: 'linear', images: null, path: null },
  priorSamples: { count: 10, seed: 1, bySlot: {} },
  drawn: null,
  toolLayers: { left: {}, right: {} },
});

/** Sets (or, with null, removes) what one tool draws on a slot's map. */
export function setToolLayers(slot: SlotId, tool: MapTool, layers: MapLayers | null): void {
  explorerStore.set((s) => {
    // Clearing what is not there changes nothing (and must not make the maps redraw).
    if (!layers && !(tool in s.toolLayers[slot])) return {};
    // Nor does showing the very layers already shown.
    if (layers && s.toolLayers[slot][tool] === layers) return {};
    const forSlot = { ...s.toolLayers[slot] };
    if (layers) forSlot[tool] = layers;
    else delete forSlot[tool];
    return { toolLayers: { ...s.toolLayers, [slot]: forSlot } };
  });
}

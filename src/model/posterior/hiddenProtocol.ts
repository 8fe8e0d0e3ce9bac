/**
 * What the hidden half sends the page, stage by stage (plain objects and
 * typed arrays: they cross the worker boundary as they are).
 */
import type { HiddenDisplay, HiddenFigures } from './inpainting';
import type { Gaussian2 } from './numerics';

export interface HiddenRequest {
  /** Cells per side of the displayed grid (the lab's: 201). */
  displaySize: number;
  completions: number;
  /** Importance samples above 2-D. */
  draws: number;
}

export const DEFAULT_HIDDEN_REQUEST: HiddenRequest = { displaySize: 201, completions: 16, draws: 4000 };

/** Where a q is (the encoder's of the masked image, or of the whole one). */
export interface QPlace {
  mean: number[];
  spread: number[];
  gaussian: Gaussian2 | null;
}

export type HiddenUpdate =
  | { stage: 'figures'; method: 'quadrature'; figures: HiddenFigures; evaluations: number; ms: number }
  | {
      stage: 'figures';
      method: 'importance';
      figures: Omit<HiddenFigures, 'klPosteriorToEncoder' | 'converged'>;
      ess: number;
      draws: number;
      ms: number;
    }
  | { stage: 'posterior'; display: HiddenDisplay; encoder: QPlace; whole: QPlace; ms: number }
  | { stage: 'completions'; codes: Float32Array; images: Float32Array; exactDraws: boolean }
  | { stage: 'done' }
  | { stage: 'error'; message: string };

export type HiddenSummaryUpdate =
  | { stage: 'digit'; index: number; figures: HiddenFigures }
  | { stage: 'progress'; done: number; count: number }
  | { stage: 'done'; count: number; seconds: number }
  | { stage: 'error'; message: string };

/**
 * The benchmark's side-by-side timing on one image, ms per repeat, stage by stage: the lab's posterior
 * (its one quadrature; then log p(z | x) on the display grid with its figures on the cells) and the hidden
 * half's (its four quadratures; then p(z | x_v) and p(z | x) on the display grid, from one decoder pass,
 * and the completions).
 */
export interface HiddenHalfTimes {
  lab: { quadrature: number[]; grid: number[] };
  hidden: { quadrature: number[]; grid: number[] };
}

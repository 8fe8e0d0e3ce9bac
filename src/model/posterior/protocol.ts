/**
 * What the posterior lab sends the page, stage by stage (plain objects and
 * typed arrays: they cross the worker boundary as they are).
 */
import type { ElboEstimate, EstimatorRun } from './estimators';
import type { Box, Gaussian2 } from './numerics';
import type { QuadratureGrid, QuadratureLevel } from './quadrature';
import type { DigitFigures, GapSplit, Identity, TruePosterior } from './lab';

export interface LabRequest {
  Ks: number[];
  repeats: number;
  /** Draws of q for the ELBO (at least 1,000). */
  elboDraws: number;
  /** Cells per side of the displayed grid. */
  displaySize: number;
}

export const DEFAULT_LAB_REQUEST: LabRequest = {
  Ks: [1, 10, 100, 1000, 10_000],
  repeats: 20,
  elboDraws: 2000,
  displaySize: 201,
};

export interface QuadratureSummary {
  logPx: number;
  previous: number;
  converged: boolean;
  /** The grid, in numbers (the page says it in words). */
  grid: QuadratureGrid;
  evaluations: number;
  levels: QuadratureLevel[];
  ms: number;
}

/** Where q(z|x) is, for drawing it: a diagonal Gaussian's ellipse, or (a flow) its density on the display grid. */
export interface QShape {
  gaussian: Gaussian2 | null;
  /** The Gaussian family of q where it is one: axis-aligned ('diagonal') or tilted ('full'). */
  family?: 'diagonal' | 'full';
  mean: number[];
  spread: number[];
  /** log q(z|x) on the display grid (flows: drawn as contours). */
  logDensity: Float32Array | null;
}

export type LabUpdate =
  | { stage: 'quadrature'; quadrature: QuadratureSummary }
  | { stage: 'posterior'; truth: TruePosterior; q: QShape; displayMs: number }
  | { stage: 'identity'; identity: Identity }
  | { stage: 'estimators-progress'; fraction: number }
  | {
      stage: 'estimators';
      importance: EstimatorRun[];
      prior: EstimatorRun[];
      uniform: EstimatorRun[];
      elbo: ElboEstimate;
    }
  | { stage: 'best-q-step'; family: 'diagonal' | 'full'; path: Gaussian2[] }
  | ({ stage: 'best-q' } & GapSplit)
  | { stage: 'done' }
  | { stage: 'error'; message: string };

export type SummaryUpdate =
  | { stage: 'progress'; done: number; count: number }
  | { stage: 'digit'; figures: DigitFigures }
  | { stage: 'done'; count: number; seconds: number }
  | { stage: 'error'; message: string };

export type { Box, DigitFigures, Gaussian2, TruePosterior };

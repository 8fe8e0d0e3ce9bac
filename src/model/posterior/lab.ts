import { bestGaussian, type BestGaussianResult } from './bestGaussian';
import {
  elboByMonteCarlo,
  sampledLogLikelihood,
  uniformDraws,
  type DrawFn,
  type ElboEstimate,
  type EstimatorRun,
} from './estimators';
import {
  cellMasses,
  cellMoments,
  gaussianLogDensity,
  gridPoints,
  hdrLevels,
  klFromCells,
  paddedSquare,
  type Box,
  type Cells,
  type Gaussian2,
  type LogDensityFn,
} from './numerics';
import { HDR_SHARES } from './hdr';
import {
  adaptiveQuadrature,
  adaptiveQuadratureBatch,
  Cancelled,
  type BatchLogDensityFn,
  type QuadratureResult,
} from './quadrature';

/**
 * The posterior lab for one image: the true posterior p(z|x) on a grid
 * beside q(z|x), log p(x) four ways (quadrature, the ELBO, importance
 * sampling, prior Monte Carlo), the identity log p(x) - ELBO =
 * KL(q(z|x) || p(z|x)) with its three terms computed independently, and the
 * gap split into amortisation and approximation. Everything goes through a
 * LabModel, so a model with a closed-form answer (probabilistic PCA, in the
 * unit tests) runs through exactly the same code as a trained VAE.
 */
export interface LabModel {
  latentDim: number;
  /** log p(x, z) = log p(x|z) + log p(z). */
  logJoint: LogDensityFn;
  /** log q(z|x) at points (the encoder's q). */
  logQ: LogDensityFn;
  /** Draws from q(z|x), with log q. */
  drawQ: DrawFn;
  /** Draws from the prior p(z), with log p(z). */
  drawPrior: DrawFn;
  /** log p(z) at points. */
  logPrior(z: Float32Array, n: number): Float64Array;
  /**
   * Where q(z|x) is: its mean and per-dimension spread (sigma, or the spread of its draws for a flow);
   * in 2-D, the Gaussian itself and the family it belongs to: 'diagonal' (the default) or 'full' (a
   * full-covariance VAE's tilted q). The gap split measures the amortisation gap inside that family.
   */
  q: { mean: number[]; spread: number[]; gaussian: Gaussian2 | null; family?: 'diagonal' | 'full' };
  /** KL(q(z|x) || p(z)) when closed form (a diagonal Gaussian against N(0, I)). */
  klClosedForm: number | null;
  /** Everywhere the prior allows (2-D): the quadrature's first grid. */
  priorBox: Box;
}

export type Cancel = () => boolean;

/** Where q's mass is, to refine regardless of the posterior's: its box of +-5 spreads, cells half its smallest spread. */
export function qSeed(model: Pick<LabModel, 'q'>) {
  const { mean, spread } = model.q;
  const box: Box = [mean[0] - 5 * spread[0], mean[0] + 5 * spread[0], mean[1] - 5 * spread[1], mean[1] + 5 * spread[1]];
  return { box, cellSize: Math.min(spread[0], spread[1]) / 2 };
}

/**
 * Where the codes of real digits lie, [-8, 8]^2, refined to cells at most 0.112 wide whatever the prior's
 * box: a 144 x 144 first grid over N(0, I)'s [-8, 8]^2 is that fine already, but a learned mixture's box is
 * wider (mog-vae-2d's components at +-8 sigma span about 95 units: 0.66-wide cells, which missed narrow
 * modes worth up to 7 nats on 13 of 256 digits).
 */
export const CORE_SEED = { box: [-8, 8, -8, 8] as Box, cellSize: 0.112 };

/** The prior's box, widened to hold q's box too (a q far out still gets a grid under it). */
function quadratureBox(model: LabModel): Box {
  const q = qSeed(model).box;
  const p = model.priorBox;
  return [Math.min(p[0], q[0]), Math.max(p[1], q[1]), Math.min(p[2], q[2]), Math.max(p[3], q[3])];
}

/** log p(x) by adaptive quadrature, refined around q(z|x) (and around any Gaussians in `alsoUnder`). */
export function posteriorQuadrature(
  model: LabModel,
  cancelled?: Cancel,
  alsoUnder: Gaussian2[] = [],
): Promise<QuadratureResult> {
  return adaptiveQuadrature(model.logJoint, {
    box: quadratureBox(model),
    seeds: [CORE_SEED, qSeed(model), ...alsoUnder.map(resolvingSeed)],
    cancelled,
  });
}

/** log q(z|x) at the cells, and KL(q || p(z|x)) computed on them: sum_c q_c [log q_c - log p(z_c|x)]. */
export async function klQToPosteriorOnCells(model: LabModel, quad: QuadratureResult) {
  const { cells, logPx } = quad;
  const logQ = await model.logQ(cells.z, cells.logF.length);
  const qCells: Cells = { z: cells.z, area: cells.area, logF: logQ };
  const w = cellMasses(qCells);
  let kl = 0;
  for (let i = 0; i < w.length; i++) if (w[i] > 0) kl += w[i] * (logQ[i] - (cells.logF[i] - logPx));
  return { logQ, kl };
}

export interface TruePosterior {
  /** The best full-covariance Gaussian (the posterior's mean and covariance), with its correlation. */
  moments: Gaussian2 & { correlation: number };
  /** What the diagonal assumption gives up: KL(p(z|x) || q(z|x)) and KL(p(z|x) || its full-covariance fit). */
  klPosteriorToQ: number;
  klPosteriorToFit: number;
  /** KL(q(z|x) || p(z|x)) on the grid. */
  klQToPosterior: number;
  /** log p(z|x) on a regular grid over where the mass is (a heatmap, an inset, contours). */
  display: { box: Box; nx: number; ny: number; logDensity: Float32Array; hdr: { shares: number[]; levels: number[] } };
}

/** The box holding the posterior's mass (cells within 12 nats of the densest) and q's +-3 spreads, padded. */
function massBox(model: LabModel, quad: QuadratureResult): Box {
  const { cells } = quad;
  let max = -Infinity;
  for (const v of cells.logF) if (v > max) max = v;
  const { mean, spread } = model.q;
  let box: Box = [mean[0] - 3 * spread[0], mean[0] + 3 * spread[0], mean[1] - 3 * spread[1], mean[1] + 3 * spread[1]];
  for (let i = 0; i < cells.logF.length; i++) {
    if (cells.logF[i] < max - 12) continue;
    const x = cells.z[2 * i];
    const y = cells.z[2 * i + 1];
    box = [Math.min(box[0], x), Math.max(box[1], x), Math.min(box[2], y), Math.max(box[3], y)];
  }
  return paddedSquare(box);
}

export async function truePosterior(
  model: LabModel,
  quad: QuadratureResult,
  displaySize: number,
  cancelled?: Cancel,
): Promise<TruePosterior> {
  const moments = cellMoments(quad.cells);
  const { logQ, kl } = await klQToPosteriorOnCells(model, quad);
  const fit = Float64Array.from({ length: quad.cells.logF.length }, (_, i) =>
    gaussianLogDensity(moments, quad.cells.z[2 * i], quad.cells.z[2 * i + 1]),
  );
  if (cancelled?.()) throw new Cancelled();
  const box = massBox(model, quad);
  const points = gridPoints(box, displaySize, displaySize);
  const joint = await model.logJoint(points, displaySize * displaySize);
  const logDensity = Float32Array.from(joint, (v) => v - quad.logPx);
  const density = Float64Array.from(logDensity, Math.exp);
  return {
    moments,
    klPosteriorToQ: klFromCells(quad.cells, logQ),
    klPosteriorToFit: klFromCells(quad.cells, fit),
    klQToPosterior: kl,
    display: {
      box,
      nx: displaySize,
      ny: displaySize,
      logDensity,
      hdr: { shares: HDR_SHARES, levels: hdrLevels(density, HDR_SHARES) },
    },
  };
}

export interface Identity {
  /** Quadrature. */
  logPx: number;
  /** Monte Carlo, with its standard error. */
  elbo: ElboEstimate;
  /** On the grid. */
  kl: number;
  /** log p(x) - ELBO - KL: zero but for the Monte Carlo error of the ELBO. */
  residual: number;
}

export async function identity(
  model: LabModel,
  quad: QuadratureResult,
  klOnGrid: number,
  draws: number,
): Promise<Identity> {
  const elbo = await elboByMonteCarlo(
    model.logJoint,
    model.drawQ,
    draws,
    4242,
    model.klClosedForm === null ? null : { kl: model.klClosedForm, logPrior: model.logPrior },
  );
  return { logPx: quad.logPx, elbo, kl: klOnGrid, residual: quad.logPx - elbo.elbo - klOnGrid };
}

export interface Estimators {
  importance: EstimatorRun[];
  prior: EstimatorRun[];
  /** z uniform over [-4, 4]^d. */
  uniform: EstimatorRun[];
  /** The ELBO from the same kind of draws (Monte Carlo), for the chart. */
  elbo: ElboEstimate;
}

export async function estimators(
  model: LabModel,
  Ks: number[],
  repeats: number,
  elboDraws: number,
  onProgress?: (fraction: number) => void,
  cancelled?: Cancel,
): Promise<Estimators> {
  const importance = await sampledLogLikelihood(model.logJoint, model.drawQ, {
    Ks,
    repeats,
    seed: 1,
    onProgress: (f) => onProgress?.(0.45 * f),
    cancelled,
  });
  const prior = await sampledLogLikelihood(model.logJoint, model.drawPrior, {
    Ks,
    repeats,
    seed: 2,
    onProgress: (f) => onProgress?.(0.45 + 0.45 * f),
    cancelled,
  });
  const uniform = await sampledLogLikelihood(model.logJoint, uniformDraws(model.latentDim), {
    Ks,
    repeats,
    seed: 5,
    onProgress: (f) => onProgress?.(0.9 + 0.1 * f),
    cancelled,
  });
  const elbo = await elboByMonteCarlo(
    model.logJoint,
    model.drawQ,
    elboDraws,
    4242,
    model.klClosedForm === null ? null : { kl: model.klClosedForm, logPrior: model.logPrior },
  );
  return { importance, prior, uniform, elbo };
}

export interface GapSplit {
  /** The quadrature's log p(x) the split used (on cells refined under the fitted q's, where they needed it). */
  logPx: number;
  /** ELBO of the encoder's q, on the grid. */
  encoderElbo: number;
  /** The Gaussian family the two gaps below are measured in: the encoder's (diagonal for a flow). */
  family: 'diagonal' | 'full';
  /** The fits, each on cells that resolve it (see unresolvedShare). */
  diagonal: BestGaussianResult;
  full: BestGaussianResult;
  /** ELBO(best q of the family) - ELBO(encoder's q): what a per-digit fit gains over the amortised encoder. */
  amortisationGap: number;
  /** log p(x) - ELBO(best q of the family): what that Gaussian family cannot reach. */
  approximationGap: number;
  /** log p(x) - ELBO(best full-covariance q). */
  fullCovarianceGap: number;
  /** Times the grid was refined under a fit that its cells did not resolve. */
  refinements: number;
  /** Why the split is not to be trusted (a fit still unresolved); null when it is. */
  failed: string | null;
}

/**
 * The quadrature of several images under one model at once, their decoder
 * passes shared (see adaptiveQuadratureBatch): one box holding every
 * image's (the prior's, widened for any q far out), each image refined
 * around its own q. `logJoint` evaluates all of them at a set of points.
 */
export function posteriorQuadratureBatch(
  models: LabModel[],
  logJoint: BatchLogDensityFn,
  cancelled?: Cancel,
  coarse?: number,
): Promise<QuadratureResult[]> {
  const boxes = models.map(quadratureBox);
  const box: Box = [
    Math.min(...boxes.map((b) => b[0])),
    Math.max(...boxes.map((b) => b[1])),
    Math.min(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
  return adaptiveQuadratureBatch(logJoint, models.length, {
    box,
    coarse,
    seeds: models.map((model) => [CORE_SEED, qSeed(model)]),
    cancelled,
  });
}

/** A fit counts as resolved when less than this share of its mass sits in cells wider than its narrowest spread. */
const UNRESOLVED_SHARE = 1e-3;
const MAX_REFINEMENTS = 2;

/**
 * The share of q's mass the cells do not resolve: what falls in cells wider
 * than q's narrowest spread (the square root of its covariance's smaller
 * eigenvalue), or outside the cells altogether. On cells that
 * resolve q, E_q[log p(x, z)] by the midpoint rule is as good as the
 * quadrature (checked on vae-2d digit 2804 against 200,000 draws: within
 * 0.003 nat); on coarser ones it can be tens of nats off.
 */
export function unresolvedShare(cells: Cells, q: Gaussian2): number {
  const [a, b, c] = q.cov;
  const narrowest = Math.sqrt(Math.max(0, (a + c) / 2 - Math.sqrt(((a - c) / 2) ** 2 + b * b)));
  let coarse = 0;
  let total = 0;
  for (let i = 0; i < cells.logF.length; i++) {
    const mass = Math.exp(gaussianLogDensity(q, cells.z[2 * i], cells.z[2 * i + 1])) * cells.area[i];
    total += mass;
    if (Math.sqrt(cells.area[i]) > narrowest) coarse += mass;
  }
  return Math.min(1, coarse + Math.max(0, 1 - total));
}

/** A region refined to cells of at most half a Gaussian's narrowest spread, over its +-5 marginal spreads. */
function resolvingSeed(g: Gaussian2) {
  const [a, b, c] = g.cov;
  const narrowest = Math.sqrt(Math.max(1e-12, (a + c) / 2 - Math.sqrt(((a - c) / 2) ** 2 + b * b)));
  const sx = Math.sqrt(a);
  const sy = Math.sqrt(c);
  const box: Box = [g.mean[0] - 5 * sx, g.mean[0] + 5 * sx, g.mean[1] - 5 * sy, g.mean[1] + 5 * sy];
  return { box, cellSize: narrowest / 2 };
}

/**
 * The best diagonal and full-covariance Gaussians for this image: gradient
 * ascent on the cells, from the encoder's q and from the moment fit. The
 * cells were refined for the posterior's mass, not for where a fit may go:
 * a wide fit over a thin, curved posterior sits on coarse cells, where its
 * ELBO can come out above log p(x). So each fit must be resolved by the
 * cells; where it is not, the grid is refined under it and the fits run
 * again (at most twice); after that the split says it failed rather than
 * give a wrong number.
 */
export async function splitGap(
  model: LabModel,
  quad: QuadratureResult,
  klQToPosterior: number,
  onStep?: (family: 'diagonal' | 'full', path: Gaussian2[]) => void,
  cancelled?: Cancel,
): Promise<GapSplit> {
  let kl = klQToPosterior;
  let refinements = 0;
  let failed: string | null = null;
  let diagonal: BestGaussianResult;
  let full: BestGaussianResult;
  let extra: Gaussian2[] = [];
  // The Gaussian family the encoder's q belongs to (null: a flow, in none).
  const own = model.q.gaussian ? (model.q.family ?? 'diagonal') : null;
  for (;;) {
    const moments = cellMoments(quad.cells);
    const diagonalFit: Gaussian2 = { mean: moments.mean, cov: [moments.cov[0], 0, moments.cov[2]] };
    const starts = own === 'diagonal' ? [model.q.gaussian!, diagonalFit] : [diagonalFit];
    diagonal = bestGaussian(quad.cells, 'diagonal', starts, 400, (p) => onStep?.('diagonal', p));
    const fullStarts = own === 'full' ? [moments, diagonal.q, model.q.gaussian!] : [moments, diagonal.q];
    full = bestGaussian(quad.cells, 'full', fullStarts, 400, (p) => onStep?.('full', p));
    const cells = quad.cells;
    const off = [diagonal, full].filter((fit) => !(unresolvedShare(cells, fit.q) < UNRESOLVED_SHARE));
    if (off.length === 0 && Number.isFinite(diagonal.elbo) && Number.isFinite(full.elbo)) break;
    if (refinements === MAX_REFINEMENTS) {
      failed = `the best-q fit still sits on grid cells too coarse for it after refining the grid ${MAX_REFINEMENTS} times under it`;
      break;
    }
    if (cancelled?.()) throw new Cancelled();
    extra = [...extra, ...off.map((fit) => fit.q)];
    quad = await posteriorQuadrature(model, cancelled, extra);
    kl = (await klQToPosteriorOnCells(model, quad)).kl;
    refinements++;
  }
  const encoderElbo = quad.logPx - kl;
  // The encoder's q is a member of its family, and every diagonal Gaussian is a full-covariance one: the
  // best of each family is at least as good as those (a fit that ends below them did not find the best).
  if (own === 'diagonal' && encoderElbo > diagonal.elbo) {
    diagonal = { ...diagonal, q: model.q.gaussian!, elbo: encoderElbo };
  }
  if (diagonal.elbo > full.elbo) full = { ...full, q: diagonal.q, elbo: diagonal.elbo };
  if (own === 'full' && encoderElbo > full.elbo) full = { ...full, q: model.q.gaussian!, elbo: encoderElbo };
  // Amortisation: what the encoder loses against the best q of its own family for this digit;
  // approximation: what that family loses against the true posterior.
  const best = own === 'full' ? full : diagonal;
  return {
    logPx: quad.logPx,
    encoderElbo,
    family: own === 'full' ? 'full' : 'diagonal',
    diagonal,
    full,
    amortisationGap: failed ? NaN : best.elbo - encoderElbo,
    approximationGap: failed ? NaN : quad.logPx - best.elbo,
    fullCovarianceGap: failed ? NaN : quad.logPx - full.elbo,
    refinements,
    failed,
  };
}

/** One digit's figures for the test-set summary: the lab without the display grid and the repeats. */
export interface DigitFigures {
  index: number;
  logPx: number;
  elbo: number;
  /** Importance-sampled log p(x) with K samples (one run). */
  iwae: number;
  klQToPosterior: number;
  amortisationGap: number;
  approximationGap: number;
  /** Why this digit's gap split failed (left out of the gap averages), or null. */
  fitFailed: string | null;
  /** The Gaussian family the two gaps are measured in (the encoder's). */
  gapFamily: 'diagonal' | 'full';
}

/** One digit's figures; `given` is its quadrature when a batch already did it. */
export async function digitFigures(
  model: LabModel,
  index: number,
  iwaeK: number,
  cancelled?: Cancel,
  given?: QuadratureResult,
): Promise<DigitFigures> {
  const quad = given ?? (await posteriorQuadrature(model, cancelled));
  const { kl } = await klQToPosteriorOnCells(model, quad);
  const [iwae] = await sampledLogLikelihood(model.logJoint, model.drawQ, { Ks: [iwaeK], repeats: 1, seed: 3 + index });
  const split = await splitGap(model, quad, kl, undefined, cancelled);
  return {
    index,
    logPx: quad.logPx,
    elbo: quad.logPx - kl,
    iwae: iwae.mean,
    klQToPosterior: kl,
    amortisationGap: split.amortisationGap,
    approximationGap: split.approximationGap,
    fitFailed: split.failed,
    gapFamily: split.family,
  };
}

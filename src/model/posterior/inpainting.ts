import { createRng } from '../../lib/rng';
import { HDR_SHARES } from './hdr';
import { CORE_SEED, qSeed, type Cancel, type LabModel } from './lab';
import {
  cellMasses,
  effectiveSampleSize,
  gridPoints,
  hdrLevels,
  logIntegral,
  paddedSquare,
  logSumExp,
  type Box,
  type Cells,
  type LogDensityFn,
} from './numerics';
import { adaptiveQuadratureBatch, Cancelled, type QuadratureResult, type Seed } from './quadrature';

/**
 * The hidden half: part of an image is hidden, and the model fills it in
 * from what is visible. Given z the pixels are independent, so
 *   log p(x_v | z) sums only the visible pixels' terms, and
 *   p(z | x_v) = p(x_v | z) p(z) / p(x_v),
 *   p(x_h | x_v) = integral of p(x_h | z) p(z | x_v) dz = p(x) / p(x_v).
 * With a 2-D latent every one of these is an integral over the plane, done
 * by the lab's adaptive quadrature; log p(x_h | x_v) of the true hidden
 * pixels is measured three ways:
 *   exact:   log p(x) - log p(x_v) (two quadratures);
 *   encoder: log of the integral of p(x_h | z) q(z | x~) dz, the encoder's q of the masked image x~ (hidden
 *            pixels set to 0: an image the encoder never saw) standing in for p(z | x_v);
 *   prior:   log p(x_h), the integral of p(x_h | z) p(z) dz (ignoring what is visible).
 * Above 2-D the posterior has no grid: importance sampling with a defensive
 * mixture of q(z | x~) and the prior (approximate, with its ESS).
 */

export const HALF_MASKS = ['top', 'bottom', 'left', 'right'] as const;
export type HalfMask = (typeof HALF_MASKS)[number];
export type MaskKind = HalfMask | 'brush';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

/** The pixels a half mask hides: 1 = hidden, row-major 28 x 28. */
export function halfMask(kind: HalfMask): Uint8Array {
  const mask = new Uint8Array(PIXELS);
  const half = SIDE / 2;
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const hidden = kind === 'top' ? r < half : kind === 'bottom' ? r >= half : kind === 'left' ? c < half : c >= half;
      mask[r * SIDE + c] = hidden ? 1 : 0;
    }
  }
  return mask;
}

/** The image the encoder is shown: hidden pixels set to 0 (the background). */
export function maskedImage(image: Float32Array, hidden: Uint8Array): Float32Array {
  return Float32Array.from(image, (v, i) => (hidden[i] ? 0 : v));
}

/**
 * One decoder pass at n points, for B images each with its mask: log p(x_v | z) and
 * log p(x_h | z), row-major [B, n]; and log p(z) [n].
 */
export interface MaskedParts {
  visible: Float64Array;
  hidden: Float64Array;
  logPrior: Float64Array;
}
export type MaskedPartsFn = (z: Float32Array, n: number) => Promise<MaskedParts>;

/** What the inpainting needs of the encoder, for one image: its q of the masked image, and of the whole one. */
export interface MaskedQs {
  /** q(z | x~): where the encoder puts the masked image (mean, spread, a Gaussian when it is one) and log q at points. */
  encoder: Pick<LabModel, 'q' | 'logQ'>;
  /** q(z | x) of the whole image (refines the grid where the whole image's posterior is). */
  whole: Pick<LabModel, 'q'>;
}

/** log p(x_h | x_v) three ways, and what they come from (nats). */
export interface HiddenFigures {
  /** log p(x_v) and log p(x). */
  logPxVisible: number;
  logPx: number;
  /** log p(x_h | x_v) = log p(x) - log p(x_v). */
  exact: number;
  /** log of E over q(z | x~) of p(x_h | z). */
  encoder: number;
  /** log p(x_h) = log of E over p(z) of p(x_h | z). */
  prior: number;
  /** KL(p(z | x_v) || q(z | x~)) on the grid: how far the encoder's q of the masked image is from the posterior. */
  klPosteriorToEncoder: number;
  hiddenPixels: number;
  /** Every quadrature converged (two successive resolutions within 0.01 nat). */
  converged: boolean;
}

export interface HiddenQuadrature {
  figures: HiddenFigures;
  /** The cells of log p(x_v, z): draws from p(z | x_v), the display's box. */
  visibleCells: Cells;
  /** The cells of log p(x, z) (the whole image's posterior). */
  wholeCells: Cells;
  evaluations: number;
}

/** The four integrals per image, in the batch's item order. */
const VISIBLE = 0;
const WHOLE = 1;
const UNDER_ENCODER = 2;
const ITEMS = 4;

/**
 * Cells holding more than exp(-20) of an integral are refined (the lab: exp(-14)). The exact figure is a
 * difference of two quadratures, so each must be good to well under 1e-3: on the sharp, correlated PPCA of the
 * tests, refining only down to exp(-14) left coarse cells beside fine ones at the edge of the mass and
 * log p(x_v) 1.8e-3 off; exp(-20) gives 3e-5, for 12 % more cells.
 */
export const HIDDEN_MASS_CUTOFF = 20;

function union(boxes: Box[]): Box {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.max(...boxes.map((b) => b[1])),
    Math.min(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

/**
 * The four integrals for each of B images (2-D latent) in one batched
 * quadrature: every level's new points are decoded once for all of them
 * (MaskedPartsFn gives both halves' terms from one pass).
 */
export async function hiddenQuadrature(
  parts: MaskedPartsFn,
  qs: MaskedQs[],
  priorBox: Box,
  hiddenPixels: number[],
  cancelled?: Cancel,
): Promise<HiddenQuadrature[]> {
  const B = qs.length;
  const seeds: Seed[][] = [];
  for (const { encoder, whole } of qs) {
    const enc = qSeed(encoder);
    const all = qSeed(whole);
    seeds.push([CORE_SEED, enc, all], [CORE_SEED, all], [enc], [CORE_SEED]);
  }
  const box = union([priorBox, ...qs.flatMap(({ encoder, whole }) => [qSeed(encoder).box, qSeed(whole).box])]);
  const logJoint = async (z: Float32Array, n: number, items: number[]) => {
    const { visible, hidden, logPrior } = await parts(z, n);
    // log q(z | x~) only for the images whose third integral still runs.
    const encoderLogQ = new Map<number, Float64Array>();
    for (const item of items) {
      const b = Math.floor(item / ITEMS);
      if (item % ITEMS === UNDER_ENCODER) encoderLogQ.set(b, await qs[b].encoder.logQ(z, n));
    }
    const out = new Float64Array(items.length * n);
    items.forEach((item, r) => {
      const b = Math.floor(item / ITEMS);
      const kind = item % ITEMS;
      const v = visible.subarray(b * n, (b + 1) * n);
      const h = hidden.subarray(b * n, (b + 1) * n);
      const logQ = encoderLogQ.get(b);
      for (let j = 0; j < n; j++) {
        out[r * n + j] =
          kind === VISIBLE
            ? v[j] + logPrior[j]
            : kind === WHOLE
              ? v[j] + h[j] + logPrior[j]
              : kind === UNDER_ENCODER
                ? h[j] + logQ![j]
                : h[j] + logPrior[j]; // the fourth: p(x_h | z) under the prior
      }
    });
    return out;
  };
  const quads = await adaptiveQuadratureBatch(logJoint, B * ITEMS, {
    box,
    seeds,
    cancelled,
    massCutoff: HIDDEN_MASS_CUTOFF,
  });
  return qs.map((_, b) => {
    const [visible, whole, underEncoder, underPrior] = quads.slice(b * ITEMS, (b + 1) * ITEMS);
    return {
      figures: {
        logPxVisible: visible.logPx,
        logPx: whole.logPx,
        exact: whole.logPx - visible.logPx,
        encoder: underEncoder.logPx,
        prior: underPrior.logPx,
        klPosteriorToEncoder: NaN,
        hiddenPixels: hiddenPixels[b],
        converged: [visible, whole, underEncoder, underPrior].every((r: QuadratureResult) => r.converged),
      },
      visibleCells: visible.cells,
      wholeCells: whole.cells,
      evaluations: [visible, whole, underEncoder, underPrior].reduce((s, r) => s + r.evaluations, 0),
    };
  });
}

/** KL(p(z | x_v) || q(z | x~)) on the visible posterior's cells. */
export async function klPosteriorToEncoder(cells: Cells, encoderLogQ: LogDensityFn): Promise<number> {
  const logQ = await encoderLogQ(cells.z, cells.logF.length);
  const w = cellMasses(cells);
  const logP = logIntegral(cells);
  let kl = 0;
  for (let i = 0; i < w.length; i++) if (w[i] > 0) kl += w[i] * (cells.logF[i] - logP - logQ[i]);
  return kl;
}

/**
 * n draws from the density on the cells: a cell by its mass, then a point
 * uniform in it (the cells are squares of side sqrt(area)).
 */
export function drawFromCells(cells: Cells, n: number, seed: number): Float32Array {
  const w = cellMasses(cells);
  const cumulative = new Float64Array(w.length);
  let total = 0;
  for (let i = 0; i < w.length; i++) cumulative[i] = total += w[i];
  const rng = createRng(seed);
  const z = new Float32Array(2 * n);
  for (let k = 0; k < n; k++) {
    const u = rng.next() * total;
    let lo = 0;
    let hi = w.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    const side = Math.sqrt(cells.area[lo]);
    z[2 * k] = cells.z[2 * lo] + (rng.next() - 0.5) * side;
    z[2 * k + 1] = cells.z[2 * lo + 1] + (rng.next() - 0.5) * side;
  }
  return z;
}

/**
 * The box holding each density's highest-density cells that carry 99.9 % of its mass, and the given boxes,
 * squared and padded. (Not "within 12 nats of the densest", as the lab's: a posterior 0.03 wide has a plateau
 * 12 nats below its peak that spans units of the plane, and the posterior shrank to a dot.)
 */
export function displayBox(cellsList: Cells[], boxes: Box[]): Box {
  let box = union(boxes);
  for (const cells of cellsList) {
    const w = cellMasses(cells);
    const order = Array.from(w.keys()).sort((a, b) => cells.logF[b] - cells.logF[a]);
    let mass = 0;
    for (const i of order) {
      if (mass >= 0.999) break;
      mass += w[i];
      const x = cells.z[2 * i];
      const y = cells.z[2 * i + 1];
      box = [Math.min(box[0], x), Math.max(box[1], x), Math.min(box[2], y), Math.max(box[3], y)];
    }
  }
  return paddedSquare(box);
}

/** A posterior on the display grid: log density per cell and its 50 / 90 / 99 % contour levels (in density). */
export interface DisplayedDensity {
  logDensity: Float32Array;
  levels: number[];
}

export interface HiddenDisplay {
  box: Box;
  nx: number;
  ny: number;
  /** p(z | x_v), the posterior given only the visible pixels. */
  visible: DisplayedDensity;
  /** p(z | x), the whole image's. */
  whole: DisplayedDensity;
  /** log q(z | x~) on the grid when q is no Gaussian (a flow): drawn as contours. */
  encoderLogDensity: Float32Array | null;
}

function displayed(values: Float64Array, logNormaliser: number): DisplayedDensity {
  const logDensity = Float32Array.from(values, (v) => v - logNormaliser);
  return { logDensity, levels: hdrLevels(Float64Array.from(logDensity, Math.exp), HDR_SHARES) };
}

/** Both posteriors on one size x size grid over the box: one decoder pass per grid point. */
export async function hiddenDisplay(
  parts: MaskedPartsFn,
  figures: HiddenFigures,
  box: Box,
  size: number,
  encoder: Pick<LabModel, 'q' | 'logQ'>,
): Promise<HiddenDisplay> {
  const n = size * size;
  const points = gridPoints(box, size, size);
  const { visible, hidden, logPrior } = await parts(points, n);
  const v = Float64Array.from({ length: n }, (_, j) => visible[j] + logPrior[j]);
  const w = Float64Array.from({ length: n }, (_, j) => v[j] + hidden[j]);
  return {
    box,
    nx: size,
    ny: size,
    visible: displayed(v, figures.logPxVisible),
    whole: displayed(w, figures.logPx),
    encoderLogDensity: encoder.q.gaussian ? null : Float32Array.from(await encoder.logQ(points, n)),
  };
}

/** Draws with their log density (from q(z | x~) or from the prior). */
export interface Draws {
  z: Float32Array;
  logDensity: Float64Array;
}

export interface SampledHidden {
  figures: Omit<HiddenFigures, 'logPx' | 'klPosteriorToEncoder' | 'converged'> & { logPx: number };
  /** Effective sample size of the importance weights (out of `draws`). */
  ess: number;
  draws: number;
  /** Completions' codes: resampled by the weights. */
  completions: Float32Array;
}

/**
 * Above 2-D: importance sampling with the defensive mixture
 * r(z) = 1/2 q(z | x~) + 1/2 p(z) (K/2 draws from each; the prior half keeps
 * the weights bounded where q misses). Weights w = p(x_v | z) p(z) / r(z):
 *   log p(x_v) ~ log mean w,  log p(x_h | x_v) ~ log (sum w p(x_h | z) / sum w);
 * the encoder's and the prior's figures are plain Monte Carlo over their own halves of the draws.
 */
export async function hiddenBySampling(
  parts: MaskedPartsFn,
  latentDim: number,
  fromEncoder: Draws,
  fromPrior: Draws,
  encoderLogQ: LogDensityFn,
  priorLogDensity: (z: Float32Array, n: number) => Float64Array,
  hiddenPixels: number,
  completions: number,
  seed: number,
): Promise<SampledHidden> {
  const kq = fromEncoder.logDensity.length;
  const kp = fromPrior.logDensity.length;
  const K = kq + kp;
  const z = new Float32Array(K * latentDim);
  z.set(fromEncoder.z.subarray(0, kq * latentDim));
  z.set(fromPrior.z.subarray(0, kp * latentDim), kq * latentDim);
  const [{ visible, hidden, logPrior }, logQ] = await Promise.all([parts(z, K), encoderLogQ(z, K)]);
  const logP = priorLogDensity(z, K);
  const logW = new Float64Array(K);
  const logWh = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const a = Math.log(0.5) + logQ[k];
    const b = Math.log(0.5) + logP[k];
    const logR = Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
    logW[k] = visible[k] + logPrior[k] - logR;
    logWh[k] = logW[k] + hidden[k];
  }
  const logPxVisible = logSumExp(logW) - Math.log(K);
  const logPx = logSumExp(logWh) - Math.log(K);
  const onEncoder = logSumExp(hidden.subarray(0, kq)) - Math.log(kq);
  const onPrior = logSumExp(hidden.subarray(kq)) - Math.log(kp);
  // Systematic resampling by the weights.
  const max = logW.reduce((m, v) => Math.max(m, v), -Infinity);
  const w = Float64Array.from(logW, (v) => Math.exp(v - max));
  const total = w.reduce((s, v) => s + v, 0);
  const picked = new Float32Array(completions * latentDim);
  const u0 = createRng(seed).next();
  let cumulative = 0;
  let k = 0;
  for (let c = 0; c < completions; c++) {
    const target = ((c + u0) / completions) * total;
    while (k < K - 1 && cumulative + w[k] < target) cumulative += w[k++];
    picked.set(z.subarray(k * latentDim, (k + 1) * latentDim), c * latentDim);
  }
  return {
    figures: {
      logPxVisible,
      logPx,
      exact: logPx - logPxVisible,
      encoder: onEncoder,
      prior: onPrior,
      hiddenPixels,
    },
    ess: effectiveSampleSize(logW),
    draws: K,
    completions: picked,
  };
}

/** The completion of an image: visible pixels kept, hidden ones from the decoder's mean. */
export function complete(image: Float32Array, hidden: Uint8Array, decoded: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count * PIXELS);
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < PIXELS; i++) out[c * PIXELS + i] = hidden[i] ? decoded[c * PIXELS + i] : image[i];
  }
  return out;
}

export { Cancelled };

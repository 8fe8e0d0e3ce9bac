import { LOG_2PI, logSumExp } from '../../lib/normal';

/**
 * Numbers for the posterior lab, in plain JavaScript (float64): log-sum-exp,
 * 2-D Gaussians, regular grids, moments and KL divergences of a density
 * known at grid cells. No tfjs here: the callers evaluate log p(x, z).
 */

/** log p(x, z) at n latent points (row-major [n, d]); batched by the caller. */
export type LogDensityFn = (z: Float32Array, n: number) => Promise<Float64Array>;

export { LOG_2PI, logSumExp };

/** A box [x0, x1] x [y0, y1] of the latent plane. */
export type Box = [number, number, number, number];

/** The centres of an nx x ny grid of equal cells over a box, row-major (y outer): [nx * ny, 2]. */
export function gridPoints(box: Box, nx: number, ny: number): Float32Array {
  const [x0, x1, y0, y1] = box;
  const dx = (x1 - x0) / nx;
  const dy = (y1 - y0) / ny;
  const z = new Float32Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      z[2 * (j * nx + i)] = x0 + (i + 0.5) * dx;
      z[2 * (j * nx + i) + 1] = y0 + (j + 0.5) * dy;
    }
  }
  return z;
}

/** A 2-D Gaussian: mean and covariance [s_xx, s_xy, s_yy]. */
export interface Gaussian2 {
  mean: [number, number];
  cov: [number, number, number];
}

export function gaussianLogDensity(g: Gaussian2, x: number, y: number): number {
  const [a, b, c] = g.cov;
  const det = a * c - b * b;
  const dx = x - g.mean[0];
  const dy = y - g.mean[1];
  // (dx, dy) Sigma^-1 (dx, dy)^T with Sigma^-1 = [[c, -b], [-b, a]] / det.
  const q = (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
  return -0.5 * (q + Math.log(det)) - LOG_2PI;
}

/** Cells of a density over the plane: centres z [n, 2], their areas, and log f at each centre. */
export interface Cells {
  z: Float32Array;
  area: Float64Array;
  logF: Float64Array;
}

/** log of the integral of f by the midpoint rule over the cells. */
export function logIntegral(cells: Cells): number {
  const terms = new Float64Array(cells.logF.length);
  for (let i = 0; i < terms.length; i++) terms[i] = cells.logF[i] + Math.log(cells.area[i]);
  return logSumExp(terms);
}

/** Normalised cell masses p_i = f_i area_i / sum, for a density given by log f. */
export function cellMasses(cells: Cells): Float64Array {
  const log = logIntegral(cells);
  const masses = new Float64Array(cells.logF.length);
  for (let i = 0; i < masses.length; i++) masses[i] = Math.exp(cells.logF[i] + Math.log(cells.area[i]) - log);
  return masses;
}

/** Mean and covariance of the normalised density on the cells: the best full-covariance Gaussian fit (moments). */
export function cellMoments(cells: Cells): Gaussian2 & { correlation: number } {
  const p = cellMasses(cells);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < p.length; i++) {
    mx += p[i] * cells.z[2 * i];
    my += p[i] * cells.z[2 * i + 1];
  }
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < p.length; i++) {
    const dx = cells.z[2 * i] - mx;
    const dy = cells.z[2 * i + 1] - my;
    sxx += p[i] * dx * dx;
    sxy += p[i] * dx * dy;
    syy += p[i] * dy * dy;
  }
  return { mean: [mx, my], cov: [sxx, sxy, syy], correlation: sxy / Math.sqrt(sxx * syy) };
}

/**
 * KL(p || g) for the density p on the cells (log p = logF - log of its
 * integral) and a density g given by its log at each cell: sum p_i (log p_i - log g_i).
 */
export function klFromCells(cells: Cells, logG: ArrayLike<number>): number {
  const log = logIntegral(cells);
  let kl = 0;
  for (let i = 0; i < cells.logF.length; i++) {
    const logP = cells.logF[i] - log;
    const mass = Math.exp(logP + Math.log(cells.area[i]));
    if (mass > 0) kl += mass * (logP - logG[i]);
  }
  return kl;
}

/**
 * Density levels enclosing the given shares of a gridded density's mass
 * (highest-density regions): for 0.5, the level above which half the mass
 * lies. `density` holds values proportional to the density on equal cells.
 */
export function hdrLevels(density: ArrayLike<number>, shares: number[]): number[] {
  const sorted = Float64Array.from(density).sort().reverse();
  let total = 0;
  for (const v of sorted) total += v;
  return shares.map((share) => {
    let acc = 0;
    for (const v of sorted) {
      acc += v;
      if (acc >= share * total) return v;
    }
    return sorted[sorted.length - 1] ?? 0;
  });
}

/** Effective sample size (sum w)^2 / sum w^2 of importance weights given as logs. */
export function effectiveSampleSize(logW: ArrayLike<number>): number {
  let max = -Infinity;
  for (const v of Array.from(logW)) max = Math.max(max, v);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < logW.length; i++) {
    const w = Math.exp(logW[i] - max);
    s1 += w;
    s2 += w * w;
  }
  return (s1 * s1) / s2;
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** Sample standard deviation. */
export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  return Math.sqrt(s / Math.max(1, values.length - 1));
}

/** The square around a box's centre whose side is the box's longer side times `pad`: a display's view. */
export function paddedSquare(box: Box, pad = 1.15): Box {
  const side = Math.max(box[1] - box[0], box[3] - box[2]) * pad;
  const cx = (box[0] + box[1]) / 2;
  const cy = (box[2] + box[3]) / 2;
  return [cx - side / 2, cx + side / 2, cy - side / 2, cy + side / 2];
}

/**
 * Rows 0..count-1 in the order a batched quadrature takes them: by where their q(z|x) sits (2-D means
 * [x0, y0, x1, y1, ...]; columns of x a quarter wide, then y within), so each batch holds neighbours, whose
 * grids share most of their points.
 */
export function neighbourOrder(means: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: count }, (_, k) => k).sort(
    (a, b) => Math.round(means[2 * a] * 4) - Math.round(means[2 * b] * 4) || means[2 * a + 1] - means[2 * b + 1],
  );
}

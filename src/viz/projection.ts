/**
 * Two-dimensional views of d-dimensional posteriors: two chosen latent
 * dimensions, or the first two principal components of the means. Pure
 * numbers; the latent map draws what these return.
 */

import { packedIndex, packedSize } from '../lib/packedTriangle';
import type { PcaBasis } from '../lib/pca';

export type Projection = { mode: 'dims'; dims: [number, number] } | { mode: 'pca' };

/** A projection the model can use: PCA needs more than two dimensions, chosen dimensions must exist. */
export function projectionFor(projection: Projection, latentDim: number): Projection {
  if (projection.mode === 'pca') return latentDim > 2 ? projection : { mode: 'dims', dims: [0, 1] };
  return Math.max(...projection.dims) < latentDim ? projection : { mode: 'dims', dims: [0, 1] };
}

export interface ProjectedPoints {
  count: number;
  xs: Float32Array;
  ys: Float32Array;
  /** Sigma along each axis, for the ellipses; null for an AE or a PCA view. */
  sigmaX: Float32Array | null;
  sigmaY: Float32Array | null;
  /** The correlation of the two plotted coordinates under q(z|x), for tilted ellipses; null where it is 0 (diagonal). */
  rho: Float32Array | null;
}

export function project(
  means: Float32Array,
  logVars: Float32Array | null,
  count: number,
  d: number,
  projection: Projection,
  basis: PcaBasis | null,
  covariances?: Float32Array,
): ProjectedPoints {
  const xs = new Float32Array(count);
  const ys = new Float32Array(count);
  if (projection.mode === 'dims') {
    const [dx, dy] = projection.dims;
    const withSigma = logVars !== null;
    const sigmaX = withSigma ? new Float32Array(count) : null;
    const sigmaY = withSigma ? new Float32Array(count) : null;
    const rho = withSigma && covariances ? new Float32Array(count) : null;
    // Sigma_xy in the packed lower triangle.
    const cross = packedIndex(dx, dy);
    const width = packedSize(d);
    for (let i = 0; i < count; i++) {
      xs[i] = means[i * d + dx];
      ys[i] = means[i * d + dy];
      if (logVars && sigmaX && sigmaY) {
        sigmaX[i] = Math.exp(0.5 * logVars[i * d + dx]);
        sigmaY[i] = Math.exp(0.5 * logVars[i * d + dy]);
        if (rho && covariances) {
          const r = covariances[i * width + cross] / (sigmaX[i] * sigmaY[i]);
          rho[i] = dx === dy ? 1 : Math.max(-1, Math.min(1, r));
        }
      }
    }
    return { count, xs, ys, sigmaX, sigmaY, rho };
  }
  if (!basis) throw new Error('a PCA view needs its basis');
  for (let i = 0; i < count; i++) {
    let u = 0;
    let v = 0;
    for (let j = 0; j < d; j++) {
      const c = means[i * d + j] - basis.mean[j];
      u += c * basis.axes[0][j];
      v += c * basis.axes[1][j];
    }
    xs[i] = u;
    ys[i] = v;
  }
  return { count, xs, ys, sigmaX: null, sigmaY: null, rho: null };
}

/** Where a full latent vector lands in the 2-D view. */
export function projectPoint(z: ArrayLike<number>, projection: Projection, basis: PcaBasis | null): [number, number] {
  if (projection.mode === 'dims') return [z[projection.dims[0]], z[projection.dims[1]]];
  if (!basis) throw new Error('a PCA view needs its basis');
  let u = 0;
  let v = 0;
  for (let j = 0; j < z.length; j++) {
    const c = z[j] - basis.mean[j];
    u += c * basis.axes[0][j];
    v += c * basis.axes[1][j];
  }
  return [u, v];
}

/**
 * The latent vector for a click at view coordinates (u, v): the plotted
 * coordinates come from the click, every other one from `base` (the
 * selected point or the sliders).
 */
export function unproject(
  u: number,
  v: number,
  base: ArrayLike<number>,
  projection: Projection,
  basis: PcaBasis | null,
): Float32Array {
  const z = Float32Array.from(base);
  if (projection.mode === 'dims') {
    z[projection.dims[0]] = u;
    z[projection.dims[1]] = v;
    return z;
  }
  if (!basis) throw new Error('a PCA view needs its basis');
  const [bu, bv] = projectPoint(base, projection, basis);
  for (let j = 0; j < z.length; j++) z[j] += (u - bu) * basis.axes[0][j] + (v - bv) * basis.axes[1][j];
  return z;
}

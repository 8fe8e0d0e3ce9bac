/**
 * Two-dimensional views of d-dimensional posteriors: two chosen latent
 * dimensions, or the first two principal components of the means. Pure
 * numbers; the latent map draws what these return.
 */

export type Projection = { mode: 'dims'; dims: [number, number] } | { mode: 'pca' };

export interface ProjectedPoints {
  count: number;
  xs: Float32Array;
  ys: Float32Array;
  /** Sigma along each axis, for the axis-aligned ellipses; null for an AE or a PCA view. */
  sigmaX: Float32Array | null;
  sigmaY: Float32Array | null;
}

export interface PcaBasis {
  mean: Float64Array;
  /** Two orthonormal directions (length d each). */
  axes: [Float64Array, Float64Array];
  /** Share of the means' variance each axis explains. */
  explained: [number, number];
}

/** The top two principal directions of row-major [count, d] data (power iteration with deflation). */
export function pcaBasis(data: Float32Array, count: number, d: number): PcaBasis {
  const mean = new Float64Array(d);
  for (let i = 0; i < count; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j] / count;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < d; a++) {
      const da = data[i * d + a] - mean[a];
      for (let b = a; b < d; b++) cov[a * d + b] += (da * (data[i * d + b] - mean[b])) / count;
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];
  let total = 0;
  for (let a = 0; a < d; a++) total += cov[a * d + a];
  const axes: Float64Array[] = [];
  const values: number[] = [];
  for (let k = 0; k < 2; k++) {
    let v = new Float64Array(d).map((_, i) => 1 / Math.sqrt(d) + (i === k ? 0.1 : 0));
    let lambda = 0;
    for (let iter = 0; iter < 200; iter++) {
      const next = new Float64Array(d);
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let b = 0; b < d; b++) s += cov[a * d + b] * v[b];
        next[a] = s;
      }
      const norm = Math.hypot(...next) || 1;
      lambda = norm;
      v = next.map((x) => x / norm);
    }
    axes.push(v);
    values.push(lambda);
    // Deflate: remove this component before finding the next.
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] -= lambda * v[a] * v[b];
  }
  return {
    mean,
    axes: [axes[0], axes[1] ?? new Float64Array(d)],
    explained: [values[0] / (total || 1), (values[1] ?? 0) / (total || 1)],
  };
}

export function project(
  means: Float32Array,
  logVars: Float32Array | null,
  count: number,
  d: number,
  projection: Projection,
  basis: PcaBasis | null,
): ProjectedPoints {
  const xs = new Float32Array(count);
  const ys = new Float32Array(count);
  if (projection.mode === 'dims') {
    const [dx, dy] = projection.dims;
    const withSigma = logVars !== null;
    const sigmaX = withSigma ? new Float32Array(count) : null;
    const sigmaY = withSigma ? new Float32Array(count) : null;
    for (let i = 0; i < count; i++) {
      xs[i] = means[i * d + dx];
      ys[i] = means[i * d + dy];
      if (logVars && sigmaX && sigmaY) {
        sigmaX[i] = Math.exp(0.5 * logVars[i * d + dx]);
        sigmaY[i] = Math.exp(0.5 * logVars[i * d + dy]);
      }
    }
    return { count, xs, ys, sigmaX, sigmaY };
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
  return { count, xs, ys, sigmaX: null, sigmaY: null };
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

/** Inverse CDF of the standard normal (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -39.6968302866538, 220.946098424521, -275.928510446969, 138.357751867269, -30.6647980661472, 2.50662827745924,
  ];
  const b = [-54.4760987982241, 161.585836858041, -155.698979859887, 66.8013118877197, -13.2806815528857];
  const c = [
    -0.00778489400243029, -0.322396458041136, -2.40075827716184, -2.54973253934373, 4.37466414146497, 2.93816398269878,
  ];
  const dd = [0.00778469570904146, 0.32246712907004, 2.445134137143, 3.75440866190742];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** Principal components of row-major data: pure numbers (the latent map's PCA view, tests). */

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

import { randomNormal } from 'd3';
import { LOG_2PI, logSumExp } from './normal';
import { createRng } from './rng';

/**
 * A Gaussian mixture model with full covariances, fitted by EM (Dempster,
 * Laird & Rubin 1977): the finite mixture p(z) = sum_k pi_k N(z; m_k, S_k).
 * Plain JavaScript on row-major points [n, d]; k-means++ starts, seeded.
 */
export interface Gmm {
  d: number;
  weights: number[];
  means: number[][];
  /** Covariances, row-major d x d each. */
  covs: number[][];
}

export interface GmmFit {
  gmm: Gmm;
  /** Average log-likelihood per point on the fitting data. */
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** Lower Cholesky factor of a d x d SPD matrix (row-major), and log det. */
function cholesky(a: number[], d: number): { L: Float64Array; logDet: number } {
  const L = new Float64Array(d * d);
  let logDet = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j];
      for (let k = 0; k < j; k++) sum -= L[i * d + k] * L[j * d + k];
      if (i === j) {
        const v = Math.sqrt(Math.max(sum, 1e-300));
        L[i * d + i] = v;
        logDet += 2 * Math.log(v);
      } else {
        L[i * d + j] = sum / L[j * d + j];
      }
    }
  }
  return { L, logDet };
}

/** log N(x; m, S) for each component, given their Cholesky factors. */
function componentLogDensities(
  x: ArrayLike<number>,
  offset: number,
  gmm: Gmm,
  factors: Array<{ L: Float64Array; logDet: number }>,
  out: Float64Array,
): void {
  const { d } = gmm;
  const y = new Float64Array(d);
  for (let k = 0; k < gmm.weights.length; k++) {
    const { L, logDet } = factors[k];
    const m = gmm.means[k];
    // Solve L y = x - m; the Mahalanobis distance is |y|^2.
    let q = 0;
    for (let i = 0; i < d; i++) {
      let s = x[offset + i] - m[i];
      for (let j = 0; j < i; j++) s -= L[i * d + j] * y[j];
      y[i] = s / L[i * d + i];
      q += y[i] * y[i];
    }
    out[k] = -0.5 * (q + logDet + d * LOG_2PI);
  }
}

/** log p(x) under the mixture for each of n points. */
export function gmmLogDensity(gmm: Gmm, points: ArrayLike<number>, n: number): Float64Array {
  const factors = gmm.covs.map((c) => cholesky(c, gmm.d));
  const logW = Float64Array.from(gmm.weights, Math.log);
  const comp = new Float64Array(gmm.weights.length);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    componentLogDensities(points, i * gmm.d, gmm, factors, comp);
    for (let k = 0; k < comp.length; k++) comp[k] += logW[k];
    out[i] = logSumExp(comp);
  }
  return out;
}

/** k-means++ starting means (Arthur & Vassilvitskii 2007): spread out, seeded. */
function kMeansPlusPlus(points: ArrayLike<number>, n: number, d: number, K: number, next: () => number): number[][] {
  const means: number[][] = [];
  const first = Math.floor(next() * n);
  means.push(Array.from({ length: d }, (_, j) => points[first * d + j]));
  const dist = new Float64Array(n).fill(Infinity);
  while (means.length < K) {
    const last = means[means.length - 1];
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (points[i * d + j] - last[j]) ** 2;
      dist[i] = Math.min(dist[i], s);
      total += dist[i];
    }
    let u = next() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      u -= dist[i];
      if (u <= 0) {
        pick = i;
        break;
      }
    }
    means.push(Array.from({ length: d }, (_, j) => points[pick * d + j]));
  }
  return means;
}

export interface EmOptions {
  seed?: number;
  maxIterations?: number;
  /** Stop when the average log-likelihood per point improves by less than this. */
  tolerance?: number;
  /** Added to each covariance's diagonal, relative to the data's variance: keeps components from collapsing on a point. */
  regularization?: number;
}

/** Fits a K-component full-covariance mixture to n points [n, d] by EM. */
export function fitGmm(points: ArrayLike<number>, n: number, d: number, K: number, options: EmOptions = {}): GmmFit {
  const { seed = 1, maxIterations = 200, tolerance = 1e-5, regularization = 1e-4 } = options;
  const rng = createRng(seed);
  // The data's overall variance per dimension: scale for the regularisation and the starting covariances.
  const mean0 = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean0[j] += points[i * d + j] / n;
  const var0 = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) var0[j] += (points[i * d + j] - mean0[j]) ** 2 / n;
  const ridge = regularization * (var0.reduce((a, b) => a + b, 0) / d);
  const startCov = Array.from({ length: d * d }, (_, idx) =>
    Math.floor(idx / d) === idx % d ? var0[idx % d] / Math.max(1, K) + ridge : 0,
  );
  let gmm: Gmm = {
    d,
    weights: new Array<number>(K).fill(1 / K),
    means: kMeansPlusPlus(points, n, d, K, rng.next),
    covs: Array.from({ length: K }, () => [...startCov]),
  };
  const resp = new Float64Array(n * K);
  const comp = new Float64Array(K);
  let previous = -Infinity;
  let logLikelihood = -Infinity;
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    // E step: responsibilities r_ik = pi_k N(x_i; m_k, S_k) / p(x_i).
    const factors = gmm.covs.map((c) => cholesky(c, d));
    const logW = Float64Array.from(gmm.weights, (w) => Math.log(Math.max(w, 1e-300)));
    let total = 0;
    for (let i = 0; i < n; i++) {
      componentLogDensities(points, i * d, gmm, factors, comp);
      for (let k = 0; k < K; k++) comp[k] += logW[k];
      const lse = logSumExp(comp);
      total += lse;
      for (let k = 0; k < K; k++) resp[i * K + k] = Math.exp(comp[k] - lse);
    }
    logLikelihood = total / n;
    if (logLikelihood - previous < tolerance) {
      converged = true;
      break;
    }
    previous = logLikelihood;
    // M step.
    const next: Gmm = { d, weights: [], means: [], covs: [] };
    for (let k = 0; k < K; k++) {
      let nk = 0;
      const m = new Array<number>(d).fill(0);
      for (let i = 0; i < n; i++) {
        const r = resp[i * K + k];
        nk += r;
        for (let j = 0; j < d; j++) m[j] += r * points[i * d + j];
      }
      if (nk < 1e-8) {
        // An empty component restarts on a random point.
        const p = Math.floor(rng.next() * n);
        next.weights.push(1 / n);
        next.means.push(Array.from({ length: d }, (_, j) => points[p * d + j]));
        next.covs.push([...startCov]);
        continue;
      }
      for (let j = 0; j < d; j++) m[j] /= nk;
      const c = new Array<number>(d * d).fill(0);
      for (let i = 0; i < n; i++) {
        const r = resp[i * K + k];
        if (r < 1e-12) continue;
        for (let a = 0; a < d; a++) {
          const da = points[i * d + a] - m[a];
          for (let b = 0; b <= a; b++) c[a * d + b] += r * da * (points[i * d + b] - m[b]);
        }
      }
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) {
          c[a * d + b] /= nk;
          c[b * d + a] = c[a * d + b];
        }
        c[a * d + a] += ridge;
      }
      next.weights.push(nk / n);
      next.means.push(m);
      next.covs.push(c);
    }
    gmm = next;
  }
  return { gmm, logLikelihood, iterations, converged };
}

/** Free parameters of a K-component full-covariance mixture in d dimensions. */
export function gmmParameterCount(K: number, d: number): number {
  return K - 1 + K * d + (K * d * (d + 1)) / 2;
}

/** BIC = -2 log L + p log n (lower is better), for a total log-likelihood over n points. */
export function bic(totalLogLikelihood: number, K: number, d: number, n: number): number {
  return -2 * totalLogLikelihood + gmmParameterCount(K, d) * Math.log(n);
}

/**
 * BIC divided by the number of points, -2 x (average log-likelihood) +
 * p log n / n: the one BIC figure the app shows, so that fits on different
 * numbers of codes (the K sweep's 5,000, a fit's 20,000) read on one scale.
 */
export function bicPerPoint(averageLogLikelihood: number, K: number, d: number, n: number): number {
  return bic(averageLogLikelihood * n, K, d, n) / n;
}

/** `count` draws from the mixture, row-major [count, d], seeded. */
export function sampleGmm(gmm: Gmm, count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const { d } = gmm;
  const factors = gmm.covs.map((c) => cholesky(c, d));
  const normal = randomNormal.source(rng.next)();
  const out = new Float32Array(count * d);
  for (let s = 0; s < count; s++) {
    let u = rng.next();
    let k = 0;
    while (k < gmm.weights.length - 1 && u > gmm.weights[k]) u -= gmm.weights[k++];
    const e = Array.from({ length: d }, normal);
    const { L } = factors[k];
    for (let i = 0; i < d; i++) {
      let v = gmm.means[k][i];
      for (let j = 0; j <= i; j++) v += L[i * d + j] * e[j];
      out[s * d + i] = v;
    }
  }
  return out;
}

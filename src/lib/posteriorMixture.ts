import { randomNormal } from 'd3';
import { createRng } from './rng';
import { LOG_2PI } from './normal';

/**
 * The aggregate posterior q(z) = 1/N sum_n q(z|x_n) of diagonal Gaussian
 * posteriors: where the encoder actually puts the data. Against the prior
 * it shows the holes (prior mass where q(z) has little) that make prior
 * samples decode to implausible images.
 */
export interface DiagonalPosteriors {
  count: number;
  latentDim: number;
  means: Float32Array;
  logVars: Float32Array;
}

/** log q(z) at m points [m, d], summing over every posterior (log-sum-exp). */
export function aggregateLogDensity(p: DiagonalPosteriors, z: ArrayLike<number>, m: number): Float64Array {
  const d = p.latentDim;
  const N = p.count;
  const invVar = Float64Array.from(p.logVars, (lv) => Math.exp(-lv));
  const logNorm = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += p.logVars[n * d + j];
    logNorm[n] = -0.5 * (s + d * LOG_2PI);
  }
  const out = new Float64Array(m);
  const terms = new Float64Array(N);
  for (let i = 0; i < m; i++) {
    let max = -Infinity;
    for (let n = 0; n < N; n++) {
      let q = 0;
      for (let j = 0; j < d; j++) {
        const diff = z[i * d + j] - p.means[n * d + j];
        q += diff * diff * invVar[n * d + j];
      }
      const t = logNorm[n] - 0.5 * q;
      terms[n] = t;
      if (t > max) max = t;
    }
    let s = 0;
    for (let n = 0; n < N; n++) s += Math.exp(terms[n] - max);
    out[i] = max + Math.log(s / N);
  }
  return out;
}

/** m draws z ~ q(z): a posterior picked uniformly, then z ~ q(z|x_n). */
export function sampleAggregate(p: DiagonalPosteriors, m: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const normal = randomNormal.source(rng.next)();
  const d = p.latentDim;
  const z = new Float32Array(m * d);
  for (let i = 0; i < m; i++) {
    const n = rng.int(p.count);
    for (let j = 0; j < d; j++) z[i * d + j] = p.means[n * d + j] + Math.exp(0.5 * p.logVars[n * d + j]) * normal();
  }
  return z;
}

/** q(z) on an nx x ny grid of cell centres over a box (2-D), each posterior cut off at 5 sigma. */
export function aggregateDensityGrid(
  p: DiagonalPosteriors,
  box: [number, number, number, number],
  nx: number,
  ny: number,
): Float32Array {
  const [x0, x1, y0, y1] = box;
  const dx = (x1 - x0) / nx;
  const dy = (y1 - y0) / ny;
  const grid = new Float32Array(nx * ny);
  for (let n = 0; n < p.count; n++) {
    const mx = p.means[2 * n];
    const my = p.means[2 * n + 1];
    const sx = Math.exp(0.5 * p.logVars[2 * n]);
    const sy = Math.exp(0.5 * p.logVars[2 * n + 1]);
    const norm = 1 / (2 * Math.PI * sx * sy * p.count);
    const i0 = Math.max(0, Math.floor((mx - 5 * sx - x0) / dx));
    const i1 = Math.min(nx - 1, Math.ceil((mx + 5 * sx - x0) / dx));
    const j0 = Math.max(0, Math.floor((my - 5 * sy - y0) / dy));
    const j1 = Math.min(ny - 1, Math.ceil((my + 5 * sy - y0) / dy));
    for (let j = j0; j <= j1; j++) {
      const ty = (y0 + (j + 0.5) * dy - my) / sy;
      for (let i = i0; i <= i1; i++) {
        const tx = (x0 + (i + 0.5) * dx - mx) / sx;
        grid[j * nx + i] += norm * Math.exp(-0.5 * (tx * tx + ty * ty));
      }
    }
  }
  return grid;
}

export interface AggregateFigures {
  /** KL(q(z) || p(z)) = E_q[log q(z) - log p(z)], by sampling, with its standard error. */
  kl: number;
  klStandardError: number;
  samples: number;
  /** log q(z) below which q(z) keeps 1 % of its mass: "where q(z) is low". */
  lowThreshold: number;
  /** The share of prior draws that land where q(z) is low (the prior's holes). */
  holeShare: number;
  priorDraws: number;
  /** The prior draws in holes (row-major [k, d]), at most `maxMarks`. */
  holeDraws: Float32Array;
}

/**
 * The prior's mismatch to the aggregate posterior: KL(q(z) || p(z)) by
 * sampling q, and the share of prior draws where q(z) is lower than where
 * 99 % of q's own draws lie.
 */
export function aggregateFigures(
  p: DiagonalPosteriors,
  logPrior: (z: Float32Array, m: number) => Float64Array,
  priorDraws: Float32Array,
  samples: number,
  seed: number,
  maxMarks = 400,
): AggregateFigures {
  const d = p.latentDim;
  const z = sampleAggregate(p, samples, seed);
  const logQ = aggregateLogDensity(p, z, samples);
  const logP = logPrior(z, samples);
  const diffs = Float64Array.from(logQ, (v, i) => v - logP[i]);
  const kl = diffs.reduce((a, b) => a + b, 0) / samples;
  const variance = diffs.reduce((a, b) => a + (b - kl) ** 2, 0) / Math.max(1, samples - 1);
  const lowThreshold = Float64Array.from(logQ).sort()[Math.floor(0.01 * samples)];
  const m = priorDraws.length / d;
  const logQPrior = aggregateLogDensity(p, priorDraws, m);
  const holes: number[] = [];
  for (let i = 0; i < m; i++) if (logQPrior[i] < lowThreshold) holes.push(i);
  const marks = holes.slice(0, maxMarks);
  const holeDraws = new Float32Array(marks.length * d);
  marks.forEach((i, k) => holeDraws.set(priorDraws.subarray(i * d, (i + 1) * d), k * d));
  return {
    kl,
    klStandardError: Math.sqrt(variance / samples),
    samples,
    lowThreshold,
    holeShare: holes.length / m,
    priorDraws: m,
    holeDraws,
  };
}

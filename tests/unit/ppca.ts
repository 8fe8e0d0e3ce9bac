/**
 * Probabilistic PCA with a 2-D latent: p(z) = N(0, I), p(x|z) = N(Wz + b, s^2 I).
 * Everything the posterior lab estimates is known in closed form:
 *   p(x) = N(x; b, W W^T + s^2 I),
 *   p(z|x) = N(m, S), S = (I + W^T W / s^2)^-1, m = S W^T (x - b) / s^2.
 */
import type { Gaussian2 } from '../../src/model/posterior/numerics';

export interface Ppca {
  W: number[][]; // [D][2]
  b: number[];
  s: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** log p(x, z) at n points z (row-major [n, 2]) for one x. */
export function ppcaLogJoint(model: Ppca, x: number[]) {
  return async (z: Float32Array, n: number): Promise<Float64Array> => {
    const out = new Float64Array(n);
    const D = x.length;
    for (let k = 0; k < n; k++) {
      const z0 = z[2 * k];
      const z1 = z[2 * k + 1];
      let sse = 0;
      for (let i = 0; i < D; i++) {
        const r = x[i] - (model.W[i][0] * z0 + model.W[i][1] * z1 + model.b[i]);
        sse += r * r;
      }
      const logLik = (-0.5 * sse) / (model.s * model.s) - D * Math.log(model.s) - 0.5 * D * LOG_2PI;
      const logPrior = -0.5 * (z0 * z0 + z1 * z1) - LOG_2PI;
      out[k] = logLik + logPrior;
    }
    return out;
  };
}

/** Solves A y = r for a symmetric positive definite A by Cholesky (small D). */
function choleskySolveLogDet(A: number[][], r: number[]): { y: number[]; logDet: number } {
  const n = A.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i][j];
      for (let k = 0; k < j; k++) sum -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(sum) : sum / L[j][j];
    }
  }
  const u = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = r[i];
    for (let k = 0; k < i; k++) sum -= L[i][k] * u[k];
    u[i] = sum / L[i][i];
  }
  const y = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = u[i];
    for (let k = i + 1; k < n; k++) sum -= L[k][i] * y[k];
    y[i] = sum / L[i][i];
  }
  return { y, logDet: 2 * L.reduce((s, row, i) => s + Math.log(row[i]), 0) };
}

export function ppcaLogEvidence(model: Ppca, x: number[]): number {
  const D = x.length;
  const C = model.W.map((wi, i) =>
    model.W.map((wj, j) => wi[0] * wj[0] + wi[1] * wj[1] + (i === j ? model.s * model.s : 0)),
  );
  const r = x.map((xi, i) => xi - model.b[i]);
  const { y, logDet } = choleskySolveLogDet(C, r);
  const quad = r.reduce((s, ri, i) => s + ri * y[i], 0);
  return -0.5 * (quad + logDet + D * LOG_2PI);
}

export function ppcaPosterior(model: Ppca, x: number[]): Gaussian2 {
  const s2 = model.s * model.s;
  let a = 1;
  let b = 0;
  let c = 1;
  let r0 = 0;
  let r1 = 0;
  model.W.forEach((w, i) => {
    a += (w[0] * w[0]) / s2;
    b += (w[0] * w[1]) / s2;
    c += (w[1] * w[1]) / s2;
    r0 += (w[0] * (x[i] - model.b[i])) / s2;
    r1 += (w[1] * (x[i] - model.b[i])) / s2;
  });
  // S = [[a, b], [b, c]]^-1
  const det = a * c - b * b;
  const cov: [number, number, number] = [c / det, -b / det, a / det];
  return { mean: [cov[0] * r0 + cov[1] * r1, cov[1] * r0 + cov[2] * r1], cov };
}

/** A PPCA whose posterior is strongly correlated (the two latent directions load on the same pixels). */
export const CORRELATED_PPCA: Ppca = {
  W: [
    [1.2, 0.9],
    [0.8, 0.7],
    [-0.5, -0.3],
    [0.3, 0.5],
    [1.0, 0.8],
    [0.2, -0.1],
  ],
  b: [0.1, -0.2, 0.05, 0.3, 0, -0.1],
  s: 0.4,
};

export const PPCA_X = [1.1, 0.4, -0.6, 0.9, 0.7, -0.2];

/** The same directions, loaded three times as strongly and observed with less noise: a narrow posterior. */
export const SHARP_PPCA: Ppca = {
  W: CORRELATED_PPCA.W.map((row) => row.map((w) => 3 * w)),
  b: CORRELATED_PPCA.b,
  s: 0.15,
};

import * as tf from '@tensorflow/tfjs-core';
import { packedIndex } from '../../../lib/packedTriangle';

/**
 * L packed row by row (lib/packedTriangle.ts): the full-covariance head outputs one such vector per
 * image; its diagonal entries are log L_ii (so L_ii = exp(.) > 0 and log det L is their sum), the
 * others L_ij themselves.
 */

/** Row and column of every packed entry. */
function entries(d: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) out.push([i, j]);
  return out;
}

/** The constant 0/1 matrices that take packed vectors to rows, columns and diagonals. */
export interface TrilOps {
  d: number;
  /** [d, m]: eps C puts eps_j under every entry of column j. */
  columns: tf.Tensor2D;
  /** [m, d]: v R sums every row's entries into that row. */
  rows: tf.Tensor2D;
  /** [m]: 1 on the diagonal entries. */
  diagonal: tf.Tensor1D;
}

/**
 * Built per call (a few kB at the latent sizes trained here), inside the caller's tf.tidy: no tensors
 * kept across calls, so none outlives a backend switch.
 */
export function trilOps(d: number): TrilOps {
  const all = entries(d);
  const m = all.length;
  const columns = new Float32Array(d * m);
  const rows = new Float32Array(m * d);
  const diagonal = new Float32Array(m);
  all.forEach(([i, j], k) => {
    columns[j * m + k] = 1;
    rows[k * d + i] = 1;
    if (i === j) diagonal[k] = 1;
  });
  return {
    d,
    columns: tf.tensor2d(columns, [d, m]),
    rows: tf.tensor2d(rows, [m, d]),
    diagonal: tf.tensor1d(diagonal),
  };
}

/**
 * The packed rows laid out as full matrices [B, d, d], zeros above the diagonal: one slice and one pad
 * per row (an unpacking matrix would hold m d^2 numbers: 540 MB at d = 128).
 */
export function unpackLower(packed: tf.Tensor2D, d: number): tf.Tensor3D {
  const B = packed.shape[0];
  const rows = Array.from({ length: d }, (_, i) =>
    tf.pad(tf.slice(packed, [0, packedIndex(i, 0)], [B, i + 1]), [
      [0, 0],
      [0, d - i - 1],
    ]),
  );
  return tf.stack(rows, 1) as tf.Tensor3D;
}

/** The head's raw output [B, m] as L's packed entries: exp on the diagonal (overflow-safe off it). */
export function choleskyFromHead(raw: tf.Tensor2D, ops: TrilOps): tf.Tensor2D {
  const offDiagonal = tf.sub(1, ops.diagonal);
  return tf.add(tf.mul(raw, offDiagonal), tf.mul(tf.exp(tf.mul(raw, ops.diagonal)), ops.diagonal)) as tf.Tensor2D;
}

/** log det L = sum_i log L_ii per row [B]. */
export function logDetFromHead(raw: tf.Tensor2D, ops: TrilOps): tf.Tensor1D {
  return tf.sum(tf.mul(raw, ops.diagonal), 1) as tf.Tensor1D;
}

/**
 * L eps per row: [B, m] packed L and [B, d] eps, through products with the constant 0/1 matrices
 * (autodiff reaches L). Measured against unpacking L by slices and pads (z_i - mu_i = sum_j L_ij eps_j
 * on [B, d, d]): the products were faster at every d tried, 2 to 128 (npm run fullcov-claim, its cost
 * table: 0.14x against 0.10x of the diagonal VAE's samples/s at d = 128), the slices' hundreds of small
 * ops and their gradients costing more than the O(B d^3) products.
 */
export function lowerTimes(packed: tf.Tensor2D, eps: tf.Tensor2D, ops: TrilOps): tf.Tensor2D {
  return tf.matMul(tf.mul(packed, tf.matMul(eps, ops.columns)), ops.rows);
}

/** Sigma = L L^T per row, packed the same way [B, m] (its diagonal: the marginal variances). No gradient. */
export function covarianceFromCholesky(packed: tf.Tensor2D, ops: TrilOps): tf.Tensor2D {
  const { d } = ops;
  const B = packed.shape[0];
  const full = unpackLower(packed, d);
  const sigma = tf.reshape(tf.matMul(full, full, false, true), [B, d * d]) as tf.Tensor2D;
  const index = entries(d).map(([i, j]) => i * d + j);
  return tf.gather(sigma, tf.tensor1d(index, 'int32'), 1) as tf.Tensor2D;
}

/**
 * eps = L^-1 (z - mu) for one L ([1, m] packed) and every row of y = z - mu [n, d], by forward
 * substitution: eps_i = (y_i - sum_{j < i} L_ij eps_j) / L_ii.
 */
export function solveLower(packed: tf.Tensor2D, y: tf.Tensor2D, d: number): tf.Tensor2D {
  const at = (i: number, j: number) => tf.slice(packed, [0, packedIndex(i, j)], [1, 1]);
  const eps: tf.Tensor2D[] = [];
  for (let i = 0; i < d; i++) {
    let rest: tf.Tensor2D = tf.slice(y, [0, i], [-1, 1]);
    for (let j = 0; j < i; j++) rest = tf.sub(rest, tf.mul(eps[j], at(i, j)));
    eps.push(tf.div(rest, at(i, i)));
  }
  return tf.concat(eps, 1);
}

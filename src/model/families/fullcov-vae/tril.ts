import * as tf from '@tensorflow/tfjs-core';

/**
 * A lower-triangular d x d matrix packed row by row into m = d(d + 1)/2 numbers: entry (i, j), j <= i,
 * at i(i + 1)/2 + j. The full-covariance head outputs one such vector per image; its diagonal entries
 * are log L_ii (so L_ii = exp(.) > 0 and log det L is their sum), the others L_ij themselves.
 * Pure numbers here; the tensors below are built from them.
 */
export function packedSize(d: number): number {
  return (d * (d + 1)) / 2;
}

export function packedIndex(i: number, j: number): number {
  return (i * (i + 1)) / 2 + j;
}

/** d from m = d(d + 1)/2; throws when m is no such number. */
export function sideOfPacked(m: number): number {
  const d = Math.round((Math.sqrt(8 * m + 1) - 1) / 2);
  if (packedSize(d) !== m) throw new Error(`${m} values are no packed lower triangle`);
  return d;
}

/** Row and column of every packed entry. */
function entries(d: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) out.push([i, j]);
  return out;
}

/** What the packed vectors of one latent size need: d, and a 0/1 mask of the diagonal entries [m]. */
export interface TrilOps {
  d: number;
  diagonal: tf.Tensor1D;
}

/** Built per call inside the caller's tf.tidy: no tensors kept across calls, so none outlives a backend switch. */
export function trilOps(d: number): TrilOps {
  const diagonal = new Float32Array(packedSize(d));
  for (let i = 0; i < d; i++) diagonal[packedIndex(i, i)] = 1;
  return { d, diagonal: tf.tensor1d(diagonal) };
}

/**
 * The packed rows laid out as full matrices [B, d, d], zeros above the diagonal: one slice and one pad
 * per row, so autodiff reaches every entry with kernels every backend has (O(B d^2), where products
 * with 0/1 matrices would cost O(B d^3)).
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

/** L eps per row: [B, m] packed L and [B, d] eps; z_i - mu_i = sum_j L_ij eps_j. */
export function lowerTimes(packed: tf.Tensor2D, eps: tf.Tensor2D, ops: TrilOps): tf.Tensor2D {
  return tf.sum(tf.mul(unpackLower(packed, ops.d), tf.expandDims(eps, 1)), 2);
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

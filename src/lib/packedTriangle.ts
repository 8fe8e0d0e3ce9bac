/**
 * A lower-triangular (or symmetric) d x d matrix packed row by row into d(d + 1)/2 numbers: entry
 * (i, j), j <= i, at i(i + 1)/2 + j. The layout of a full-covariance VAE's Cholesky head, of the
 * covariances in test-posteriors.bin and of what the map projects from them.
 */
export function packedSize(d: number): number {
  return (d * (d + 1)) / 2;
}

/** Where entry (i, j) sits; either order of i and j (the matrix is read as symmetric). */
export function packedIndex(i: number, j: number): number {
  const [row, column] = i >= j ? [i, j] : [j, i];
  return (row * (row + 1)) / 2 + column;
}

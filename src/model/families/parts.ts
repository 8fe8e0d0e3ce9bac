import { randomNormal } from 'd3';
import type { ModelArrays } from '../arrays';
import { extraValues } from '../arrays';
import type { Rng } from '../../lib/rng';

/**
 * Helpers the families' declarations share (no tfjs): initialisers of their
 * extra tensors, and reading those tensors back as meta.json rows.
 */

export const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
export const zeros = (shape: number[]) => () => new Float32Array(size(shape));
export const normal = (shape: number[], sigma: number) => (rng: Rng) => {
  const draw = randomNormal.source(rng.next)(0, sigma);
  return Float32Array.from({ length: size(shape) }, draw);
};
/** Glorot-uniform, as for the dense layers. */
export const glorot = (inputs: number, units: number) => (rng: Rng) => {
  const limit = Math.sqrt(6 / (inputs + units));
  return Float32Array.from({ length: inputs * units }, () => (2 * rng.next() - 1) * limit);
};

export function rowsOf(values: Float32Array, columns: number): number[][] {
  return Array.from({ length: values.length / columns }, (_, i) =>
    Array.from(values.subarray(i * columns, (i + 1) * columns)),
  );
}

export function requiredExtra(arrays: ModelArrays, name: string): Float32Array {
  const values = extraValues(arrays, name);
  if (!values) throw new Error(`the model has no ${name}`);
  return values;
}

/** A file of a model that does not fit: the message says which file and why. */
export class FamilyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FamilyFormatError';
  }
}

/** meta.json rows as one flat array, each row checked to have `columns` values. */
export function flatMatrix(rows: number[][], columns: number, what: string): number[] {
  rows.forEach((row, i) => {
    if (row.length !== columns)
      throw new FamilyFormatError(`meta.json: ${what} row ${i} has ${row.length} values, expected ${columns}`);
  });
  return rows.flat();
}

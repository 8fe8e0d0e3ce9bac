import * as tf from '@tensorflow/tfjs-core';
import { aggregateDensityGrid, aggregateFigures, type AggregateFigures } from '../../lib/posteriorMixture';
import { INPUT_DIM } from '../config';
import type { ModelParams } from '../params';
import { encodePosteriors } from '../format/posteriorsFile';
import { priorOf } from '../priors';

/**
 * The aggregate posterior q(z) = 1/N sum_n q(z|x_n) of a model with Gaussian
 * posteriors against its prior (N(0, I) or a learned mixture): the explorer's
 * mixtures panel and scripts/posterior-figures.ts use the same figures.
 */

export interface AggregateResult {
  figures: AggregateFigures;
  /** q(z) on a grid over the plane (2-D), and N(0, I)'s or the learned prior's density on the same grid. */
  grid: { box: [number, number, number, number]; nx: number; ny: number; q: Float32Array; prior: Float32Array } | null;
  count: number;
}

/** The aggregate posterior of the test digits against the model's prior. */
export async function aggregatePosterior(
  params: ModelParams,
  testImages: Float32Array,
  seed: number,
): Promise<AggregateResult> {
  const count = testImages.length / INPUT_DIM;
  const posteriors = await encodePosteriors(params, testImages, count);
  if (!posteriors.logVars) throw new Error('the aggregate posterior needs Gaussian posteriors (a VAE)');
  const d = params.config.latentDim;
  const prior = priorOf(params);
  const logPrior = (z: Float32Array, m: number) => {
    const values = tf.tidy(() => prior.logDensity(tf.tensor2d(z, [m, d])));
    const out = Float64Array.from(values.dataSync());
    values.dispose();
    return out;
  };
  const draws = tf.tidy(() => prior.sample(4000, seed + 1));
  const priorDraws = new Float32Array(await draws.data());
  draws.dispose();
  const p = { count, latentDim: d, means: posteriors.means, logVars: posteriors.logVars };
  const figures = aggregateFigures(p, logPrior, priorDraws, 4000, seed);
  let grid: AggregateResult['grid'] = null;
  if (d === 2) {
    const box: [number, number, number, number] = [-4, 4, -4, 4];
    const nx = 160;
    const q = aggregateDensityGrid(p, box, nx, nx);
    const centres = new Float32Array(nx * nx * 2);
    for (let j = 0; j < nx; j++) {
      for (let i = 0; i < nx; i++) {
        centres[2 * (j * nx + i)] = box[0] + ((i + 0.5) * (box[1] - box[0])) / nx;
        centres[2 * (j * nx + i) + 1] = box[2] + ((j + 0.5) * (box[3] - box[2])) / nx;
      }
    }
    const priorDensity = Float32Array.from(logPrior(centres, nx * nx), Math.exp);
    grid = { box, nx, ny: nx, q, prior: priorDensity };
  }
  return { figures, grid, count };
}

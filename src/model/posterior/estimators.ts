import { effectiveSampleSize, logSumExp, mean, std, type LogDensityFn } from './numerics';
import { Cancelled } from './quadrature';
import { createRng } from '../../lib/rng';
import { yieldToEventLoop } from '../../lib/yieldToEventLoop';

/**
 * Monte Carlo estimators of log p(x) for one image:
 * - importance sampling with q(z|x) as the proposal, log (1/K) sum_k p(x, z_k) / q(z_k|x);
 * - plain Monte Carlo from the prior, log (1/K) sum_k p(x|z_k), z_k ~ p(z) (the same
 *   estimator with the prior as the proposal);
 * - Monte Carlo with z uniform over a box, the notes' first attempt;
 * - the ELBO, averaged over many draws from q, with its standard error.
 * Both K-sample estimates are lower bounds on log p(x) in expectation (Jensen),
 * tightening as K grows; the effective sample size of the weights says how
 * good the proposal is.
 */

/** n draws from a proposal with the log of its density at each: z row-major [n, d]. */
export type DrawFn = (n: number, seed: number) => Promise<{ z: Float32Array; logDensity: Float64Array }>;

/** The box of the uniform proposal: [-UNIFORM_HALF_WIDTH, UNIFORM_HALF_WIDTH]^d, the prior's +-4 sigma. */
export const UNIFORM_HALF_WIDTH = 4;

/**
 * Draws z uniform over the box [-4, 4]^d: the notes' first attempt at p(x),
 * which almost never hits a z that explains x (log density -d log 8).
 */
export function uniformDraws(d: number): DrawFn {
  return (n, seed) => {
    const rng = createRng(seed);
    const z = new Float32Array(n * d);
    for (let i = 0; i < z.length; i++) z[i] = (2 * rng.next() - 1) * UNIFORM_HALF_WIDTH;
    const logDensity = new Float64Array(n).fill(-d * Math.log(2 * UNIFORM_HALF_WIDTH));
    return Promise.resolve({ z, logDensity });
  };
}

export interface EstimatorRun {
  K: number;
  /** One estimate of log p(x) per repeat. */
  estimates: number[];
  mean: number;
  std: number;
  /** Effective sample size (sum w)^2 / sum w^2, averaged over the repeats. */
  ess: number;
}

export interface EstimatorOptions {
  Ks: number[];
  repeats: number;
  seed: number;
  /** Draws evaluated per call (memory: chunk x 784 floats of decoder output). */
  chunk?: number;
  onProgress?: (fraction: number) => void;
  cancelled?: () => boolean;
}

/** log w = log p(x, z) - log proposal(z) for n draws, in chunks. */
async function logWeights(
  logJoint: LogDensityFn,
  draw: DrawFn,
  n: number,
  seed: number,
  chunk: number,
  cancelled?: () => boolean,
): Promise<Float64Array> {
  const out = new Float64Array(n);
  for (let start = 0; start < n; start += chunk) {
    if (cancelled?.()) throw new Cancelled();
    const size = Math.min(chunk, n - start);
    const { z, logDensity } = await draw(size, seed + start);
    const joint = await logJoint(z, size);
    for (let i = 0; i < size; i++) out[start + i] = joint[i] - logDensity[i];
    // Let other requests in between chunks (a click's decode, "Best q"): these runs take seconds.
    await yieldToEventLoop();
  }
  return out;
}

/** The K-sample estimate log (1/K) sum_k w_k, `repeats` times per K, with its spread and ESS. */
export async function sampledLogLikelihood(
  logJoint: LogDensityFn,
  proposal: DrawFn,
  { Ks, repeats, seed, chunk = 4096, onProgress, cancelled }: EstimatorOptions,
): Promise<EstimatorRun[]> {
  const total = Ks.reduce((s, K) => s + K * repeats, 0);
  let done = 0;
  const runs: EstimatorRun[] = [];
  for (const K of Ks) {
    const estimates: number[] = [];
    const esses: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const logW = await logWeights(logJoint, proposal, K, seed + 7919 * (runs.length * repeats + r), chunk, cancelled);
      estimates.push(logSumExp(logW) - Math.log(K));
      esses.push(effectiveSampleSize(logW));
      done += K;
      onProgress?.(done / total);
    }
    runs.push({ K, estimates, mean: mean(estimates), std: std(estimates), ess: mean(esses) });
  }
  return runs;
}

export interface ElboEstimate {
  elbo: number;
  /** Standard error of the Monte Carlo average. */
  standardError: number;
  draws: number;
  /** Whether the KL part was closed form (then only the reconstruction was averaged). */
  klClosedForm: boolean;
}

/**
 * The ELBO from `draws` samples of q: E_q[log p(x|z)] - KL(q || p(z)) with the
 * KL in closed form when there is one (`logPrior` subtracts p(z) from the
 * joint to leave the reconstruction term), else E_q[log p(x, z) - log q(z|x)].
 */
export async function elboByMonteCarlo(
  logJoint: LogDensityFn,
  q: DrawFn,
  draws: number,
  seed: number,
  closedForm: { kl: number; logPrior: (z: Float32Array, n: number) => Float64Array } | null,
): Promise<ElboEstimate> {
  const { z, logDensity } = await q(draws, seed);
  const joint = await logJoint(z, draws);
  const values = new Float64Array(draws);
  if (closedForm) {
    const prior = closedForm.logPrior(z, draws);
    for (let i = 0; i < draws; i++) values[i] = joint[i] - prior[i];
  } else {
    for (let i = 0; i < draws; i++) values[i] = joint[i] - logDensity[i];
  }
  const elbo = mean(values) - (closedForm?.kl ?? 0);
  return { elbo, standardError: std(values) / Math.sqrt(draws), draws, klClosedForm: closedForm !== null };
}

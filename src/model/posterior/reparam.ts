import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../lib/rng';
import { INPUT_DIM } from '../config';
import { decoderLogits, gaussianHeads, trunk } from '../families/common';
import { familyInfo } from '../familyInfo';
import { FAST_OPS, type LayerOps } from '../layerOps';
import { diagonalGaussianLogDensity, reconstructionNats } from '../losses';
import type { ModelParams } from '../params';
import { priorOf } from '../priors';
import { LOG_2PI } from '../../lib/normal';

/**
 * The reparameterisation trick, measured. For one image x and a diagonal
 * Gaussian q(z | theta) = N(mu, diag exp(logVar)), theta = (mu, logVar), the
 * ELBO as a function of q's 2d parameters is
 *
 *   L(theta) = E_{eps ~ N(0, I)} [ f(z, theta) ],  z = mu + sigma * eps,  sigma = exp(logVar / 2),
 *   f(z, theta) = log p(x | z) + log p(z) - log q(z | theta),
 *
 * and its gradient has two unbiased Monte Carlo estimators from K draws eps_k:
 *
 * - reparameterisation (pathwise): since the noise does not depend on theta,
 *     dL/dtheta = E_eps[ d/dtheta f(mu + sigma * eps, theta) ],
 *   estimated by (1/K) sum_k d/dtheta f(mu + sigma * eps_k, theta), the total derivative
 *   through z (dz/dmu = 1, dz/dlogVar = sigma * eps / 2) taken by tfjs autodiff through the decoder;
 * - score function (REINFORCE, no baseline): writing L = integral q(z|theta) f(z, theta) dz,
 *     dL/dtheta = E_q[ f(z, theta) * grad_theta log q(z | theta) ] + E_q[ grad_theta f(z, theta) |_z fixed ],
 *   and the second term is -E_q[grad_theta log q] = 0, so
 *     dL/dtheta = E_q[ f(z, theta) * grad_theta log q(z | theta) ],
 *   estimated by (1/K) sum_k f(z_k) * grad_theta log q(z_k | theta) with, per dimension,
 *     d log q / d mu_j = eps_j / sigma_j,  d log q / d logVar_j = (eps_j^2 - 1) / 2.
 *
 * Both have expectation dL/dtheta; they differ in variance, and that
 * difference is the trick's reason to exist: the score function multiplies
 * f, a number of the size of the ELBO itself (about -140 nats on MNIST), by
 * a zero-mean noise, while the pathwise gradient only sees how f changes
 * with z. `gradientEstimates` draws both on the same noise, `repeats` times,
 * and reports their means and spreads; `exactElboGradient` gives the answer
 * they should agree on (2-D latents), by quadrature and finite differences.
 */

/** q's parameters: d means and d log-variances. */
export interface GaussianTheta {
  mean: number[];
  logVar: number[];
}

/**
 * count * d draws of N(0, 1), row-major [count, d], by Box-Muller on the
 * seeded generator of lib/rng.ts: the same numbers for the same seed
 * everywhere (browser, worker, Node).
 */
export function standardNormalDraws(count: number, d: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(count * d);
  for (let i = 0; i < out.length; i += 2) {
    const u1 = 1 - rng.next(); // (0, 1]: log(u1) is finite
    const u2 = rng.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** z = mu + sigma * eps for `count` rows of eps [count, d], row-major [count, d]. */
export function reparameterisedDraws(mean: number[], sigma: number[], eps: Float32Array, count: number): Float32Array {
  const d = mean.length;
  if (sigma.length !== d) throw new Error(`mean has ${d} dimensions, sigma ${sigma.length}`);
  if (eps.length < count * d) throw new Error(`${count} draws of dimension ${d} need ${count * d} noise values`);
  const z = new Float32Array(count * d);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < d; j++) z[i * d + j] = mean[j] + sigma[j] * eps[i * d + j];
  }
  return z;
}

/** The encoder's q(z|x) for one image (784 pixels in [0, 1]): its mean and log-variance. */
export async function encoderTheta(params: ModelParams, image: Float32Array): Promise<GaussianTheta> {
  assertGaussian(params);
  const heads = tf.tidy(() => {
    const { zMean, zLogVar } = gaussianHeads(params, trunk(params, tf.tensor2d(image, [1, INPUT_DIM])));
    return [zMean, zLogVar];
  });
  const [mu, logVar] = await Promise.all(heads.map((t) => t.data()));
  tf.dispose(heads);
  return { mean: Array.from(mu), logVar: Array.from(logVar) };
}

/** Mean, spread over repeats and standard error of the mean, per parameter (d for mu, then d for logVar). */
export interface EstimatorSummary {
  mean: number[];
  /** Sample standard deviation over the repeats: the spread of one K-draw estimate. */
  std: number[];
  /** std / sqrt(repeats): the uncertainty of `mean`. */
  standardError: number[];
}

export interface GradientEstimates {
  K: number;
  repeats: number;
  latentDim: number;
  /** Pathwise estimates of dL/dtheta, theta = (mu_1..mu_d, logVar_1..logVar_d). */
  reparameterisation: EstimatorSummary;
  /** Score-function (REINFORCE, no baseline) estimates on the same draws. */
  scoreFunction: EstimatorSummary;
  /** Var(score) / Var(reparameterisation) per parameter. */
  varianceRatio: number[];
  /** The ELBO from all repeats * K draws, mean of f(z_k), with its standard error. */
  elbo: number;
  elboStandardError: number;
}

export interface GradientEstimateOptions {
  /** Draws averaged in one estimate. */
  K: number;
  /** Independent estimates. */
  repeats: number;
  seed: number;
  /** Rows (draws) per forward-backward pass, rounded down to whole repeats (memory: rows x 784 floats). */
  rowsPerPass?: number;
  /** The decoder's layer ops (the gradient path); FAST_OPS by default, PLAIN_OPS for stock tfjs autodiff. */
  ops?: LayerOps;
}

function assertGaussian(params: ModelParams) {
  if (!familyInfo(params.config.kind).diagonalGaussianPosterior)
    throw new Error(
      `the reparameterisation lab needs a diagonal Gaussian q(z|x); this model is a ${params.config.kind}`,
    );
}

function checkTheta(params: ModelParams, theta: GaussianTheta): number {
  const d = params.config.latentDim;
  if (theta.mean.length !== d || theta.logVar.length !== d)
    throw new Error(`theta has ${theta.mean.length} means and ${theta.logVar.length} log-variances for d = ${d}`);
  return d;
}

/** Mean, sample std and standard error of each column of rows [n, m] (float64). */
function summarise(rows: Float64Array, n: number, m: number): EstimatorSummary {
  const mean = new Array<number>(m).fill(0);
  const std = new Array<number>(m).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) mean[j] += rows[i * m + j];
  for (let j = 0; j < m; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) std[j] += (rows[i * m + j] - mean[j]) ** 2;
  for (let j = 0; j < m; j++) std[j] = Math.sqrt(std[j] / Math.max(1, n - 1));
  return { mean, std, standardError: std.map((s) => s / Math.sqrt(n)) };
}

/**
 * `repeats` independent K-draw estimates of dL/dtheta by each estimator, on
 * the same draws. All draws of a pass form one batch: theta is tiled into
 * per-row tensors [rows, d], so a single backward pass of the per-row
 * objective gives every row's own gradient (row n depends on row n of theta
 * only); each repeat averages its K rows. The score-function estimate uses
 * the values f(z_k) of the same forward pass. A pass holds at most
 * `rowsPerPass` draws (whole repeats): all 20,000 draws of K = 10 x 2,000
 * repeats at once would keep several [20000, 784] tensors (63 MB each) alive.
 */
export async function gradientEstimates(
  params: ModelParams,
  image: Float32Array,
  theta: GaussianTheta,
  { K, repeats, seed, rowsPerPass = 4096, ops = FAST_OPS }: GradientEstimateOptions,
): Promise<GradientEstimates> {
  assertGaussian(params);
  const d = checkTheta(params, theta);
  if (!(K >= 1 && repeats >= 2)) throw new Error('need K >= 1 draws and at least 2 repeats');
  const prior = priorOf(params);
  const sigma = theta.logVar.map((lv) => Math.exp(0.5 * lv));
  const eps = standardNormalDraws(repeats * K, d, seed);
  const m = 2 * d;
  const pathwise = new Float64Array(repeats * m);
  const score = new Float64Array(repeats * m);
  let fSum = 0;
  let fSquares = 0;

  const x1 = tf.tensor2d(image, [1, INPUT_DIM]);
  const muRow = tf.tensor2d(theta.mean, [1, d]);
  const logVarRow = tf.tensor2d(theta.logVar, [1, d]);
  const sigmaRow = tf.tensor2d(sigma, [1, d]);
  try {
    const repeatsPerPass = Math.max(1, Math.floor(rowsPerPass / K));
    for (let r0 = 0; r0 < repeats; r0 += repeatsPerPass) {
      const R = Math.min(repeatsPerPass, repeats - r0);
      const rows = R * K;
      const out = tf.tidy(() => {
        const e = tf.tensor2d(eps.subarray(r0 * K * d, (r0 * K + rows) * d), [rows, d]);
        const muRows = tf.tile(muRow, [rows, 1]);
        const logVarRows = tf.tile(logVarRow, [rows, 1]);
        // f per row [rows]: log p(x | z) + log p(z) - log q(z | theta), z = mu + sigma * eps.
        const objective = (mu: tf.Tensor, logVar: tf.Tensor): tf.Tensor1D => {
          const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), e)) as tf.Tensor2D;
          const logLikelihood = tf.neg(reconstructionNats(params.config, decoderLogits(params, z, ops), x1, ops));
          const logQ = diagonalGaussianLogDensity(z, mu as tf.Tensor2D, logVar as tf.Tensor2D);
          return tf.sub(tf.add(logLikelihood, prior.logDensity(z)), logQ) as tf.Tensor1D;
        };
        const { value: f, grads } = tf.valueAndGrads(objective)([muRows, logVarRows]);
        const perRepeat = (t: tf.Tensor) => tf.mean(tf.reshape(t, [R, K, d]), 1) as tf.Tensor2D;
        const gradPathwise = tf.concat([perRepeat(grads[0]), perRepeat(grads[1])], 1);
        // Score: f * d log q / d theta with z held fixed.
        const fColumn = tf.reshape(f, [rows, 1]);
        const scoreMu = tf.mul(fColumn, tf.div(e, sigmaRow));
        const scoreLogVar = tf.mul(fColumn, tf.mul(tf.sub(tf.square(e), 1), 0.5));
        const gradScore = tf.concat([perRepeat(scoreMu), perRepeat(scoreLogVar)], 1);
        return [gradPathwise, gradScore, f];
      });
      const [a, b, f] = await Promise.all(out.map((t) => t.data()));
      tf.dispose(out);
      pathwise.set(a, r0 * m);
      score.set(b, r0 * m);
      for (let i = 0; i < rows; i++) {
        fSum += f[i];
        fSquares += f[i] * f[i];
      }
    }
  } finally {
    tf.dispose([x1, muRow, logVarRow, sigmaRow]);
  }

  const reparameterisation = summarise(pathwise, repeats, m);
  const scoreFunction = summarise(score, repeats, m);
  const draws = repeats * K;
  const elbo = fSum / draws;
  const fVariance = Math.max(0, (fSquares - draws * elbo * elbo) / (draws - 1));
  return {
    K,
    repeats,
    latentDim: d,
    reparameterisation,
    scoreFunction,
    varianceRatio: scoreFunction.std.map((s, j) => (s / reparameterisation.std[j]) ** 2),
    elbo,
    elboStandardError: Math.sqrt(fVariance / draws),
  };
}

export interface ExactElboOptions {
  /** Grid points per axis of q's whitened coordinates u (midpoint rule). */
  n?: number;
  /** The grid covers u in [-halfWidth, halfWidth]^2 (its points within the inscribed disc, see below). */
  halfWidth?: number;
  /**
   * Relative central-difference step h: mu_j moves by h * sigma_j, logVar_j by h (which scales
   * sigma_j by exp(h / 2)), so each step is the same small fraction of q's own width.
   */
  step?: number;
  /** Grid points per decoder call. */
  chunk?: number;
}

export interface ExactElboGradient {
  /** L(theta) by quadrature. */
  elbo: number;
  /** dL/dtheta by central differences: [dmu_1, dmu_2, dlogVar_1, dlogVar_2]. */
  gradient: number[];
  /**
   * The same quadrature differentiated in closed form (the score-function identity, on the grid):
   * dL/dmu_j = sum_u w(u) g(z_u) u_j / sigma_j, dL/dlogVar_j = sum_u w(u) g(z_u) (u_j^2 - 1) / 2 + 1 / 2.
   * A check on `gradient`: they agree to far below any estimator's standard error.
   */
  closedFormGradient: number[];
  n: number;
  step: number;
}

/**
 * The ELBO of a 2-D q and its gradient, computed deterministically by
 * quadrature. The grid is a midpoint grid u over [-8, 8]^2 in the whitened
 * coordinates of q_0 = q(. | theta), the point asked about: z_u = mu + sigma * u,
 * where g(z) = log p(x, z) is evaluated once. For any theta' near theta,
 *   L(theta') = sum_u w_theta'(u) g(z_u) + H(q_theta'),  w_theta'(u) = q_theta'(z_u) / sum_v q_theta'(z_v),
 *   H(q) = sum_j (1 + log 2 pi + logVar_j) / 2,
 * (at theta' = theta, w(u) = phi(u_1) phi(u_2) normalised to sum 1), and the
 * gradient is the central difference (L(theta + delta_i e_i) - L(theta - delta_i e_i)) / (2 delta_i)
 * in each parameter, delta = h * sigma_j for mu_j and h for logVar_j. The
 * points stay where they are and only the weights move, so L(theta') is an
 * analytic function of theta' and the differences are clean (no decoder
 * call beyond the first pass; rounding in g cancels exactly).
 *
 * Why the grid stays put rather than moving with theta' (z = mu' + sigma' u):
 * the decoder is a ReLU network, so g has kinks along curves of the latent
 * plane. On a moving grid, dL/dtheta is a grid sum of grad g, which jumps at
 * those curves: a midpoint rule of a discontinuous integrand, O(du) accurate.
 * On the fixed grid it is a grid sum of g times the derivative of q's density,
 * continuous with kinks only: O(du^2). Measured on the shipped vae-2d, digit 0
 * (sigma = 0.08, 0.037), the moving grid's mu_1 gradient went 11.18, 11.00,
 * 11.08 at n = 161, 241, 321 and 11.23 / 11.18 / 11.08 / 11.05 at h = 0.003 /
 * 0.01 / 0.03 / 0.1: scatter of 0.2, against a standard error of 0.05 of the
 * pathwise estimator at K = 10 and 2,000 repeats. On the fixed grid the same
 * gradients at n = 81, 121, 161, 241, 321, 481 and 641 agree to 0.002 on mu
 * and 1e-4 on logVar (digits 0, 7, 43; n = 161 against n = 641), h = 0.001
 * and h = 0.01 agree to 1e-5 and match `closedFormGradient`: the default
 * n = 161, h = 0.01 is accurate to at least 20 times below the estimators'
 * smallest standard errors there (0.05 on mu, 0.004 on logVar). The corners
 * of the grid, |u| > 8, are left out: their weights are below e^-32 of the
 * centre's.
 */
export async function exactElboGradient(
  params: ModelParams,
  image: Float32Array,
  theta: GaussianTheta,
  { n = 161, halfWidth = 8, step = 0.01, chunk = 8192 }: ExactElboOptions = {},
): Promise<ExactElboGradient> {
  assertGaussian(params);
  const d = checkTheta(params, theta);
  if (d !== 2) throw new Error(`the exact ELBO gradient is computed on a grid for d = 2 only, not d = ${d}`);
  const prior = priorOf(params);
  const sigma = theta.logVar.map((lv) => Math.exp(0.5 * lv));
  const du = (2 * halfWidth) / n;
  const axis = Float64Array.from({ length: n }, (_, i) => -halfWidth + (i + 0.5) * du);
  const coordinates: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (axis[i] * axis[i] + axis[j] * axis[j] <= halfWidth * halfWidth) coordinates.push(axis[i], axis[j]);
    }
  }
  const points = coordinates.length / 2;
  const z = Float64Array.from(coordinates, (u, k) => theta.mean[k % 2] + sigma[k % 2] * u);

  // g(z_u) = log p(x | z_u) + log p(z_u), once.
  const g = new Float64Array(points);
  const x1 = tf.tensor2d(image, [1, INPUT_DIM]);
  const z32 = Float32Array.from(z);
  try {
    for (let start = 0; start < points; start += chunk) {
      const size = Math.min(chunk, points - start);
      const values = tf.tidy(() => {
        const zs = tf.tensor2d(z32.subarray(2 * start, 2 * (start + size)), [size, 2]);
        return tf.sub(prior.logDensity(zs), reconstructionNats(params.config, decoderLogits(params, zs), x1));
      });
      g.set(await values.data(), start);
      values.dispose();
    }
  } finally {
    x1.dispose();
  }

  // L(theta') on the fixed points: self-normalised weights q_theta'(z_u), in float64. The points are
  // taken at the float32 values the decoder saw, so the weights belong to exactly those points.
  const logQ = new Float64Array(points);
  const elboAt = (t: GaussianTheta): number => {
    const s = t.logVar.map((lv) => Math.exp(0.5 * lv));
    let max = -Infinity;
    for (let k = 0; k < points; k++) {
      const a = (z32[2 * k] - t.mean[0]) / s[0];
      const b = (z32[2 * k + 1] - t.mean[1]) / s[1];
      logQ[k] = -0.5 * (a * a + b * b);
      if (logQ[k] > max) max = logQ[k];
    }
    let total = 0;
    let weighted = 0;
    for (let k = 0; k < points; k++) {
      const w = Math.exp(logQ[k] - max);
      total += w;
      weighted += w * g[k];
    }
    const entropy = t.logVar.reduce((sum, lv) => sum + 0.5 * (1 + LOG_2PI + lv), 0);
    return weighted / total + entropy;
  };

  const elbo = elboAt(theta);
  const gradient: number[] = [];
  for (let p = 0; p < 4; p++) {
    const delta = p < 2 ? step * sigma[p] : step;
    const shifted = (sign: number): GaussianTheta => {
      const mean = [...theta.mean];
      const logVar = [...theta.logVar];
      if (p < 2) mean[p] += sign * delta;
      else logVar[p - 2] += sign * delta;
      return { mean, logVar };
    };
    gradient.push((elboAt(shifted(1)) - elboAt(shifted(-1))) / (2 * delta));
  }

  // The closed form of the same sums (self-normalised: g centred on its weighted mean, elbo - H).
  const centre = elbo - theta.logVar.reduce((sum, lv) => sum + 0.5 * (1 + LOG_2PI + lv), 0);
  elboAt(theta); // leaves theta's log-weights in logQ
  const closed = [0, 0, 0, 0];
  let total = 0;
  for (let k = 0; k < points; k++) {
    const w = Math.exp(logQ[k]);
    const a = (z32[2 * k] - theta.mean[0]) / sigma[0];
    const b = (z32[2 * k + 1] - theta.mean[1]) / sigma[1];
    const c = g[k] - centre;
    total += w;
    closed[0] += w * c * (a / sigma[0]);
    closed[1] += w * c * (b / sigma[1]);
    closed[2] += w * c * ((a * a - 1) / 2);
    closed[3] += w * c * ((b * b - 1) / 2);
  }
  const closedFormGradient = closed.map((v, p) => v / total + (p < 2 ? 0 : 0.5));
  return { elbo, gradient, closedFormGradient, n, step };
}

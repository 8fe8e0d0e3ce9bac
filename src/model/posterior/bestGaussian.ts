import { LOG_2PI, type Cells, type Gaussian2 } from './numerics';

/**
 * The best Gaussian q for one image: gradient ascent on the ELBO
 *   F(q) = E_q[log p(x, z) - log q(z)] = log p(x) - KL(q || p(z|x)),
 * with the expectation taken on the posterior's quadrature cells (where
 * log p(x, z) is already known: no decoder passes), self-normalised over
 * the cells. The Gaussian is N(mu, L L^T) with L = [[e^a, 0], [b, e^c]];
 * the diagonal family fixes b = 0. Gradient (w_c the normalised q-masses,
 * s_c the score d log q(z_c) / d theta, g_c = log p(x, z_c) - log q(z_c)):
 *   dF/dtheta = Cov_w(s, g) - E_w[s].
 */

export type GaussianFamily = 'diagonal' | 'full';

interface Params {
  mx: number;
  my: number;
  a: number;
  b: number;
  c: number;
}

function toParams(g: Gaussian2, family: GaussianFamily): Params {
  const [sxx, sxy, syy] = g.cov;
  if (family === 'diagonal')
    return { mx: g.mean[0], my: g.mean[1], a: 0.5 * Math.log(sxx), b: 0, c: 0.5 * Math.log(syy) };
  // Cholesky of the covariance.
  const l11 = Math.sqrt(sxx);
  const l21 = sxy / l11;
  const l22 = Math.sqrt(Math.max(1e-12, syy - l21 * l21));
  return { mx: g.mean[0], my: g.mean[1], a: Math.log(l11), b: l21, c: Math.log(l22) };
}

export function paramsToGaussian(p: Params): Gaussian2 {
  const l11 = Math.exp(p.a);
  const l22 = Math.exp(p.c);
  return { mean: [p.mx, p.my], cov: [l11 * l11, l11 * p.b, p.b * p.b + l22 * l22] };
}

/** F(q) and its gradient [mx, my, a, b, c] on the cells. */
function objective(cells: Cells, p: Params): { value: number; grad: number[] } {
  const n = cells.logF.length;
  const ea = Math.exp(-p.a);
  const ec = Math.exp(-p.c);
  const logQ = new Float64Array(n);
  const scores = new Float64Array(n * 5);
  let maxLog = -Infinity;
  for (let i = 0; i < n; i++) {
    const r1 = cells.z[2 * i] - p.mx;
    const r2 = cells.z[2 * i + 1] - p.my;
    const u1 = r1 * ea;
    const u2 = (r2 - p.b * u1) * ec;
    logQ[i] = -LOG_2PI - p.a - p.c - 0.5 * (u1 * u1 + u2 * u2);
    const s = scores.subarray(5 * i, 5 * i + 5);
    s[0] = u1 * ea - u2 * p.b * ea * ec;
    s[1] = u2 * ec;
    s[2] = -1 + u1 * u1 - u2 * p.b * u1 * ec;
    s[3] = u1 * u2 * ec;
    s[4] = -1 + u2 * u2;
    const logMass = logQ[i] + Math.log(cells.area[i]);
    if (logMass > maxLog) maxLog = logMass;
  }
  const w = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    w[i] = Math.exp(logQ[i] + Math.log(cells.area[i]) - maxLog);
    total += w[i];
  }
  let value = 0;
  const meanScore = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    w[i] /= total;
    if (w[i] === 0) continue;
    const g = cells.logF[i] - logQ[i];
    value += w[i] * g;
    for (let k = 0; k < 5; k++) meanScore[k] += w[i] * scores[5 * i + k];
  }
  const grad = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    if (w[i] === 0) continue;
    const g = cells.logF[i] - logQ[i] - value;
    for (let k = 0; k < 5; k++) grad[k] += w[i] * (scores[5 * i + k] - meanScore[k]) * g;
  }
  for (let k = 0; k < 5; k++) grad[k] -= meanScore[k];
  return { value, grad };
}

export interface BestGaussianResult {
  family: GaussianFamily;
  q: Gaussian2;
  /** The ELBO of q, on the cells. */
  elbo: number;
  /** Intermediate q's, for an animation on the map. */
  path: Gaussian2[];
}

/**
 * Adam on F from each start; the best end wins. Steps are scaled to the
 * start's spread, so the same settings serve a posterior 0.05 or 2 wide.
 */
export function bestGaussian(
  cells: Cells,
  family: GaussianFamily,
  starts: Gaussian2[],
  iterations = 400,
  onStep?: (path: Gaussian2[]) => void,
): BestGaussianResult {
  let best: BestGaussianResult | null = null;
  for (const start of starts) {
    let p = toParams(start, family);
    const scale = Math.sqrt(Math.min(start.cov[0], start.cov[2]));
    const lr = [0.1 * scale, 0.1 * scale, 0.05, 0.05 * scale, 0.05];
    const m = [0, 0, 0, 0, 0];
    const v = [0, 0, 0, 0, 0];
    const path: Gaussian2[] = [paramsToGaussian(p)];
    let checkpoint = -Infinity;
    for (let t = 1; t <= iterations; t++) {
      const out = objective(cells, p);
      // Converged: F moved less than a micro-nat over the last 20 steps.
      if (t % 20 === 0) {
        if (Math.abs(out.value - checkpoint) < 1e-6) break;
        checkpoint = out.value;
      }
      const keys: Array<keyof Params> = ['mx', 'my', 'a', 'b', 'c'];
      const next = { ...p };
      keys.forEach((key, k) => {
        if (family === 'diagonal' && key === 'b') return;
        const g = out.grad[k];
        m[k] = 0.9 * m[k] + 0.1 * g;
        v[k] = 0.999 * v[k] + 0.001 * g * g;
        const mHat = m[k] / (1 - 0.9 ** t);
        const vHat = v[k] / (1 - 0.999 ** t);
        next[key] += (lr[k] * mHat) / (Math.sqrt(vHat) + 1e-12);
      });
      p = next;
      if (t % 20 === 0) {
        path.push(paramsToGaussian(p));
        onStep?.(path);
      }
    }
    const value = objective(cells, p).value;
    if (!best || value > best.elbo) best = { family, q: paramsToGaussian(p), elbo: value, path };
  }
  if (!best) throw new Error('bestGaussian needs a start');
  return best;
}

import { LOG_2PI, type Cells, type Gaussian2 } from './numerics';

/**
 * The best Gaussian q for one image: gradient ascent on the ELBO
 *   F(q) = E_q[log p(x, z)] + H(q) = log p(x) - KL(q || p(z|x)),
 * with the expectation taken on the posterior's quadrature cells (where
 * log p(x, z) is already known: no decoder passes), self-normalised over
 * the cells, and the entropy in closed form, H(q) = 1 + log 2 pi + log |L|.
 * The Gaussian is N(mu, L L^T) with L = [[e^a, 0], [b, e^c]]; the diagonal
 * family fixes b = 0. Gradient (w_c the normalised q-masses, s_c the score
 * d log q(z_c) / d theta, f_c = log p(x, z_c)):
 *   dF/dtheta = Cov_w(s, f) + dH/dtheta,  dH/da = dH/dc = 1.
 * (Taking E_q[-log q] on the cells too would let a q narrower than a cell
 * sit on one cell centre, where -log q grows without bound as q shrinks: the
 * fit ran off to 1e36 nats on 6 of 100 digits of vae-2d.)
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

/** The cells as the objective reads them: centres, log areas and log p(x, z), in flat arrays. */
interface PreparedCells {
  n: number;
  x: Float64Array;
  y: Float64Array;
  logArea: Float64Array;
  logF: Float64Array;
  /** Scratch: log q-mass per cell. */
  logMass: Float64Array;
}

/**
 * The cells within `window` nats of the densest (all of them with Infinity):
 * far cells carry no posterior mass, and a q worth having puts none there.
 */
function prepare(cells: Cells, window = Infinity): PreparedCells {
  let max = -Infinity;
  for (const v of cells.logF) if (v > max) max = v;
  const keep: number[] = [];
  for (let i = 0; i < cells.logF.length; i++) if (cells.logF[i] >= max - window) keep.push(i);
  const n = keep.length;
  const out: PreparedCells = {
    n,
    x: new Float64Array(n),
    y: new Float64Array(n),
    logArea: new Float64Array(n),
    logF: new Float64Array(n),
    logMass: new Float64Array(n),
  };
  keep.forEach((i, k) => {
    out.x[k] = cells.z[2 * i];
    out.y[k] = cells.z[2 * i + 1];
    out.logArea[k] = Math.log(cells.area[i]);
    out.logF[k] = cells.logF[i];
  });
  return out;
}

/**
 * F(q) and its gradient [mx, my, a, b, c] on the cells, in two passes and
 * no allocation: the q-masses' maximum, then the weighted sums that
 * Cov_w(s, f) = E_w[s f] - E_w[s] E_w[f] needs (the scores s computed on the fly).
 */
function objective(cells: PreparedCells, p: Params): { value: number; grad: number[] } {
  const { n, x, y, logArea, logF, logMass } = cells;
  const ea = Math.exp(-p.a);
  const ec = Math.exp(-p.c);
  const norm = -LOG_2PI - p.a - p.c;
  let maxLog = -Infinity;
  for (let i = 0; i < n; i++) {
    const u1 = (x[i] - p.mx) * ea;
    const u2 = (y[i] - p.my - p.b * u1) * ec;
    const m = norm - 0.5 * (u1 * u1 + u2 * u2) + logArea[i];
    logMass[i] = m;
    if (m > maxLog) maxLog = m;
  }
  let W = 0;
  let Wf = 0;
  const Ws = [0, 0, 0, 0, 0];
  const Wsf = [0, 0, 0, 0, 0];
  const s = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const w = Math.exp(logMass[i] - maxLog);
    if (w === 0) continue;
    const u1 = (x[i] - p.mx) * ea;
    const u2 = (y[i] - p.my - p.b * u1) * ec;
    s[0] = u1 * ea - u2 * p.b * ea * ec;
    s[1] = u2 * ec;
    s[2] = -1 + u1 * u1 - u2 * p.b * u1 * ec;
    s[3] = u1 * u2 * ec;
    s[4] = -1 + u2 * u2;
    const f = logF[i];
    W += w;
    Wf += w * f;
    for (let k = 0; k < 5; k++) {
      Ws[k] += w * s[k];
      Wsf[k] += w * s[k] * f;
    }
  }
  const expectedLogJoint = Wf / W;
  const grad = [0, 0, 1, 0, 1];
  for (let k = 0; k < 5; k++) grad[k] += Wsf[k] / W - (Ws[k] / W) * expectedLogJoint;
  const entropy = 1 + LOG_2PI + p.a + p.c;
  return { value: expectedLogJoint + entropy, grad };
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
  // The ascent runs on the cells that matter; each end is valued on all of them.
  const near = prepare(cells, 25);
  const all = prepare(cells);
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
      const out = objective(near, p);
      // Converged: F moved less than a micro-nat over the last 20 steps.
      if (t % 20 === 0) {
        if (Math.abs(out.value - checkpoint) < 1e-5) break;
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
    const value = objective(all, p).value;
    if (!best || value > best.elbo) best = { family, q: paramsToGaussian(p), elbo: value, path };
  }
  if (!best) throw new Error('bestGaussian needs a start');
  return best;
}

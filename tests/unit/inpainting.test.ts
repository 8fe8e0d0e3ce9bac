import { describe, expect, it } from 'vitest';
import {
  complete,
  drawFromCells,
  halfMask,
  hiddenBySampling,
  hiddenDisplay,
  hiddenQuadrature,
  klPosteriorToEncoder,
  maskedImage,
  type MaskedPartsFn,
  type MaskedQs,
} from '../../src/model/posterior/inpainting';
import { cellMoments, gaussianLogDensity, type Gaussian2 } from '../../src/model/posterior/numerics';
import { createRng } from '../../src/lib/rng';
import { CORRELATED_PPCA, PPCA_X, SHARP_PPCA, ppcaLogEvidence, ppcaPosterior, type Ppca } from './ppca';

/**
 * Probabilistic PCA with some of x hidden: every figure of the hidden half
 * is Gaussian in closed form, so the quadrature's can be checked to 1e-3.
 *   p(z | x_v): the PPCA posterior of the visible rows alone;
 *   log p(x_h | x_v) = log p(x) - log p(x_v);
 *   log of E_{N(m, S)}[p(x_h | z)] = log N(x_h; W_h m + b_h, W_h S W_h^T + s^2 I), a PPCA with W_h L, L L^T = S.
 */
const LOG_2PI = Math.log(2 * Math.PI);
const HIDDEN = [0, 0, 0, 1, 1, 1];

function rows(model: Ppca, keep: number[]): Ppca {
  return { W: keep.map((i) => model.W[i]), b: keep.map((i) => model.b[i]), s: model.s };
}
const visibleRows = HIDDEN.flatMap((h, i) => (h ? [] : [i]));
const hiddenRows = HIDDEN.flatMap((h, i) => (h ? [i] : []));

function ppcaParts(model: Ppca, x: number[], hidden: number[]): MaskedPartsFn {
  return async (z, n) => {
    const visible = new Float64Array(n);
    const hid = new Float64Array(n);
    const logPrior = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const z0 = z[2 * k];
      const z1 = z[2 * k + 1];
      for (let i = 0; i < x.length; i++) {
        const r = x[i] - (model.W[i][0] * z0 + model.W[i][1] * z1 + model.b[i]);
        const term = (-0.5 * r * r) / (model.s * model.s) - Math.log(model.s) - 0.5 * LOG_2PI;
        if (hidden[i]) hid[k] += term;
        else visible[k] += term;
      }
      logPrior[k] = -0.5 * (z0 * z0 + z1 * z1) - LOG_2PI;
    }
    return { visible, hidden: hid, logPrior };
  };
}

function gaussianQ(g: Gaussian2): MaskedQs['encoder'] {
  return {
    q: { mean: [...g.mean], spread: [Math.sqrt(g.cov[0]), Math.sqrt(g.cov[2])], gaussian: g },
    logQ: async (z, n) => Float64Array.from({ length: n }, (_, k) => gaussianLogDensity(g, z[2 * k], z[2 * k + 1])),
  };
}

/** log of E over N(m, S) of p(x_h | z), in closed form. */
function hiddenUnder(model: Ppca, x: number[], g: Gaussian2): number {
  const [a, b, c] = g.cov;
  const l00 = Math.sqrt(a);
  const l10 = b / l00;
  const l11 = Math.sqrt(c - l10 * l10);
  const h = rows(model, hiddenRows);
  const shifted: Ppca = {
    W: h.W.map(([w0, w1]) => [w0 * l00 + w1 * l10, w1 * l11]),
    b: h.W.map(([w0, w1], i) => h.b[i] + w0 * g.mean[0] + w1 * g.mean[1]),
    s: model.s,
  };
  return ppcaLogEvidence(
    shifted,
    hiddenRows.map((i) => x[i]),
  );
}

function normalDraws(g: Gaussian2 | null, n: number, seed: number) {
  const rng = createRng(seed);
  const z = new Float32Array(2 * n);
  const logDensity = new Float64Array(n);
  const std: Gaussian2 = { mean: [0, 0], cov: [1, 0, 1] };
  const G = g ?? std;
  const [a, b, c] = G.cov;
  const l00 = Math.sqrt(a);
  const l10 = b / l00;
  const l11 = Math.sqrt(c - l10 * l10);
  for (let k = 0; k < n; k++) {
    const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const t = 2 * Math.PI * rng.next();
    const u0 = r * Math.cos(t);
    const u1 = r * Math.sin(t);
    z[2 * k] = G.mean[0] + l00 * u0;
    z[2 * k + 1] = G.mean[1] + l10 * u0 + l11 * u1;
    logDensity[k] = gaussianLogDensity(G, z[2 * k], z[2 * k + 1]);
  }
  return { z, logDensity };
}

describe.each([
  ['correlated PPCA', CORRELATED_PPCA],
  ['sharp PPCA', SHARP_PPCA],
])('the hidden half on %s', (_, model) => {
  const x = PPCA_X;
  const visiblePosterior = ppcaPosterior(
    rows(model, visibleRows),
    visibleRows.map((i) => x[i]),
  );
  const wholePosterior = ppcaPosterior(model, x);
  // An encoder that misses: the visible posterior, moved by half its spread and widened.
  const encoder: Gaussian2 = {
    mean: [
      visiblePosterior.mean[0] + 0.5 * Math.sqrt(visiblePosterior.cov[0]),
      visiblePosterior.mean[1] - 0.5 * Math.sqrt(visiblePosterior.cov[2]),
    ],
    cov: [visiblePosterior.cov[0] * 1.5, 0, visiblePosterior.cov[2] * 1.5],
  };
  const qs: MaskedQs = { encoder: gaussianQ(encoder), whole: gaussianQ(wholePosterior) };

  it('matches p(z | x_v) and log p(x_h | x_v) three ways in closed form within 1e-3', async () => {
    const [result] = await hiddenQuadrature(ppcaParts(model, x, HIDDEN), [qs], [-8, 8, -8, 8], [3]);
    const { figures } = result;
    const logPx = ppcaLogEvidence(model, x);
    const logPxVisible = ppcaLogEvidence(
      rows(model, visibleRows),
      visibleRows.map((i) => x[i]),
    );
    expect(figures.converged).toBe(true);
    expect(Math.abs(figures.logPx - logPx)).toBeLessThan(1e-3);
    expect(Math.abs(figures.logPxVisible - logPxVisible)).toBeLessThan(1e-3);
    expect(Math.abs(figures.exact - (logPx - logPxVisible))).toBeLessThan(1e-3);
    expect(Math.abs(figures.encoder - hiddenUnder(model, x, encoder))).toBeLessThan(1e-3);
    expect(Math.abs(figures.prior - hiddenUnder(model, x, { mean: [0, 0], cov: [1, 0, 1] }))).toBeLessThan(1e-3);
    // The visible posterior's moments on the cells.
    const m = cellMoments(result.visibleCells);
    for (let k = 0; k < 2; k++) expect(Math.abs(m.mean[k] - visiblePosterior.mean[k])).toBeLessThan(1e-3);
    for (let k = 0; k < 3; k++) expect(Math.abs(m.cov[k] - visiblePosterior.cov[k])).toBeLessThan(1e-3);
    // KL(p(z | x_v) || q~) between two Gaussians.
    const [a, b, c] = visiblePosterior.cov;
    const [ea, , ec] = encoder.cov;
    const dx = visiblePosterior.mean[0] - encoder.mean[0];
    const dy = visiblePosterior.mean[1] - encoder.mean[1];
    const klExact =
      0.5 * (a / ea + c / ec + (dx * dx) / ea + (dy * dy) / ec - 2 + Math.log((ea * ec) / (a * c - b * b)));
    const kl = await klPosteriorToEncoder(result.visibleCells, qs.encoder.logQ);
    expect(Math.abs(kl - klExact)).toBeLessThan(1e-3);
    // Draws from the cells follow p(z | x_v).
    const draws = drawFromCells(result.visibleCells, 40_000, 7);
    const meanOf = (k: number) => draws.filter((_, i) => i % 2 === k).reduce((s, v) => s + v, 0) / 40_000;
    for (let k = 0; k < 2; k++) {
      expect(Math.abs(meanOf(k) - visiblePosterior.mean[k])).toBeLessThan(
        4 * Math.sqrt(visiblePosterior.cov[2 * k] / 40_000) + 1e-3,
      );
    }
    // The display: both posteriors integrate to one over its box.
    const display = await hiddenDisplay(ppcaParts(model, x, HIDDEN), figures, [-4, 4, -4, 4], 201, qs.encoder);
    const cell = (8 / 201) ** 2;
    const mass = (values: Float32Array) => values.reduce((s, v) => s + Math.exp(v), 0) * cell;
    expect(Math.abs(mass(display.visible.logDensity) - 1)).toBeLessThan(2e-3);
    expect(Math.abs(mass(display.whole.logDensity) - 1)).toBeLessThan(2e-3);
    expect(display.visible.levels).toHaveLength(3);
  });

  it('importance sampling with a defensive mixture lands near the exact figures (approximate)', async () => {
    const parts = ppcaParts(model, x, HIDDEN);
    const logPx = ppcaLogEvidence(model, x);
    const logPxVisible = ppcaLogEvidence(
      rows(model, visibleRows),
      visibleRows.map((i) => x[i]),
    );
    const prior = (z: Float32Array, n: number) =>
      Float64Array.from({ length: n }, (_, k) => -0.5 * (z[2 * k] ** 2 + z[2 * k + 1] ** 2) - LOG_2PI);
    // Eight runs with fresh draws: their mean within three standard errors of the exact figures (plus the
    // Jensen bias of a log of a mean, of order var / 2K), each run's spread bounded.
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, r) =>
        hiddenBySampling(
          parts,
          2,
          normalDraws(encoder, 10_000, 10 * r + 1),
          normalDraws(null, 10_000, 10 * r + 2),
          qs.encoder.logQ,
          prior,
          3,
          16,
          r,
        ),
      ),
    );
    // The importance-sampled figure's runs agree within 0.2 nat (measured: 0.005 and 0.10 on the two PPCAs);
    // the encoder's is plain Monte Carlo of a peaked p(x_h | z) (0.015 and 0.33): only its mean is checked.
    const check = (values: number[], exact: number, spread = Infinity) => {
      const m = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
      expect(sd).toBeLessThan(spread);
      expect(Math.abs(m - exact)).toBeLessThan((3 * sd) / Math.sqrt(values.length) + 0.01);
    };
    check(
      runs.map((r) => r.figures.exact),
      logPx - logPxVisible,
      0.2,
    );
    check(
      runs.map((r) => r.figures.encoder),
      hiddenUnder(model, x, encoder),
    );
    const run = runs[0];
    expect(run.draws).toBe(20_000);
    expect(run.ess).toBeGreaterThan(100);
    expect(run.completions).toHaveLength(32);
  });
});

describe('masks and completions', () => {
  it('hides exactly the named half', () => {
    const bottom = halfMask('bottom');
    expect(bottom.reduce((s, v) => s + v, 0)).toBe(392);
    expect(bottom[0]).toBe(0);
    expect(bottom[14 * 28]).toBe(1);
    const right = halfMask('right');
    expect(right[13]).toBe(0);
    expect(right[14]).toBe(1);
    for (const kind of ['top', 'left'] as const) {
      const mask = halfMask(kind);
      const other = halfMask(kind === 'top' ? 'bottom' : 'right');
      expect(mask.every((v, i) => v + other[i] === 1)).toBe(true);
    }
  });

  it('keeps the visible pixels and fills the hidden ones from the decoder', () => {
    const image = Float32Array.from({ length: 784 }, (_, i) => (i % 7) / 7);
    const hidden = halfMask('top');
    const decoded = new Float32Array(2 * 784).fill(0.5);
    const out = complete(image, hidden, decoded, 2);
    expect(out[0]).toBe(0.5);
    expect(out[784 + 20 * 28 + 3]).toBe(image[20 * 28 + 3]);
    expect(maskedImage(image, hidden)[1]).toBe(0);
    expect(maskedImage(image, hidden)[20 * 28 + 3]).toBe(image[20 * 28 + 3]);
  });
});

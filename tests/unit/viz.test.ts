import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/lib/interpolate';
import { normalQuantile } from '../../src/lib/normal';
import { pcaBasis } from '../../src/lib/pca';
import { followDomain } from '../../src/viz/latentMap';
import { chooseLabelBox, overlaps } from '../../src/viz/labels';
import { covarianceEllipse } from '../../src/viz/mapLayers';
import { digitNear, hoverIndex, mapKeyAction } from '../../src/viz/mapInteraction';
import { project, projectPoint, unproject } from '../../src/viz/projection';
import { rasterizePosteriors } from '../../src/viz/rasterize';

describe('projections', () => {
  const means = Float32Array.from([1, 2, 3, -1, 0, 4, 2, 2, -2]);

  it('plots two chosen dimensions, with their sigmas, and puts a click back into a full latent vector', () => {
    const logVars = Float32Array.from([0, Math.log(4), 0, 0, 0, 0, 0, 0, 0]);
    const p = project(means, logVars, 3, 3, { mode: 'dims', dims: [1, 2] }, null);
    expect(Array.from(p.xs)).toEqual([2, 0, 2]);
    expect(Array.from(p.ys)).toEqual([3, 4, -2]);
    expect(p.sigmaX?.[0]).toBeCloseTo(2, 6);
    const z = unproject(0.5, -0.5, [9, 9, 9], { mode: 'dims', dims: [1, 2] }, null);
    expect(Array.from(z)).toEqual([9, 0.5, -0.5]);
    expect(projectPoint(z, { mode: 'dims', dims: [1, 2] }, null)).toEqual([0.5, -0.5]);
  });

  it('unprojects a PCA view so that projecting back gives the clicked point, keeping the rest of the base', () => {
    const data = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 3)));
    const basis = pcaBasis(data, 100, 3);
    const base = [0.3, -0.2, 0.1];
    const z = unproject(1.25, -0.75, base, { mode: 'pca' }, basis);
    const [u, v] = projectPoint(z, { mode: 'pca' }, basis);
    expect(u).toBeCloseTo(1.25, 5);
    expect(v).toBeCloseTo(-0.75, 5);
    // The two axes are orthonormal.
    const dot = basis.axes[0].reduce((s, a, i) => s + a * basis.axes[1][i], 0);
    expect(Math.abs(dot)).toBeLessThan(1e-6);
  });
});

describe('the standard normal quantile', () => {
  it('inverts the CDF at known points', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(0)).toBe(-Infinity);
  });
});

describe('interpolation', () => {
  it('goes straight from a to b, or along the great circle keeping the norm', () => {
    const line = interpolate([0, 0], [2, 4], 3, 'linear');
    expect(line).toEqual([
      [0, 0],
      [1, 2],
      [2, 4],
    ]);
    const arc = interpolate([2, 0], [0, 2], 5, 'spherical');
    for (const p of arc) expect(Math.hypot(...p)).toBeCloseTo(2, 6);
    expect(arc[4][1]).toBeCloseTo(2, 6);
  });
});

describe('the map', () => {
  it('draws a covariance as an ellipse: axis-aligned when uncorrelated, tilted 45° for equal variances and a positive covariance', () => {
    expect(covarianceEllipse([4, 0, 1])).toEqual({ rx: 2, ry: 1, angle: 0 });
    expect(covarianceEllipse([1, 0, 4]).angle).toBeCloseTo(Math.PI / 2, 8);
    const tilted = covarianceEllipse([2, 1, 2]);
    expect(tilted.rx).toBeCloseTo(Math.sqrt(3), 8);
    expect(tilted.ry).toBeCloseTo(1, 8);
    expect(tilted.angle).toBeCloseTo(Math.PI / 4, 8);
  });

  it('finds the nearest visible digit under the pointer, skipping hidden classes', () => {
    const points = {
      count: 3,
      xs: Float32Array.from([0, 1, 1.05]),
      ys: Float32Array.from([0, 1, 1]),
      sigmaX: null,
      sigmaY: null,
      rho: null,
    };
    const labels = Uint8Array.from([3, 5, 7]);
    expect(digitNear(hoverIndex(points, labels, new Set()), 1.04, 1, 0.2)).toBe(2);
    expect(digitNear(hoverIndex(points, labels, new Set([7])), 1.04, 1, 0.2)).toBe(1);
    expect(digitNear(hoverIndex(points, labels, new Set()), 5, 5, 0.2)).toBeNull();
  });

  it('maps keys to moves (Shift: further), decoding and zoom', () => {
    expect(mapKeyAction('ArrowLeft', false)).toEqual({ type: 'move', dx: -8, dy: 0 });
    expect(mapKeyAction('ArrowDown', true)).toEqual({ type: 'move', dx: 0, dy: 30 });
    expect(mapKeyAction('Enter', false)).toEqual({ type: 'select' });
    expect(mapKeyAction('+', false)).toEqual({ type: 'zoom', factor: 1.4 });
    expect(mapKeyAction('q', false)).toBeNull();
  });

  it('rasterises a mean as a coloured square and its ellipse as an outline, on white', () => {
    const w = 40;
    const pixels = new Uint8ClampedArray(w * w * 4);
    rasterizePosteriors(
      pixels,
      w,
      w,
      Float32Array.from([0]),
      Float32Array.from([0]),
      Float32Array.from([1]),
      Float32Array.from([1]),
      null,
      Uint8Array.from([0]),
      1,
      { ax: 10, bx: 20, ay: -10, by: 20 },
      { colors: [[255, 0, 0]], hidden: new Set(), sigmaScale: 1, ellipseAlpha: 1, pointAlpha: 1, pointSize: 3 },
    );
    const at = (x: number, y: number) => Array.from(pixels.subarray(4 * (y * w + x), 4 * (y * w + x) + 3));
    expect(at(20, 20)).toEqual([255, 0, 0]); // the mean
    expect(at(30, 20)).toEqual([255, 0, 0]); // on the 1-sigma outline, 10 px out
    expect(at(25, 20)).toEqual([255, 255, 255]); // inside: white
    expect(at(0, 0)).toEqual([255, 255, 255]);
  });

  it('tilts the ellipse of a correlated posterior, up and to the right for rho > 0 (screen y points down)', () => {
    const w = 40;
    const pixels = new Uint8ClampedArray(w * w * 4);
    const one = Float32Array.from([1]);
    rasterizePosteriors(
      pixels,
      w,
      w,
      Float32Array.from([0]),
      Float32Array.from([0]),
      one,
      one,
      Float32Array.from([0.9]),
      Uint8Array.from([0]),
      1,
      { ax: 10, bx: 20, ay: -10, by: 20 },
      { colors: [[255, 0, 0]], hidden: new Set(), sigmaScale: 1, ellipseAlpha: 1, pointAlpha: 1, pointSize: 1 },
    );
    const at = (x: number, y: number) => Array.from(pixels.subarray(4 * (y * w + x), 4 * (y * w + x) + 3));
    // Sigma = [[1, 0.9], [0.9, 1]]: the major axis along (1, 1), sqrt(1.9) = 1.38 sigma long, ends at
    // latent (0.975, 0.975), pixel (30, 10); the minor axis along (1, -1), sqrt(0.1) long, at pixel (22, 22).
    // The outline is sampled about once per pixel of its length: a mark within a pixel of each end.
    const near = (x: number, y: number) =>
      [-1, 0, 1].some((dx) => [-1, 0, 1].some((dy) => at(x + dx, y + dy).join() === '255,0,0'));
    expect(near(30, 10)).toBe(true);
    expect(near(22, 22)).toBe(true);
    expect(near(10, 30)).toBe(true);
    // Where an axis-aligned ellipse would be, and the mirrored tilt: white.
    expect(at(30, 20)).toEqual([255, 255, 255]);
    expect(at(30, 30)).toEqual([255, 255, 255]);
  });

  it('projects a packed covariance to the plotted pair: sigmas and their correlation', () => {
    // d = 3, Sigma = [[4, ., .], [1, 1, .], [-1.5, 0, 9]] packed row by row: 4 | 1 1 | -1.5 0 9.
    const covariances = Float32Array.from([4, 1, 1, -1.5, 0, 9]);
    const logVars = Float32Array.from([Math.log(4), 0, Math.log(9)]);
    const means = Float32Array.from([0.1, 0.2, 0.3]);
    const p = project(means, logVars, 1, 3, { mode: 'dims', dims: [2, 0] }, null, covariances);
    expect(p.xs[0]).toBeCloseTo(0.3);
    expect(p.sigmaX![0]).toBeCloseTo(3);
    expect(p.sigmaY![0]).toBeCloseTo(2);
    expect(p.rho![0]).toBeCloseTo(-1.5 / 6);
    expect(project(means, logVars, 1, 3, { mode: 'dims', dims: [0, 1] }, null, covariances).rho![0]).toBeCloseTo(0.5);
    expect(project(means, logVars, 1, 3, { mode: 'dims', dims: [0, 1] }, null).rho).toBeNull();
  });
});

describe('a map that follows its training model', () => {
  const domain = (cx: number, cy: number, span: number) => ({
    x: [cx - span / 2, cx + span / 2] as [number, number],
    y: [cy - span / 2, cy + span / 2] as [number, number],
  });

  it('moves to codes that grew, shrank or moved, and stays put for small changes', () => {
    const first = domain(0, 0, 0.4); // an AE's codes after a few steps: a tiny patch
    const grown = domain(5, -3, 30);
    expect(followDomain(first, grown)).toBe(grown);
    expect(followDomain(grown, domain(5, -3, 20))).toEqual(domain(5, -3, 20));
    const jitter = domain(5.5, -3.2, 32);
    expect(followDomain(grown, jitter)).toBe(grown);
    expect(followDomain(grown, domain(12, -3, 30))).toEqual(domain(12, -3, 30));
  });
});

describe('map labels', () => {
  it('take the first clear spot around their anchor, and are left out when none is clear', () => {
    const placed = [] as ReturnType<typeof chooseLabelBox>[];
    const first = chooseLabelBox([], 400, 400, 100, 100, 30, 11)!;
    expect(first.x).toBeGreaterThan(100); // right-above
    expect(first.y + first.height).toBeLessThan(100);
    placed.push(first);
    // A second label at the same anchor goes elsewhere, never on top of the first.
    const second = chooseLabelBox([first], 400, 400, 100, 100, 30, 11)!;
    expect(overlaps(first, second)).toBe(false);
    // Near the canvas edge, a spot inside the canvas.
    const edge = chooseLabelBox([], 400, 400, 395, 5, 30, 11)!;
    expect(edge.x + edge.width).toBeLessThanOrEqual(400);
    expect(edge.y).toBeGreaterThanOrEqual(0);
    // Ten labels at one point (a mixture prior's weights at the centre): at most six spots, no two overlapping.
    const boxes: NonNullable<ReturnType<typeof chooseLabelBox>>[] = [];
    for (let k = 0; k < 10; k++) {
      const b = chooseLabelBox(boxes, 400, 400, 200, 200, 24, 11);
      if (b) boxes.push(b);
    }
    expect(boxes.length).toBeLessThanOrEqual(6);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j])).toBe(false);
  });
});

import * as d3 from 'd3';
import { LabelPlacer } from './labels';
import { drawLineLayers, drawShadeLayers, type MapLayers } from './mapLayers';
import type { ProjectedPoints } from './projection';
import { parseHexColor, rasterizePosteriors } from './rasterize';

/** One colour per digit 0-9 (Tableau 10: distinct, colour-blind friendlier than rainbow). */
export const DIGIT_COLORS: readonly string[] = d3.schemeTableau10;

export interface MapFrame {
  /** CSS pixels; the canvas backing store is this times devicePixelRatio. */
  width: number;
  height: number;
  dpr: number;
  x: d3.ScaleLinear<number, number>;
  y: d3.ScaleLinear<number, number>;
}

export interface MapStyle {
  showEllipses: boolean;
  /** Ellipse radius in posterior standard deviations. */
  sigmaScale: number;
  showPrior: boolean;
  /** Where the prior N(0, I) is centred in this view (0,0 for raw dimensions). */
  priorCenter: [number, number];
  hiddenDigits: ReadonlySet<number>;
  /** Points are drawn fainter over a decoded manifold. */
  pointAlpha: number;
}

/** The initial view: the central 99% of the points, padded, and (for a VAE) the prior's 2-sigma ring. */
export function fitDomain(
  points: ProjectedPoints,
  includePrior: boolean,
): { x: [number, number]; y: [number, number] } {
  // Quantiles from at most ~2,000 evenly strided points: sorting all 10,000 twice per new model showed up in
  // main-thread long tasks, and the view needs no more precision than that.
  const stride = Math.max(1, Math.floor(points.count / 2000));
  const range = (values: Float32Array): [number, number] => {
    const sample = new Float32Array(Math.ceil(points.count / stride));
    for (let i = 0, k = 0; i < points.count; i += stride, k++) sample[k] = values[i];
    sample.sort();
    const at = (q: number) => sample[Math.min(sample.length - 1, Math.floor(q * sample.length))];
    return [at(0.005), at(0.995)];
  };
  let [x0, x1] = points.count ? range(points.xs) : [-3, 3];
  let [y0, y1] = points.count ? range(points.ys) : [-3, 3];
  if (includePrior) {
    x0 = Math.min(x0, -2.5);
    x1 = Math.max(x1, 2.5);
    y0 = Math.min(y0, -2.5);
    y1 = Math.max(y1, 2.5);
  }
  // Same units on both axes, so circles stay circles.
  const span = Math.max(x1 - x0, y1 - y0) * 1.08;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return { x: [cx - span / 2, cx + span / 2], y: [cy - span / 2, cy + span / 2] };
}

export type MapDomain = ReturnType<typeof fitDomain>;

/**
 * The view a map that follows its data moves to: the data's own fit when it
 * has grown, shrunk (by more than a quarter of the span) or moved (by more
 * than a sixth of it); else the view stays (no jitter while a model trains).
 */
export function followDomain(current: MapDomain, next: MapDomain): MapDomain {
  const span = (d: MapDomain) => d.x[1] - d.x[0];
  const centre = (d: MapDomain): [number, number] => [(d.x[0] + d.x[1]) / 2, (d.y[0] + d.y[1]) / 2];
  const ratio = span(next) / span(current);
  const [cx, cy] = centre(current);
  const [nx, ny] = centre(next);
  const moved = Math.hypot(nx - cx, ny - cy) / span(current);
  return ratio > 1.25 || ratio < 0.75 || moved > 1 / 6 ? next : current;
}

const DIGIT_RGB = DIGIT_COLORS.map(parseHexColor);

/** A reusable pixel buffer per canvas size: allocating 1-4 MB per frame would churn the GC. */
let scratch: ImageData | null = null;

/**
 * Draws the posterior means (squares) and sigma ellipses of every visible
 * test digit (see rasterize.ts for why by hand), the shaded layers over them
 * (Voronoi cells, heatmaps), then the prior rings.
 */
export function drawLatentMap(
  ctx: CanvasRenderingContext2D,
  points: ProjectedPoints,
  labels: Uint8Array,
  frame: MapFrame,
  style: MapStyle,
  layers: MapLayers = {},
): void {
  const { width, height, dpr, x, y } = frame;
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (!scratch || scratch.width !== w || scratch.height !== h) scratch = ctx.createImageData(w, h);
  // Device-pixel transform of the (linear) scales.
  const ax = (x(1) - x(0)) * dpr;
  const ay = (y(1) - y(0)) * dpr;
  rasterizePosteriors(
    scratch.data,
    w,
    h,
    points.xs,
    points.ys,
    points.sigmaX,
    points.sigmaY,
    points.rho,
    labels,
    points.count,
    { ax, bx: x(0) * dpr, ay, by: y(0) * dpr },
    {
      colors: DIGIT_RGB,
      hidden: style.hiddenDigits,
      sigmaScale: style.showEllipses ? style.sigmaScale : 0,
      ellipseAlpha: 0.3 * style.pointAlpha,
      pointAlpha: style.pointAlpha,
      pointSize: 2.5 * dpr,
    },
  );
  ctx.putImageData(scratch, 0, 0);
  drawShadeLayers(ctx, frame, layers);

  if (style.showPrior) {
    // N(0, I) in 2-D: rings at 1, 2 and 3 sigma hold 39%, 86% and 99% of its mass.
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const [cx, cy] = style.priorCenter;
    const unit = Math.abs(x(1) - x(0));
    ctx.save();
    ctx.strokeStyle = 'rgba(60, 60, 60, 0.55)';
    ctx.setLineDash([4, 4]);
    ctx.lineWidth = 1;
    for (const r of [1, 2, 3]) {
      ctx.beginPath();
      ctx.arc(x(cx), y(cy), r * unit, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  }
}

export interface Marker {
  at: [number, number];
  kind: 'selected' | 'hover' | 'drawn' | 'endpoint';
  /** Sigma along each axis (in latent units) to draw around it, when known. */
  sigma?: [number, number];
  /** The correlation of the two coordinates: a tilted ellipse (absent: axis-aligned). */
  rho?: number;
  label?: string;
}

/**
 * The light layer over the map: the tools' lines (contours, Gaussians,
 * marks), hover and selection rings, the interpolation path, a drawn digit.
 */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  frame: MapFrame,
  markers: Marker[],
  path: Array<[number, number]> | null,
  sigmaScale: number,
  layers: MapLayers = {},
): void {
  const { width, height, dpr, x, y } = frame;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  // The markers' labels first (they matter most), then the tools' labels where there is room left.
  const placer = new LabelPlacer(ctx, width, height);
  for (const m of markers) {
    const px = x(m.at[0]);
    const py = y(m.at[1]);
    placer.reserve({ x: px - 8, y: py - 8, width: 16, height: 16 });
  }
  const labelled: Array<{ text: string; px: number; py: number }> = [];
  for (const m of markers) if (m.label) labelled.push({ text: m.label, px: x(m.at[0]), py: y(m.at[1]) });
  for (const l of labelled) placer.place(l.text, l.px, l.py, '#000', '600 12px system-ui, sans-serif');
  drawLineLayers(ctx, frame, layers, placer);
  if (path && path.length > 1) {
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    path.forEach(([u, v], i) => (i ? ctx.lineTo(x(u), y(v)) : ctx.moveTo(x(u), y(v))));
    ctx.stroke();
    ctx.fillStyle = '#111';
    for (const [u, v] of path) ctx.fillRect(x(u) - 2, y(v) - 2, 4, 4);
  }
  for (const m of markers) {
    const px = x(m.at[0]);
    const py = y(m.at[1]);
    ctx.save();
    if (m.sigma) {
      ctx.beginPath();
      if (m.rho) {
        // mu + L (cos t, sin t), L the 2 x 2 Cholesky factor, in latent units: right at any aspect ratio.
        const [sx, sy] = m.sigma.map((s) => sigmaScale * s);
        const tilt = Math.sqrt(Math.max(0, 1 - m.rho * m.rho));
        for (let k = 0; k <= 64; k++) {
          const t = (2 * Math.PI * k) / 64;
          const u = m.at[0] + sx * Math.cos(t);
          const v = m.at[1] + sy * (m.rho * Math.cos(t) + tilt * Math.sin(t));
          if (k === 0) ctx.moveTo(x(u), y(v));
          else ctx.lineTo(x(u), y(v));
        }
      } else {
        ctx.ellipse(
          px,
          py,
          Math.max(1, sigmaScale * m.sigma[0] * Math.abs(x(1) - x(0))),
          Math.max(1, sigmaScale * m.sigma[1] * Math.abs(y(0) - y(1))),
          0,
          0,
          2 * Math.PI,
        );
      }
      ctx.strokeStyle = m.kind === 'drawn' ? '#d6336c' : '#111';
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
    ctx.beginPath();
    if (m.kind === 'selected' || m.kind === 'endpoint') {
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 2;
      ctx.moveTo(px - 8, py);
      ctx.lineTo(px + 8, py);
      ctx.moveTo(px, py - 8);
      ctx.lineTo(px, py + 8);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(px, py, 4, 0, 2 * Math.PI);
      ctx.stroke();
    } else if (m.kind === 'drawn') {
      ctx.fillStyle = '#d6336c';
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 1.5;
      ctx.arc(px, py, 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    } else {
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 2;
      ctx.arc(px, py, 6, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  }
  placer.draw();
}

/** Paints images (Bernoulli means in [0, 1], 784 each) into one ImageData: white digits on black, as MNIST. */
export function imagesToCanvas(pixels: Float32Array, count: number, columns: number): HTMLCanvasElement {
  const rows = Math.ceil(count / columns);
  const canvas = document.createElement('canvas');
  canvas.width = columns * 28;
  canvas.height = rows * 28;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const image = ctx.createImageData(canvas.width, canvas.height);
  for (let k = 0; k < count; k++) {
    const ox = (k % columns) * 28;
    const oy = Math.floor(k / columns) * 28;
    for (let p = 0; p < 784; p++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, pixels[k * 784 + p])));
      const o = 4 * ((oy + Math.floor(p / 28)) * canvas.width + ox + (p % 28));
      image.data[o] = v;
      image.data[o + 1] = v;
      image.data[o + 2] = v;
      image.data[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/**
 * The map's axes drawn into a canvas (the page draws them as SVG over the
 * map; a saved PNG needs them in its pixels): ticks and numbers along the
 * bottom and the left edge, as on screen.
 */
export function drawAxesOnCanvas(ctx: CanvasRenderingContext2D, frame: MapFrame, names: [string, string]): void {
  const { width, height, dpr, x, y } = frame;
  ctx.save();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.strokeStyle = '#777';
  ctx.fillStyle = '#555';
  ctx.lineWidth = 1;
  ctx.font = '10px system-ui, sans-serif';
  ctx.beginPath();
  ctx.moveTo(0, height - 0.5);
  ctx.lineTo(width, height - 0.5);
  ctx.moveTo(0.5, 0);
  ctx.lineTo(0.5, height);
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  for (const t of x.ticks(6)) {
    const px = x(t);
    ctx.beginPath();
    ctx.moveTo(px, height);
    ctx.lineTo(px, height - 6);
    ctx.stroke();
    ctx.fillText(String(t), px, height - 7);
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const t of y.ticks(6)) {
    const py = y(t);
    ctx.beginPath();
    ctx.moveTo(0, py);
    ctx.lineTo(6, py);
    ctx.stroke();
    ctx.fillText(String(t), 8, py);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText(names[0], width - 4, height - 18);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(names[1], 24, 4);
  ctx.restore();
}

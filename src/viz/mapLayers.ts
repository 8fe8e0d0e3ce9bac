import * as d3 from 'd3';
import { LabelPlacer } from './labels';
import type { MapFrame } from './latentMap';

/**
 * What a latent map can show beyond the test digits' points and ellipses,
 * all in the plotted plane's coordinates: a density as a heatmap or as
 * contours (a true posterior, a flow posterior, the aggregate posterior, a
 * GMM), Gaussians as ellipses (a learned prior's components, the best
 * full-covariance fit), Voronoi cells (a VQ-VAE's codebook), and marked
 * points (prior draws). Pure drawing: given the layers and a context, draw.
 */

/** A scalar field on a regular grid over [x0, x1] x [y0, y1]: values[j * nx + i] at x_i, y_j (cell centres). */
export interface GridField {
  nx: number;
  ny: number;
  extent: [number, number, number, number];
  values: Float32Array;
}

/**
 * A field over a box split into nx x ny equal cells, its values at the cell
 * centres (as model/posterior/numerics.ts's gridPoints lays them out).
 */
export function cellField(
  box: [number, number, number, number],
  nx: number,
  ny: number,
  values: Float32Array,
): GridField {
  const dx = (box[1] - box[0]) / nx;
  const dy = (box[3] - box[2]) / ny;
  return { nx, ny, extent: [box[0] + dx / 2, box[1] - dx / 2, box[2] + dy / 2, box[3] - dy / 2], values };
}

export interface HeatmapLayer {
  /** Non-negative values (a density); drawn with opacity proportional to value / max. */
  field: GridField;
  color: string;
  /** Largest opacity. */
  opacity?: number;
  /** Shade by (value / max)^gamma: below 1 lifts the tails of a peaked density into view (default 1). */
  gamma?: number;
}

export interface ContourLayer {
  field: GridField;
  /** Thresholds in the field's own units, each drawn as one contour. */
  thresholds: number[];
  color: string;
  dash?: number[];
  width?: number;
}

export interface GaussianEllipse {
  mean: [number, number];
  /** Covariance [s_xx, s_xy, s_yy]: s_xy = 0 draws an axis-aligned ellipse. */
  cov: [number, number, number];
  /** Radii in standard deviations (e.g. [1, 2, 3]). */
  scales: number[];
  color: string;
  dash?: number[];
  width?: number;
  label?: string;
}

export interface CellLayer {
  /** Sites (x, y) interleaved; the Voronoi cell of each is shaded by `shade` (0-1). */
  sites: Float32Array;
  shade: Float32Array;
  color: string;
}

export interface MarkLayer {
  points: Array<[number, number]>;
  color: string;
  shape: 'cross' | 'dot';
}

export interface MapLayers {
  cells?: CellLayer;
  heatmaps?: HeatmapLayer[];
  contours?: ContourLayer[];
  gaussians?: GaussianEllipse[];
  marks?: MarkLayer[];
  /** What the layers show, in words: the map's legend (and what a screen reader is told). */
  legend?: string[];
}

/** The ellipse of a 2-D covariance at one standard deviation: semi-axes and rotation (radians). */
export function covarianceEllipse([sxx, sxy, syy]: [number, number, number]): {
  rx: number;
  ry: number;
  angle: number;
} {
  const mean = (sxx + syy) / 2;
  const diff = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy ** 2);
  const l1 = mean + diff;
  const l2 = Math.max(0, mean - diff);
  // The major axis is the eigenvector (s_xy, l1 - s_xx) of the largest eigenvalue.
  const angle = sxy !== 0 ? Math.atan2(l1 - sxx, sxy) : sxx >= syy ? 0 : Math.PI / 2;
  return { rx: Math.sqrt(l1), ry: Math.sqrt(l2), angle };
}

function rgb(color: string): [number, number, number] {
  const c = d3.rgb(color);
  return [c.r, c.g, c.b];
}

/**
 * Shades drawn over the points' raster with 'multiply', so the points stay
 * visible: Voronoi cells, then heatmaps.
 */
export function drawShadeLayers(ctx: CanvasRenderingContext2D, frame: MapFrame, layers: MapLayers): void {
  const { dpr, x, y, width, height } = frame;
  ctx.save();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.globalCompositeOperation = 'multiply';
  if (layers.cells && layers.cells.sites.length >= 4) {
    const { sites, shade, color } = layers.cells;
    const n = sites.length / 2;
    const delaunay = d3.Delaunay.from(
      Array.from({ length: n }, (_, k) => [x(sites[2 * k]), y(sites[2 * k + 1])] as [number, number]),
    );
    const voronoi = delaunay.voronoi([0, 0, width, height]);
    const base = d3.rgb(color);
    for (let k = 0; k < n; k++) {
      ctx.beginPath();
      voronoi.renderCell(k, ctx);
      ctx.fillStyle = `rgba(${base.r}, ${base.g}, ${base.b}, ${0.08 + 0.5 * shade[k]})`;
      ctx.fill();
      ctx.strokeStyle = 'rgba(60, 60, 60, 0.35)';
      ctx.lineWidth = 0.75;
      ctx.stroke();
    }
  }
  for (const heat of layers.heatmaps ?? []) drawHeatmap(ctx, frame, heat);
  ctx.restore();
}

// A field's heatmap tile and contour lines depend on the field and the style alone, not on the
// view: built once, they are only placed on each redraw (pan, zoom, a click's overlay, a lab update).
const heatmapTiles = new WeakMap<GridField, Map<string, HTMLCanvasElement | null>>();
const contourGeometries = new WeakMap<GridField, Map<string, d3.ContourMultiPolygon[]>>();

function cached<V>(cache: WeakMap<GridField, Map<string, V>>, field: GridField, key: string, build: () => V): V {
  let byKey = cache.get(field);
  if (!byKey) {
    byKey = new Map();
    cache.set(field, byKey);
  }
  if (!byKey.has(key)) byKey.set(key, build());
  return byKey.get(key) as V;
}

function heatmapTile({ field, color, opacity = 0.75, gamma = 1 }: HeatmapLayer): HTMLCanvasElement | null {
  const { nx, ny, values } = field;
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (!(max > 0)) return null;
  const image = new ImageData(nx, ny);
  const [r, g, b] = rgb(color);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      // Image row 0 is the top: the largest y.
      const o = 4 * ((ny - 1 - j) * nx + i);
      const a = Math.min(1, (values[j * nx + i] / max) ** gamma);
      image.data[o] = 255 - (255 - r) * a;
      image.data[o + 1] = 255 - (255 - g) * a;
      image.data[o + 2] = 255 - (255 - b) * a;
      image.data[o + 3] = Math.round(255 * opacity);
    }
  }
  const tile = document.createElement('canvas');
  tile.width = nx;
  tile.height = ny;
  tile.getContext('2d')?.putImageData(image, 0, 0);
  return tile;
}

/** A grid field as an image, stretched over its extent (smoothed by the browser's scaling). */
function drawHeatmap(ctx: CanvasRenderingContext2D, frame: MapFrame, heat: HeatmapLayer) {
  const { field } = heat;
  const tile = cached(heatmapTiles, field, `${heat.color} ${heat.opacity} ${heat.gamma}`, () => heatmapTile(heat));
  if (!tile) return;
  const { nx, ny, extent } = field;
  const [x0, x1, y0, y1] = extent;
  const dx = (x1 - x0) / (nx - 1);
  const dy = (y1 - y0) / (ny - 1);
  const left = frame.x(x0 - dx / 2);
  const top = frame.y(y1 + dy / 2);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tile, left, top, frame.x(x1 + dx / 2) - left, frame.y(y0 - dy / 2) - top);
}

/** Lines over the map (the overlay canvas): contours, Gaussian ellipses, marks. */
export function drawLineLayers(
  ctx: CanvasRenderingContext2D,
  frame: MapFrame,
  layers: MapLayers,
  shared?: LabelPlacer,
): void {
  const { x, y } = frame;
  // A placer of the caller's draws its labels when the caller is done; one of our own, at the end here.
  const placer = shared ?? new LabelPlacer(ctx, frame.width, frame.height);
  ctx.save();
  for (const contour of layers.contours ?? []) {
    const { field } = contour;
    const [x0, x1, y0, y1] = field.extent;
    const sx = (x1 - x0) / (field.nx - 1);
    const sy = (y1 - y0) / (field.ny - 1);
    const geometries = cached(contourGeometries, field, contour.thresholds.join(' '), () =>
      d3.contours().size([field.nx, field.ny]).thresholds(contour.thresholds)(Array.from(field.values)),
    );
    // d3-contour works in grid units: (i, j) -> latent (x0 + i sx, y0 + j sy) -> pixels.
    const path = d3.geoPath(
      d3.geoTransform({
        point(i, j) {
          this.stream.point(x(x0 + (i - 0.5) * sx), y(y0 + (j - 0.5) * sy));
        },
      }),
      ctx,
    );
    ctx.strokeStyle = contour.color;
    ctx.lineWidth = contour.width ?? 1.5;
    ctx.setLineDash(contour.dash ?? []);
    for (const geometry of geometries) {
      ctx.beginPath();
      path(geometry);
      ctx.stroke();
    }
  }
  ctx.setLineDash([]);
  for (const g of layers.gaussians ?? []) {
    const { rx, ry, angle } = covarianceEllipse(g.cov);
    const unitX = Math.abs(x(1) - x(0));
    const unitY = Math.abs(y(1) - y(0));
    ctx.strokeStyle = g.color;
    ctx.lineWidth = g.width ?? 1.5;
    ctx.setLineDash(g.dash ?? []);
    for (const s of g.scales) {
      ctx.beginPath();
      // The plane's y axis points up on screen: the rotation flips sign.
      ctx.ellipse(
        x(g.mean[0]),
        y(g.mean[1]),
        Math.max(0.5, s * rx * unitX),
        Math.max(0.5, s * ry * unitY),
        -angle,
        0,
        2 * Math.PI,
      );
      ctx.stroke();
    }
    if (g.label) {
      // Beside the outermost ring, along its major axis, where there is room (see labels.ts).
      const r = Math.max(...g.scales) * rx;
      placer.place(g.label, x(g.mean[0] + r * Math.cos(angle)), y(g.mean[1] + r * Math.sin(angle)), g.color);
    }
  }
  ctx.setLineDash([]);
  for (const mark of layers.marks ?? []) {
    ctx.strokeStyle = mark.color;
    ctx.fillStyle = mark.color;
    ctx.lineWidth = 1.5;
    for (const [u, v] of mark.points) {
      const px = x(u);
      const py = y(v);
      ctx.beginPath();
      if (mark.shape === 'cross') {
        ctx.moveTo(px - 3.5, py - 3.5);
        ctx.lineTo(px + 3.5, py + 3.5);
        ctx.moveTo(px - 3.5, py + 3.5);
        ctx.lineTo(px + 3.5, py - 3.5);
        ctx.stroke();
      } else {
        ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  }
  ctx.restore();
  if (!shared) placer.draw();
}

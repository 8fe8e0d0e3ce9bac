/**
 * Draws the test digits' posterior means and sigma ellipses straight into an
 * RGBA pixel buffer.
 *
 * Why not the canvas path API: 10,000 ellipse() strokes cost 15-30 ms a frame
 * in Chromium's software rasteriser (what a machine without a GPU uses), and
 * the map is redrawn every frame of a zoom or pan. Writing pixels ourselves
 * — an outline sampled along each ellipse, a small square per mean, blended
 * over white — takes a few milliseconds and looks the same at this scale.
 */

export interface RasterStyle {
  /** Colour per digit as [r, g, b]. */
  colors: ReadonlyArray<readonly [number, number, number]>;
  hidden: ReadonlySet<number>;
  /** Ellipse radius in posterior standard deviations; 0 draws no ellipses. */
  sigmaScale: number;
  ellipseAlpha: number;
  pointAlpha: number;
  /** Side of the square drawn at each mean, in device pixels. */
  pointSize: number;
}

/** Latent -> device pixel: px = ax * x + bx, py = ay * y + by. */
export interface RasterTransform {
  ax: number;
  bx: number;
  ay: number;
  by: number;
}

const TABLE_SIZE = 64;
const COS = Float32Array.from({ length: TABLE_SIZE }, (_, k) => Math.cos((2 * Math.PI * k) / TABLE_SIZE));
const SIN = Float32Array.from({ length: TABLE_SIZE }, (_, k) => Math.sin((2 * Math.PI * k) / TABLE_SIZE));

/**
 * Blends one pixel towards (r, g, b) by a256/256. A top-level function, not a
 * closure made per frame: V8 then keeps one optimised copy across frames
 * (a fresh closure each frame ran interpreted at first, ~40 ms for a map).
 */
function blend(
  pixels: Uint8ClampedArray,
  width: number,
  height: number,
  x: number,
  y: number,
  r: number,
  g: number,
  b: number,
  a256: number,
): void {
  if (x < 0 || y < 0 || x >= width || y >= height) return;
  const o = (y * width + x) * 4;
  pixels[o] += ((r - pixels[o]) * a256) >> 8;
  pixels[o + 1] += ((g - pixels[o + 1]) * a256) >> 8;
  pixels[o + 2] += ((b - pixels[o + 2]) * a256) >> 8;
}

export function parseHexColor(hex: string): [number, number, number] {
  const v = parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/**
 * Fills `pixels` (RGBA, width x height) with white, then the ellipses, then
 * the means on top. xs/ys are latent coordinates, sigmaX/sigmaY the posterior
 * standard deviations along the plotted axes (null for an AE), rho their
 * correlation (null: axis-aligned ellipses). The one-sigma ellipse is traced as
 * mu + L (cos t, sin t) with L the Cholesky factor of the 2 x 2 covariance,
 * [[sx, 0], [rho sy, sy sqrt(1 - rho^2)]], so a tilt needs no rotation.
 */
export function rasterizePosteriors(
  pixels: Uint8ClampedArray,
  width: number,
  height: number,
  xs: Float32Array,
  ys: Float32Array,
  sigmaX: Float32Array | null,
  sigmaY: Float32Array | null,
  rho: Float32Array | null,
  labels: Uint8Array,
  count: number,
  t: RasterTransform,
  style: RasterStyle,
): void {
  pixels.fill(255);
  const n = Math.min(count, labels.length);

  if (sigmaX && sigmaY && style.sigmaScale > 0) {
    const a256 = Math.round(style.ellipseAlpha * 256);
    for (let i = 0; i < n; i++) {
      const label = labels[i];
      if (style.hidden.has(label)) continue;
      const [r, g, b] = style.colors[label];
      const cx = t.ax * xs[i] + t.bx;
      const cy = t.ay * ys[i] + t.by;
      // Signed pixel scales: the screen's y axis points down, which flips a tilt.
      const ax = style.sigmaScale * sigmaX[i] * t.ax;
      const ay = style.sigmaScale * sigmaY[i] * t.ay;
      const rx = Math.abs(ax);
      const ry = Math.abs(ay);
      if (rx < 1 && ry < 1) continue; // inside the mean's own square
      const rhoI = rho ? rho[i] : 0;
      const cosPart = ay * rhoI;
      const sinPart = ay * Math.sqrt(Math.max(0, 1 - rhoI * rhoI));
      // About one sample per pixel of perimeter (Ramanujan's approximation), from a 64-entry table.
      const perimeter = Math.PI * (3 * (rx + ry) - Math.sqrt((3 * rx + ry) * (rx + 3 * ry)));
      const samples = Math.min(TABLE_SIZE, Math.max(8, Math.ceil(perimeter)));
      const stride = TABLE_SIZE / samples;
      let lastX = -1;
      let lastY = -1;
      for (let k = 0; k < samples; k++) {
        const j = (k * stride) | 0;
        const x = (cx + ax * COS[j] + 0.5) | 0;
        const y = (cy + cosPart * COS[j] + sinPart * SIN[j] + 0.5) | 0;
        if (x === lastX && y === lastY) continue;
        blend(pixels, width, height, x, y, r, g, b, a256);
        lastX = x;
        lastY = y;
      }
    }
  }

  const a256 = Math.round(style.pointAlpha * 256);
  const size = Math.max(1, Math.round(style.pointSize));
  const half = size / 2;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (style.hidden.has(label)) continue;
    const [r, g, b] = style.colors[label];
    const x0 = (t.ax * xs[i] + t.bx - half + 0.5) | 0;
    const y0 = (t.ay * ys[i] + t.by - half + 0.5) | 0;
    for (let dy = 0; dy < size; dy++) {
      for (let dx = 0; dx < size; dx++) blend(pixels, width, height, x0 + dx, y0 + dy, r, g, b, a256);
    }
  }
}

/**
 * Runs the rasteriser a few times on synthetic points, each run in its own
 * idle task. V8 needs a few calls before it optimises the loops above; the
 * first calls take ~20 ms instead of ~4 ms, and without this warm-up they fall
 * on the first redraws after start-up — the frame where training begins, say.
 */
export function warmUpRasterizer(runs = 5): void {
  const n = 10_000;
  const xs = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 3);
  const ys = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 1.3) * 3);
  const sigma = new Float32Array(n).fill(0.1);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  const pixels = new Uint8ClampedArray(240 * 240 * 4);
  const style: RasterStyle = {
    colors: Array.from({ length: 10 }, () => [0, 0, 0] as const),
    hidden: new Set(),
    sigmaScale: 1,
    ellipseAlpha: 0.3,
    pointAlpha: 0.85,
    pointSize: 3,
  };
  const idle = (fn: () => void) =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 50);
  let left = runs;
  const run = () => {
    rasterizePosteriors(
      pixels,
      240,
      240,
      xs,
      ys,
      sigma,
      sigma,
      null,
      labels,
      n,
      { ax: 30, bx: 120, ay: -30, by: 120 },
      style,
    );
    if (--left > 0) idle(run);
  };
  idle(run);
}

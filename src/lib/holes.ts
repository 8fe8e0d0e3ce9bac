import * as d3 from 'd3';

/**
 * Holes in a 2-D code space, measured: the share of a region farther than
 * a radius r from every test code (each point of an even grid over the
 * region asks the nearest code, through a quadtree). The region is where a
 * person would pick a random point: for a VAE, the prior's 2-sigma disc;
 * for an AE, which has no prior, the box of its codes (the central 98 % of
 * each axis). r is the same fraction of the region's width for both, so the
 * two shares compare models whose codes live on very different scales.
 */
export type HoleRegion = 'prior' | 'codes';

export interface HoleFigures {
  region: HoleRegion;
  /** [x0, x1, y0, y1] of the region (the disc's bounding box for the prior). */
  box: [number, number, number, number];
  radius: number;
  /** Share of the region's grid points with no code within the radius. */
  share: number;
  /** Grid points in holes, farthest from any code first. */
  holes: Array<[number, number]>;
}

export const HOLE_RADIUS_FRACTION = 0.02;
const GRID = 80;

function quantile(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))];
}

export function codeHoles(xs: Float32Array, ys: Float32Array, count: number, region: HoleRegion): HoleFigures {
  const box: [number, number, number, number] =
    region === 'prior'
      ? [-2, 2, -2, 2]
      : [
          quantile(xs.subarray(0, count), 0.01),
          quantile(xs.subarray(0, count), 0.99),
          quantile(ys.subarray(0, count), 0.01),
          quantile(ys.subarray(0, count), 0.99),
        ];
  const width = Math.max(box[1] - box[0], box[3] - box[2]);
  const radius = HOLE_RADIUS_FRACTION * width;
  const tree = d3.quadtree<number>(
    Array.from({ length: count }, (_, i) => i),
    (i) => xs[i],
    (i) => ys[i],
  );
  let inside = 0;
  const holes: Array<{ at: [number, number]; distance: number }> = [];
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      const x = box[0] + ((i + 0.5) / GRID) * (box[1] - box[0]);
      const y = box[2] + ((j + 0.5) / GRID) * (box[3] - box[2]);
      if (region === 'prior' && x * x + y * y > 4) continue;
      inside++;
      const nearest = tree.find(x, y);
      const distance = nearest === undefined ? Infinity : Math.hypot(xs[nearest] - x, ys[nearest] - y);
      if (distance > radius) holes.push({ at: [x, y], distance });
    }
  }
  holes.sort((a, b) => b.distance - a.distance);
  return { region, box, radius, share: inside ? holes.length / inside : 0, holes: holes.map((h) => h.at) };
}

/** Up to `count` of the holes, farthest from the codes first, each at least `minDistance` from those taken. */
export function spreadOut(holes: Array<[number, number]>, count: number, minDistance: number): Array<[number, number]> {
  const taken: Array<[number, number]> = [];
  for (const h of holes) {
    if (taken.length >= count) break;
    if (taken.every((t) => Math.hypot(t[0] - h[0], t[1] - h[1]) >= minDistance)) taken.push(h);
  }
  return taken;
}

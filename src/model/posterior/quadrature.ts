import { gridPoints, logIntegral, type Box, type Cells, type LogDensityFn } from './numerics';

/**
 * log p(x) = log of the integral of p(x, z) over the 2-D latent plane, by
 * adaptive midpoint quadrature: a coarse grid over everywhere the prior
 * allows finds where the mass is (every mode, not only the one q points
 * at); the cells that carry mass, and those in the seed regions (around
 * q(z|x)), are split 3 x 3 again and again, until two successive
 * resolutions agree within the tolerance. Splitting in 3 keeps each parent's
 * centre as a child's, so one split costs 8 evaluations per cell.
 */
export interface QuadratureOptions {
  /** Everywhere the prior allows (its mass outside is negligible). */
  box: Box;
  /** Cells per side of the first grid. */
  coarse?: number;
  /** Regions refined until their cells are at most `cellSize` wide, whatever their mass (q's support). */
  seeds?: Array<{ box: Box; cellSize: number }>;
  /** Two successive estimates closer than this (nats) stop the refinement. */
  tolerance?: number;
  /** Cells holding more than exp(-massCutoff) of the total are refined. */
  massCutoff?: number;
  /** At least this many refinements (a coarse pair of estimates can agree by chance). */
  minLevels?: number;
  maxLevels?: number;
  onLevel?: (level: QuadratureLevel) => void;
  /** Checked between levels: true stops the work (the selection changed). */
  cancelled?: () => boolean;
}

export interface QuadratureLevel {
  level: number;
  logPx: number;
  cells: number;
  evaluations: number;
  /** The smallest cell's side. */
  finest: number;
}

export interface QuadratureResult {
  logPx: number;
  /** The estimate one resolution coarser; |logPx - previous| is what "converged" measures. */
  previous: number;
  converged: boolean;
  levels: QuadratureLevel[];
  /** The final cells (centres, areas, log p(x, z)). */
  cells: Cells;
  evaluations: number;
  /** The grid, in words: what the panel states. */
  description: string;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

interface Leaf {
  x: number;
  y: number;
  size: number;
  logF: number;
}

function overlaps(leaf: Leaf, box: Box): boolean {
  const h = leaf.size / 2;
  return leaf.x + h > box[0] && leaf.x - h < box[1] && leaf.y + h > box[2] && leaf.y - h < box[3];
}

function toCells(leaves: Leaf[]): Cells {
  const z = new Float32Array(leaves.length * 2);
  const area = new Float64Array(leaves.length);
  const logF = new Float64Array(leaves.length);
  leaves.forEach((leaf, i) => {
    z[2 * i] = leaf.x;
    z[2 * i + 1] = leaf.y;
    area[i] = leaf.size * leaf.size;
    logF[i] = leaf.logF;
  });
  return { z, area, logF };
}

export async function adaptiveQuadrature(
  logJoint: LogDensityFn,
  options: QuadratureOptions,
): Promise<QuadratureResult> {
  const { box, coarse = 48, seeds = [], tolerance = 0.01, massCutoff = 14, minLevels = 2, maxLevels = 6 } = options;
  const width = Math.max(box[1] - box[0], box[3] - box[2]);
  // Square cells over a square box holding the given one.
  const cx = (box[0] + box[1]) / 2;
  const cy = (box[2] + box[3]) / 2;
  const square: Box = [cx - width / 2, cx + width / 2, cy - width / 2, cy + width / 2];
  const size0 = width / coarse;
  const points = gridPoints(square, coarse, coarse);
  const values = await logJoint(points, coarse * coarse);
  let evaluations = coarse * coarse;
  let leaves: Leaf[] = Array.from({ length: coarse * coarse }, (_, i) => ({
    x: points[2 * i],
    y: points[2 * i + 1],
    size: size0,
    logF: values[i],
  }));
  const levels: QuadratureLevel[] = [];
  let previous = NaN;
  let estimate = logIntegral(toCells(leaves));
  let converged = false;
  for (let level = 0; ; level++) {
    // A loop, not Math.min(...): a hard digit can need hundreds of thousands of cells (the spread overflows the stack).
    const finest = leaves.reduce((m, l) => Math.min(m, l.size), Infinity);
    levels.push({ level, logPx: estimate, cells: leaves.length, evaluations, finest });
    options.onLevel?.(levels[levels.length - 1]);
    const seeded = (leaf: Leaf) => seeds.some((s) => leaf.size > s.cellSize && overlaps(leaf, s.box));
    // Converged, and every seed region refined as far as it asks (a seed is a promise to whoever reads the cells).
    if (level >= minLevels && Math.abs(estimate - previous) < tolerance) {
      converged = true;
      if (!leaves.some(seeded)) break;
    }
    if (level >= maxLevels || options.cancelled?.()) break;
    const cutoff = estimate - massCutoff;
    const split: Leaf[] = [];
    const kept: Leaf[] = [];
    for (const leaf of leaves) {
      const heavy = !converged && leaf.logF + 2 * Math.log(leaf.size) >= cutoff;
      (heavy || seeded(leaf) ? split : kept).push(leaf);
    }
    if (split.length === 0) break;
    // 3 x 3 children; the middle one is the parent's own centre and value.
    const fresh: Leaf[] = [];
    const children: Leaf[] = [];
    for (const leaf of split) {
      const s = leaf.size / 3;
      for (let j = -1; j <= 1; j++) {
        for (let i = -1; i <= 1; i++) {
          const child = { x: leaf.x + i * s, y: leaf.y + j * s, size: s, logF: leaf.logF };
          children.push(child);
          if (i !== 0 || j !== 0) fresh.push(child);
        }
      }
    }
    const z = new Float32Array(fresh.length * 2);
    fresh.forEach((c, k) => {
      z[2 * k] = c.x;
      z[2 * k + 1] = c.y;
    });
    const logF = await logJoint(z, fresh.length);
    fresh.forEach((c, k) => {
      c.logF = logF[k];
    });
    evaluations += fresh.length;
    leaves = kept.concat(children);
    previous = estimate;
    estimate = logIntegral(toCells(leaves));
  }
  if (options.cancelled?.()) throw new Cancelled();
  const last = levels[levels.length - 1];
  const description =
    `${coarse} × ${coarse} cells over [${square[0].toFixed(1)}, ${square[1].toFixed(1)}]², split 3 × 3 where the mass is ` +
    `(${levels.length - 1} times, down to cells ${last.finest.toPrecision(2)} wide): ${leaves.length.toLocaleString('en-US')} cells, ` +
    `${evaluations.toLocaleString('en-US')} evaluations of log p(x, z); the last two resolutions differ by ` +
    `${Math.abs(estimate - previous).toPrecision(2)} nat`;
  return { logPx: estimate, previous, converged, levels, cells: toCells(leaves), evaluations, description };
}

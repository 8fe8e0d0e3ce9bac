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
  /**
   * Cells per side of the first grid (default 144: over the prior's [-8, 8]^2, cells 0.11 wide). Coarser grids
   * miss narrow modes whose centre falls between grid points: on 256 test digits of vae-2d, 48 x 48 missed up
   * to 6 nats on 16 of them (0.06 nat on the mean); 144 x 144 against 288 x 288 on 512 others: 0.0013 nat on
   * the mean, 3 digits beyond 0.05 (at most 0.18).
   */
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
  /** The grid, in numbers: what the panel states (in words, in the page's language). */
  grid: QuadratureGrid;
}

/** What the panel says of a quadrature's grid. */
export interface QuadratureGrid {
  /** Cells per side of the first grid. */
  coarse: number;
  /** The first grid's square, along either axis: [from, to]. */
  box: [number, number];
  /** How many times cells were split 3 x 3. */
  refinements: number;
  /** The smallest cell's side. */
  finest: number;
  /** The final cells. */
  cells: number;
  evaluations: number;
  /** |logPx - previous|: how far the last two resolutions differ (nats). */
  lastDifference: number;
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

/** A region refined until its cells are at most `cellSize` wide, whatever their mass. */
export interface Seed {
  box: Box;
  cellSize: number;
}

/** log p(x_b, z) for each image b of `items` (indices into the batch) at n points: row-major [items.length, n]. */
export type BatchLogDensityFn = (z: Float32Array, n: number, items: number[]) => Promise<Float64Array>;

export type BatchQuadratureOptions = Omit<QuadratureOptions, 'seeds' | 'onLevel'> & {
  /** Each image's own seed regions (around its q(z|x)). */
  seeds?: Seed[][];
};

/** One image's refinement, level by level. */
interface Run {
  leaves: Leaf[];
  seeds: Seed[];
  levels: QuadratureLevel[];
  estimate: number;
  previous: number;
  converged: boolean;
  evaluations: number;
  done: boolean;
  /** This level's split: the children, and the new points among them (the middle child keeps its parent's value). */
  kept: Leaf[];
  children: Leaf[];
  fresh: Leaf[];
}

/**
 * adaptiveQuadrature for a batch of images under one model, with their
 * decoder passes shared: every image starts from the same coarse grid and
 * splits cells the same way (3 x 3), so two images that refine the same
 * cell ask for the same points. Each level, the new points of all images
 * are evaluated once, for every image at once (the batch function does one
 * decoder pass per point and one matrix product of the images with the
 * decoded logits); each image then follows its own refinement exactly as
 * it would alone. Images whose posteriors are near each other share most
 * of their points (64 neighbouring test digits of vae-2d: 2.6 times fewer
 * decoder passes than one at a time).
 */
export async function adaptiveQuadratureBatch(
  logJoint: BatchLogDensityFn,
  count: number,
  options: BatchQuadratureOptions,
  onLevel?: (item: number, level: QuadratureLevel) => void,
): Promise<QuadratureResult[]> {
  const { box, coarse = 144, seeds = [], tolerance = 0.01, massCutoff = 14, minLevels = 2, maxLevels = 6 } = options;
  const width = Math.max(box[1] - box[0], box[3] - box[2]);
  // Square cells over a square box holding the given one.
  const cx = (box[0] + box[1]) / 2;
  const cy = (box[2] + box[3]) / 2;
  const square: Box = [cx - width / 2, cx + width / 2, cy - width / 2, cy + width / 2];
  const size0 = width / coarse;
  const points = gridPoints(square, coarse, coarse);
  const everyone = Array.from({ length: count }, (_, b) => b);
  const values = await logJoint(points, coarse * coarse, everyone);
  const runs: Run[] = everyone.map((b) => {
    const leaves = Array.from({ length: coarse * coarse }, (_, i) => ({
      x: points[2 * i],
      y: points[2 * i + 1],
      size: size0,
      logF: values[b * coarse * coarse + i],
    }));
    return {
      leaves,
      seeds: seeds[b] ?? [],
      levels: [],
      estimate: logIntegral(toCells(leaves)),
      previous: NaN,
      converged: false,
      evaluations: coarse * coarse,
      done: false,
      kept: [],
      children: [],
      fresh: [],
    };
  });
  for (let level = 0; ; level++) {
    const active: number[] = [];
    runs.forEach((run, b) => {
      if (run.done) return;
      const { leaves } = run;
      // A loop, not Math.min(...): a hard digit can need hundreds of thousands of cells (the spread overflows the stack).
      const finest = leaves.reduce((m, l) => Math.min(m, l.size), Infinity);
      run.levels.push({ level, logPx: run.estimate, cells: leaves.length, evaluations: run.evaluations, finest });
      onLevel?.(b, run.levels[run.levels.length - 1]);
      const seeded = (leaf: Leaf) => run.seeds.some((s) => leaf.size > s.cellSize && overlaps(leaf, s.box));
      // Converged, and every seed region refined as far as it asks (a seed is a promise to whoever reads the cells).
      if (level >= minLevels && Math.abs(run.estimate - run.previous) < tolerance) {
        run.converged = true;
        if (!leaves.some(seeded)) run.done = true;
      }
      if (level >= maxLevels || options.cancelled?.()) run.done = true;
      if (run.done) return;
      const cutoff = run.estimate - massCutoff;
      const split: Leaf[] = [];
      run.kept = [];
      for (const leaf of leaves) {
        const heavy = !run.converged && leaf.logF + 2 * Math.log(leaf.size) >= cutoff;
        (heavy || seeded(leaf) ? split : run.kept).push(leaf);
      }
      if (split.length === 0) {
        run.done = true;
        return;
      }
      // 3 x 3 children; the middle one is the parent's own centre and value.
      run.fresh = [];
      run.children = [];
      for (const leaf of split) {
        const s = leaf.size / 3;
        for (let j = -1; j <= 1; j++) {
          for (let i = -1; i <= 1; i++) {
            const child = { x: leaf.x + i * s, y: leaf.y + j * s, size: s, logF: leaf.logF };
            run.children.push(child);
            if (i !== 0 || j !== 0) run.fresh.push(child);
          }
        }
      }
      active.push(b);
    });
    if (active.length === 0) break;
    // The union of the new points: each image's children of one cell are the same numbers.
    const column = new Map<string, number>();
    const union: number[] = [];
    const columns = active.map((b) =>
      runs[b].fresh.map((c) => {
        const key = `${c.x},${c.y}`;
        let k = column.get(key);
        if (k === undefined) {
          k = union.length / 2;
          column.set(key, k);
          union.push(c.x, c.y);
        }
        return k;
      }),
    );
    const n = union.length / 2;
    const logF = await logJoint(Float32Array.from(union), n, active);
    active.forEach((b, r) => {
      const run = runs[b];
      run.fresh.forEach((c, k) => {
        c.logF = logF[r * n + columns[r][k]];
      });
      run.evaluations += run.fresh.length;
      run.leaves = run.kept.concat(run.children);
      run.previous = run.estimate;
      run.estimate = logIntegral(toCells(run.leaves));
      run.kept = [];
      run.children = [];
      run.fresh = [];
    });
  }
  if (options.cancelled?.()) throw new Cancelled();
  return runs.map((run) => {
    const last = run.levels[run.levels.length - 1];
    const grid: QuadratureGrid = {
      coarse,
      box: [square[0], square[1]],
      refinements: run.levels.length - 1,
      finest: last.finest,
      cells: run.leaves.length,
      evaluations: run.evaluations,
      lastDifference: Math.abs(run.estimate - run.previous),
    };
    return {
      logPx: run.estimate,
      previous: run.previous,
      converged: run.converged,
      levels: run.levels,
      cells: toCells(run.leaves),
      evaluations: run.evaluations,
      grid,
    };
  });
}

/** One image's adaptive quadrature (a batch of one). */
export async function adaptiveQuadrature(
  logJoint: LogDensityFn,
  options: QuadratureOptions,
): Promise<QuadratureResult> {
  const { seeds, onLevel, ...rest } = options;
  const [result] = await adaptiveQuadratureBatch(
    (z, n) => logJoint(z, n),
    1,
    { ...rest, seeds: [seeds ?? []] },
    (_, level) => onLevel?.(level),
  );
  return result;
}

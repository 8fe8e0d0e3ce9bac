import * as d3 from 'd3';
import type { ProjectedPoints } from './projection';

/**
 * The latent map's interaction, apart from React: finding the test digit
 * under the pointer, what a key does, and the map as one PNG canvas.
 */

/** A nearest-digit index over the visible points (digits of hidden classes left out). */
export function hoverIndex(
  points: ProjectedPoints,
  labels: Uint8Array,
  hidden: ReadonlySet<number>,
): d3.Quadtree<number> {
  const indices: number[] = [];
  for (let i = 0; i < Math.min(points.count, labels.length); i++) if (!hidden.has(labels[i])) indices.push(i);
  return d3.quadtree<number>(
    indices,
    (i) => points.xs[i],
    (i) => points.ys[i],
  );
}

/** The digit within `radius` (latent units) of (u, v), or null. */
export function digitNear(tree: d3.Quadtree<number>, u: number, v: number, radius: number): number | null {
  return tree.find(u, v, radius) ?? null;
}

export type MapKeyAction =
  { type: 'move'; dx: number; dy: number } | { type: 'select' } | { type: 'zoom'; factor: number } | null;

/** What a key does on a focused map: arrows move the point (Shift: further), Enter/Space decode it, +/- zoom. */
export function mapKeyAction(key: string, shift: boolean): MapKeyAction {
  const step = shift ? 30 : 8;
  switch (key) {
    case 'ArrowLeft':
      return { type: 'move', dx: -step, dy: 0 };
    case 'ArrowRight':
      return { type: 'move', dx: step, dy: 0 };
    case 'ArrowUp':
      return { type: 'move', dx: 0, dy: -step };
    case 'ArrowDown':
      return { type: 'move', dx: 0, dy: step };
    case 'Enter':
    case ' ':
      return { type: 'select' };
    case '+':
    case '=':
      return { type: 'zoom', factor: 1.4 };
    case '-':
      return { type: 'zoom', factor: 1 / 1.4 };
    default:
      return null;
  }
}

/** The map's layers, bottom first, flattened on white into one canvas (for PNG export). */
export function flattenCanvases(layers: HTMLCanvasElement[]): HTMLCanvasElement | null {
  const [first] = layers;
  if (!first) return null;
  const out = document.createElement('canvas');
  out.width = first.width;
  out.height = first.height;
  const ctx = out.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  for (const layer of layers) ctx.drawImage(layer, 0, 0);
  return out;
}

import { describe, expect, it } from 'vitest';
import { codeHoles, spreadOut } from '../../src/lib/holes';

/** Codes on a fine lattice over [x0, x1] x [y0, y1], without those that `skip` says. */
function lattice(x0: number, x1: number, y0: number, y1: number, n: number, skip: (x: number, y: number) => boolean) {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const x = x0 + ((i + 0.5) / n) * (x1 - x0);
      const y = y0 + ((j + 0.5) / n) * (y1 - y0);
      if (skip(x, y)) continue;
      xs.push(x);
      ys.push(y);
    }
  }
  return { xs: Float32Array.from(xs), ys: Float32Array.from(ys), count: xs.length };
}

describe('holes in a code space', () => {
  it("measures a square hole in an AE's code box, whatever the codes' scale", () => {
    for (const scale of [1, 40]) {
      const { xs, ys, count } = lattice(0, scale, 0, scale, 200, (x, y) =>
        [x, y].every((v) => v > 0.4 * scale && v < 0.6 * scale),
      );
      const holes = codeHoles(xs, ys, count, 'codes');
      // The hole is 0.2 wide; points more than r = 2 % of the box from its edge: about (0.2 - 0.04)^2 of the box.
      expect(holes.share).toBeGreaterThan(0.02);
      expect(holes.share).toBeLessThan(0.032);
      const [x, y] = holes.holes[0];
      expect(Math.abs(x / scale - 0.5)).toBeLessThan(0.05);
      expect(Math.abs(y / scale - 0.5)).toBeLessThan(0.05);
    }
  });

  it("finds no holes in a VAE's prior disc filled with codes, and the empty half of one", () => {
    const full = lattice(-3, 3, -3, 3, 240, () => false);
    expect(codeHoles(full.xs, full.ys, full.count, 'prior').share).toBe(0);
    const half = lattice(-3, 3, -3, 3, 240, (x) => x > 0);
    const share = codeHoles(half.xs, half.ys, half.count, 'prior').share;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.5);
  });

  it('spreads the decoded holes out: none closer than the distance asked for', () => {
    const holes: Array<[number, number]> = [
      [0, 0],
      [0.1, 0],
      [5, 5],
      [5.05, 5],
      [10, 0],
    ];
    expect(spreadOut(holes, 8, 1)).toEqual([
      [0, 0],
      [5, 5],
      [10, 0],
    ]);
  });
});

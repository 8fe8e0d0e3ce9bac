import { describe, expect, it } from 'vitest';
import { labLayers, type LabResult } from '../../src/state/posteriorLab';
import type { QShape, TruePosterior } from '../../src/model/posterior/protocol';

/**
 * The lab's updates come many times a second (estimator progress, best-q
 * steps). Its map layers must stay the same object until what they draw
 * changes, or every update redraws the map and the inset (long tasks on the
 * page), and the heatmap field must survive a best-q step.
 */
function grid(n: number, peak: [number, number]): Float32Array {
  const values = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) values[j * n + i] = -((i - peak[0]) ** 2 + (j - peak[1]) ** 2) / 8;
  }
  return values;
}

const truth: TruePosterior = {
  moments: { mean: [0, 0], cov: [1, 0.3, 1], correlation: 0.3 },
  klPosteriorToQ: 0.1,
  klPosteriorToFit: 0.01,
  klQToPosterior: 0.1,
  display: {
    box: [-2, 2, -2, 2],
    nx: 21,
    ny: 21,
    logDensity: grid(21, [10, 10]),
    hdr: { shares: [0.5], levels: [0.5] },
  },
};
const q: QShape = {
  gaussian: { mean: [0, 0], cov: [1, 0, 1] },
  mean: [0, 0],
  spread: [1, 1],
  logDensity: grid(21, [9, 11]),
};

function result(patch: Partial<LabResult> = {}): LabResult {
  return {
    source: { kind: 'test', index: 7 },
    slot: 'left',
    quadrature: null,
    truth,
    q,
    displayMs: 1,
    identity: null,
    estimatorsProgress: 0,
    estimators: null,
    bestQ: { running: false, paths: {}, result: null },
    done: false,
    error: null,
    ...patch,
  };
}

describe('the posterior lab on the map', () => {
  it('keeps its layers while only the progress changes', () => {
    const base = result();
    const first = labLayers(base);
    expect(first?.heatmaps).toHaveLength(1);
    expect(first?.contours).toHaveLength(2); // the true posterior's and q's
    expect(labLayers({ ...base, estimatorsProgress: 0.5 })).toBe(first);
    expect(labLayers({ ...base, displayMs: 2, done: true })).toBe(first);
  });

  it('draws a best-q step as new layers over the same fields', () => {
    const base = result();
    const first = labLayers(base)!;
    const step = labLayers({
      ...base,
      bestQ: { running: true, paths: { diagonal: [{ mean: [0.5, 0], cov: [0.5, 0, 0.5] }] }, result: null },
    })!;
    expect(step).not.toBe(first);
    expect(step.gaussians).toHaveLength(first.gaussians!.length + 1);
    expect(step.heatmaps![0].field).toBe(first.heatmaps![0].field);
    expect(step.contours![1].field).toBe(first.contours![1].field);
  });

  it('draws nothing before the posterior arrives', () => {
    expect(labLayers(result({ truth: null, q: null }))).toBeNull();
  });
});

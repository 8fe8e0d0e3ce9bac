import { describe, expect, it } from 'vitest';
import { auroc, bitsPerDim, complexityNats, corrected, rocCurve } from '../../src/lib/anomaly';
import {
  noiseImages,
  parseScores,
  scoresToBytes,
  type ShippedScores,
} from '../../src/model/posterior/likelihoodScores';

describe('AUROC and the ROC curve', () => {
  it('is 1 when every anomaly scores above every normal image, 0 when below, 0.5 for ties', () => {
    expect(auroc([1, 2, 3], [4, 5])).toBe(1);
    expect(auroc([4, 5], [1, 2, 3])).toBe(0);
    expect(auroc([1, 1], [1, 1, 1])).toBe(0.5);
  });

  it('is the share of (normal, anomalous) pairs ordered correctly, ties counted half', () => {
    const normal = [0.1, 0.4, 0.35, 0.8, 0.5, 0.5];
    const anomalous = [0.9, 0.5, 0.3, 0.7];
    let pairs = 0;
    for (const a of anomalous) for (const n of normal) pairs += a > n ? 1 : a === n ? 0.5 : 0;
    expect(auroc(normal, anomalous)).toBeCloseTo(pairs / (normal.length * anomalous.length), 12);
  });

  it('runs from (0, 0) to (1, 1) without going down, and its area by trapezoids is the AUROC', () => {
    const normal = Array.from({ length: 200 }, (_, i) => Math.sin(i * 12.9898) * 3);
    const anomalous = Array.from({ length: 150 }, (_, i) => 1 + Math.cos(i * 78.233) * 3);
    const curve = rocCurve(normal, anomalous);
    expect(curve[0]).toEqual([0, 0]);
    expect(curve[curve.length - 1]).toEqual([1, 1]);
    let area = 0;
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i][0]).toBeGreaterThanOrEqual(curve[i - 1][0]);
      expect(curve[i][1]).toBeGreaterThanOrEqual(curve[i - 1][1]);
      area += ((curve[i][0] - curve[i - 1][0]) * (curve[i][1] + curve[i - 1][1])) / 2;
    }
    expect(area).toBeCloseTo(auroc(normal, anomalous), 10);
  });
});

describe('input complexity', () => {
  it('is small for a blank image, large for noise, and in nats (deflated bits times ln 2)', () => {
    const blank = new Uint8Array(784);
    const noise = noiseImages(1, 3);
    expect(complexityNats(blank)).toBeLessThan(200);
    expect(complexityNats(noise)).toBeGreaterThan(784 * 7 * Math.LN2);
    expect((complexityNats(blank) / Math.LN2) % 8).toBeCloseTo(0, 9);
    expect(Array.from(corrected([10, 20], [3, 4]))).toEqual([7, 16]);
    expect(bitsPerDim(784 * Math.LN2)).toBeCloseTo(1, 12);
  });

  it('draws the same noise for the same seed, every grey level in range', () => {
    expect(noiseImages(2, 5)).toEqual(noiseImages(2, 5));
    expect(noiseImages(2, 5)).not.toEqual(noiseImages(2, 6));
  });
});

describe('likelihood-scores.bin', () => {
  const scores: ShippedScores = {
    header: {
      dataset: 'mnist',
      otherDataset: 'fashion-mnist',
      method: 'quadrature',
      own: 3,
      other: 2,
      noise: 1,
      noiseSeed: 7,
    },
    own: Float32Array.from([1, 2, 3]),
    other: Float32Array.from([4, 5]),
    noise: Float32Array.from([6]),
  };

  it('round-trips', () => {
    const back = parseScores(scoresToBytes(scores));
    expect(back.header).toEqual(scores.header);
    expect(Array.from(back.own)).toEqual([1, 2, 3]);
    expect(Array.from(back.other)).toEqual([4, 5]);
    expect(Array.from(back.noise)).toEqual([6]);
  });

  it('refuses a truncated file, a header past the end, a bad header and a score that is not finite, naming the file', () => {
    const bytes = scoresToBytes(scores);
    expect(() => parseScores(bytes.subarray(0, bytes.length - 4), 'x.bin')).toThrow(/^x\.bin: .*names 6 scores/);
    expect(() => parseScores(bytes.subarray(0, 10), 'x.bin')).toThrow(/^x\.bin: its header runs past the end/);
    expect(() => parseScores(new Uint8Array(2), 'x.bin')).toThrow(/^x\.bin: too short/);
    const bad = scoresToBytes({ ...scores, header: { ...scores.header, own: -1 } });
    expect(() => parseScores(bad, 'x.bin')).toThrow(/^x\.bin: bad header/);
    const nan = scoresToBytes({ ...scores, own: Float32Array.from([1, NaN, 3]) });
    expect(() => parseScores(nan, 'x.bin')).toThrow(/^x\.bin: a score is not a finite number/);
  });
});

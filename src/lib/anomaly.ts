import { deflateSync } from 'fflate';

/**
 * Likelihood as an anomaly score: -log p(x) is higher for an image the
 * model finds improbable. The ROC curve of "own test set (normal) against
 * another set (anomalous)" scored that way, its area (AUROC: 1 = every
 * anomaly scored above every normal image, 0.5 = chance, below 0.5 = the
 * other set looks *more* probable than the model's own, as Nalisnick et al.
 * 2019 found for Fashion-MNIST models shown MNIST), and the input-complexity
 * correction of Serra et al. 2020: subtract the image's compressed length
 * L(x) (here deflate, PNG's compressor), S(x) = -log p(x) - L(x), in nats.
 */

const LN2 = Math.log(2);

/** L(x) in nats: the deflated length (level 9) of the image's 784 grey bytes, in bits, times ln 2. */
export function complexityNats(pixels: Uint8Array): number {
  return deflateSync(pixels, { level: 9 }).length * 8 * LN2;
}

/** L(x) of each image in a row-major [n, size] byte array. */
export function complexities(images: Uint8Array, count: number, size = 784): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => complexityNats(images.subarray(i * size, (i + 1) * size)));
}

/** Nats per image to bits per dimension. */
export function bitsPerDim(nats: number, dims = 784): number {
  return nats / (dims * LN2);
}

/**
 * AUROC of scores where higher means "anomalous": the probability that an
 * anomaly's score exceeds a normal image's (ties count half), by the rank
 * sum (Mann-Whitney U).
 */
export function auroc(normal: ArrayLike<number>, anomalous: ArrayLike<number>): number {
  const all = [
    ...Array.from(normal, (v) => ({ v, anomalous: false })),
    ...Array.from(anomalous, (v) => ({ v, anomalous: true })),
  ].sort((a, b) => a.v - b.v);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j].v === all[i].v) j++;
    const rank = (i + 1 + j) / 2; // mean of ranks i+1 .. j
    for (let k = i; k < j; k++) if (all[k].anomalous) rankSum += rank;
    i = j;
  }
  const m = anomalous.length;
  const n = normal.length;
  return (rankSum - (m * (m + 1)) / 2) / (m * n);
}

/** The ROC curve: (false-positive rate, true-positive rate) as the threshold falls from +inf, from (0, 0) to (1, 1). */
export function rocCurve(normal: ArrayLike<number>, anomalous: ArrayLike<number>): Array<[number, number]> {
  const all = [
    ...Array.from(normal, (v) => ({ v, anomalous: false })),
    ...Array.from(anomalous, (v) => ({ v, anomalous: true })),
  ].sort((a, b) => b.v - a.v);
  const points: Array<[number, number]> = [[0, 0]];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j].v === all[i].v) {
      if (all[j].anomalous) tp++;
      else fp++;
      j++;
    }
    points.push([fp / normal.length, tp / anomalous.length]);
    i = j;
  }
  return points;
}

/** Scores corrected for input complexity: S = -log p(x) - L(x). */
export function corrected(negLogLik: ArrayLike<number>, complexity: ArrayLike<number>): Float32Array {
  return Float32Array.from(negLogLik, (v, i) => v - complexity[i]);
}

/** A model's -log p(x) and compressed length L(x) of its own test images, another set's and noise. */
export interface ScoredSets {
  own: ArrayLike<number>;
  other: ArrayLike<number>;
  noise: ArrayLike<number>;
  ownComplexity: ArrayLike<number>;
  otherComplexity: ArrayLike<number>;
  noiseComplexity: ArrayLike<number>;
}

/** The AUROCs of the own test set against the other set and against noise, raw and corrected for complexity. */
export function scoreAurocs(s: ScoredSets): { rawOther: number; rawNoise: number; corOther: number; corNoise: number } {
  // In doubles, as the panel's histograms are: float32 rounding could reorder near ties.
  const minus = (v: ArrayLike<number>, c: ArrayLike<number>) => Float64Array.from(v, (x, i) => x - c[i]);
  const own = minus(s.own, s.ownComplexity);
  return {
    rawOther: auroc(s.own, s.other),
    rawNoise: auroc(s.own, s.noise),
    corOther: auroc(own, minus(s.other, s.otherComplexity)),
    corNoise: auroc(own, minus(s.noise, s.noiseComplexity)),
  };
}

import { DATASETS, DATASET_IDS } from '../data/datasets';
import { sliceImages } from '../data/mnist';
import { auroc, complexities, complexityNats, corrected } from '../lib/anomaly';
import type { ModelParams } from '../model/params';
import type { AnomalyDirection, AnomalyMarkers, AnomalyUpdate } from '../model/posterior/anomalyProtocol';
import {
  Cancelled,
  negLogLikelihoods,
  noiseImages,
  otherDataset,
  parseScores,
  scoreMethodOf,
  SCORES_FILE,
  type ShippedScores,
} from '../model/posterior/likelihoodScores';
import { loadTestSplit, WORKER_DATASET } from './dataset';

/**
 * The explorer worker's side of the anomaly panel: -log p(x) of the shown
 * model's own test images, the other dataset's and noise (from the model's
 * likelihood-scores.bin when it ships one, else computed over the first N of
 * each, with progress), their compressed lengths, and the markers.
 */

/** Noise images scored live (the shipped files hold 1,000). */
const LIVE_NOISE = 200;
const NOISE_SEED = 7;

const shipped = new Map<string, { scores: ShippedScores } | { error: string }>();
let generation = 0;

/** A shipped model's scores file (null: it has none), checked now; a bad one is remembered by its message. */
export function setShippedScores(key: string, bytes: Uint8Array | null, where: string): void {
  if (!bytes) {
    shipped.delete(key);
    return;
  }
  try {
    const scores = parseScores(bytes, `${where}${SCORES_FILE}`);
    if (scores.header.dataset !== WORKER_DATASET) throw new Error(`${where}${SCORES_FILE}: scores of another dataset`);
    shipped.set(key, { scores });
  } catch (err) {
    shipped.set(key, { error: err instanceof Error ? err.message : String(err) });
  }
}

export function forgetScores(key: string): void {
  shipped.delete(key);
}

/** The scores travel with their model from a staging key to its slot. */
export function moveScores(from: string, to: string): void {
  const entry = shipped.get(from);
  shipped.delete(from);
  if (entry) shipped.set(to, entry);
  else shipped.delete(to);
}

export function cancelAnomaly(): void {
  generation++;
}

/**
 * The three sets' scores and compressed lengths for the model held as `key`:
 * its shipped file's (all 10,000 of each), or the first `count` of each
 * computed now, 2-D by quadrature, above by importance sampling (K = 1,000).
 */
export async function runAnomaly(
  key: string,
  params: ModelParams,
  count: number,
  send: (update: AnomalyUpdate) => void,
): Promise<void> {
  const mine = ++generation;
  const cancelled = () => mine !== generation;
  const other = otherDataset(WORKER_DATASET);
  try {
    const [ownSplit, otherSplit] = await Promise.all([loadTestSplit(WORKER_DATASET), loadTestSplit(other)]);
    const file = shipped.get(key);
    let scores: ShippedScores;
    let source: 'file' | 'computed';
    let note: string | null = null;
    if (file && 'scores' in file) {
      scores = file.scores;
      source = 'file';
    } else {
      if (file) note = file.error;
      const n = Math.min(count, ownSplit.count, otherSplit.count);
      const total = 2 * n + LIVE_NOISE;
      let before = 0;
      const progress = (done: number) => send({ stage: 'progress', done: before + done, total });
      const score = async (bytes: Uint8Array, size: number) => {
        const values = await negLogLikelihoods(params, sliceImages(bytes, 0, size), size, progress, cancelled);
        before += size;
        return values;
      };
      const own = await score(ownSplit.images, n);
      const others = await score(otherSplit.images, n);
      const noise = await score(noiseImages(LIVE_NOISE, NOISE_SEED), LIVE_NOISE);
      scores = {
        header: {
          dataset: WORKER_DATASET,
          otherDataset: other,
          method: scoreMethodOf(params),
          own: n,
          other: n,
          noise: LIVE_NOISE,
          noiseSeed: NOISE_SEED,
        },
        own,
        other: others,
        noise,
      };
      source = 'computed';
    }
    if (cancelled()) return;
    const { header } = scores;
    send({
      stage: 'scores',
      source,
      note,
      header,
      own: scores.own,
      other: scores.other,
      noise: scores.noise,
      ownComplexity: complexities(ownSplit.images, header.own),
      otherComplexity: complexities(otherSplit.images, header.other),
      noiseComplexity: complexities(noiseImages(header.noise, header.noiseSeed), header.noise),
    });
  } catch (err) {
    if (err instanceof Cancelled || cancelled()) return;
    send({ stage: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

function bytesOf(image: Float32Array): Uint8Array {
  return Uint8Array.from(image, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

/** -log p(x) and L(x) of an image (pixels in [0, 1], as 8-bit grey levels like the test sets), of its inverse, and of one noise image. */
export async function anomalyMarkers(params: ModelParams, image: Float32Array): Promise<AnomalyMarkers> {
  const bytes = bytesOf(image);
  const inverted = Uint8Array.from(bytes, (v) => 255 - v);
  const noise = noiseImages(1, NOISE_SEED + 1);
  const sets = [bytes, inverted, noise];
  const all = new Uint8Array(3 * 784);
  sets.forEach((s, k) => all.set(s, k * 784));
  const nll = await negLogLikelihoods(params, sliceImages(all, 0, 3), 3);
  const [a, b, c] = sets.map((s, k) => ({ negLogLikelihood: nll[k], complexity: complexityNats(s) }));
  return { image: a, inverted: b, noise: c };
}

/**
 * AUROC both ways round, from the shipped files of each dataset's shipped VAE: the MNIST model shown
 * Fashion-MNIST and the Fashion-MNIST model shown MNIST, raw and corrected.
 */
export async function anomalyDirections(modelsBase: string): Promise<AnomalyDirection[]> {
  return Promise.all(
    DATASET_IDS.map(async (dataset) => {
      const id = DATASETS[dataset].defaultModels.left;
      const url = new URL(`${modelsBase}${id}/${SCORES_FILE}`, self.location.origin);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`models/${id}/${SCORES_FILE}: HTTP ${response.status}`);
      const scores = parseScores(new Uint8Array(await response.arrayBuffer()), `models/${id}/${SCORES_FILE}`);
      const { header } = scores;
      const [ownSplit, otherSplit] = await Promise.all([
        loadTestSplit(header.dataset),
        loadTestSplit(header.otherDataset),
      ]);
      const ownC = corrected(scores.own, complexities(ownSplit.images, header.own));
      const otherC = corrected(scores.other, complexities(otherSplit.images, header.other));
      return {
        model: id,
        dataset: header.dataset,
        otherDataset: header.otherDataset,
        count: header.own,
        raw: auroc(scores.own, scores.other),
        corrected: auroc(ownC, otherC),
      };
    }),
  );
}

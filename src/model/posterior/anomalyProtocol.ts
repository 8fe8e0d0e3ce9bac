/**
 * What the anomaly panel's worker side sends the page (plain objects and
 * typed arrays: they cross the worker boundary as they are).
 */
import type { DatasetId } from '../../data/datasets';
import type { ScoresHeader } from './likelihoodScores';

export type AnomalyUpdate =
  | { stage: 'progress'; done: number; total: number }
  | {
      stage: 'scores';
      /** From the model's shipped likelihood-scores.bin, or computed now over the first N of each set. */
      source: 'file' | 'computed';
      /** Why a shipped file was not used (it failed its checks), or null. */
      note: string | null;
      header: ScoresHeader;
      /** -log p(x), nats, of each set's images; and each image's compressed length L(x), nats. */
      own: Float32Array;
      other: Float32Array;
      noise: Float32Array;
      ownComplexity: Float32Array;
      otherComplexity: Float32Array;
      noiseComplexity: Float32Array;
    }
  | { stage: 'error'; message: string };

export interface MarkerScore {
  negLogLikelihood: number;
  complexity: number;
}

/** The selected (or drawn) image, its inverse (255 - x) and a noise image. */
export interface AnomalyMarkers {
  image: MarkerScore;
  inverted: MarkerScore;
  noise: MarkerScore;
}

/** One shipped VAE shown its own test set against the other dataset's: AUROC raw and corrected. */
export interface AnomalyDirection {
  model: string;
  dataset: DatasetId;
  otherDataset: DatasetId;
  count: number;
  raw: number;
  corrected: number;
}

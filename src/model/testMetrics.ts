import { codeUsageFigures } from '../lib/codeUsage';
import type { KlMethod } from './families/spec';
import type { TestMetrics } from './format/meta';

/**
 * meta.json's testMetrics from what an evaluation measured, written the same
 * way by the page (a model trained and saved here) and by the scripts (the
 * shipped models): each figure with the count it was measured on, a VQ-VAE's
 * perplexity and dead codes from its code usage.
 */
export interface MeasuredFigures {
  reconstruction: number;
  kl: number | null;
  negElbo: number | null;
  count: number;
  klMethod?: KlMethod | null;
  klPerDimension?: number[] | null;
  codeUsage?: number[] | null;
  /** Importance-sampled -log p(x), on its own `count` test digits. */
  iwae?: { negLogLikelihood: number; K: number; count: number } | null;
}

/** `round` is applied to every measured real number (the scripts keep 3 decimals; the page all of them). */
export function testMetricsOf(figures: MeasuredFigures, round: (x: number) => number = (x) => x): TestMetrics {
  const orNull = (x: number | null) => (x === null ? null : round(x));
  const metrics: TestMetrics = {
    reconstruction: round(figures.reconstruction),
    kl: orNull(figures.kl),
    negElbo: orNull(figures.negElbo),
    count: figures.count,
  };
  if (figures.klMethod) metrics.klMethod = figures.klMethod;
  if (figures.iwae) {
    metrics.iwaeNegLogLikelihood = round(figures.iwae.negLogLikelihood);
    metrics.K = figures.iwae.K;
    metrics.iwaeCount = figures.iwae.count;
  }
  if (figures.klPerDimension) metrics.klPerDimension = figures.klPerDimension.map(round);
  if (figures.codeUsage) {
    const usage = codeUsageFigures(figures.codeUsage);
    metrics.codeUsage = figures.codeUsage;
    metrics.perplexity = round(usage.perplexity);
    metrics.deadCodes = usage.deadCodes;
  }
  return metrics;
}

import { nats } from './format';
import type { TestMetrics } from '../model/meta';

/** A model's test-set figures from its meta.json, in nats per image. */
export function TestFigures({ metrics }: { metrics: TestMetrics | null }) {
  if (!metrics) return <p className="model-figures">No test figures (no epoch had finished on these weights).</p>;
  return (
    <p className="model-figures">
      Reconstruction {nats(metrics.reconstruction)}
      {metrics.negElbo !== null && (
        <>
          , KL {nats(metrics.kl)}, −ELBO {nats(metrics.negElbo)}
        </>
      )}
      {metrics.iwaeNegLogLikelihood !== undefined && (
        <>
          , IWAE −log p(x) ≈ {nats(metrics.iwaeNegLogLikelihood)} (K = {metrics.K})
        </>
      )}{' '}
      nats per test image.
    </p>
  );
}

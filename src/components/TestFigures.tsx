import { nats } from './format';
import type { TestMetrics } from '../model/meta';
import { codeUsageFigures } from '../lib/codeUsage';

const count = (n: number | undefined) => (n === undefined ? '' : ` (${n.toLocaleString('en-US')} test digits)`);

/** A model's test-set figures from its meta.json, in nats per image, each with the count it was measured on. */
export function TestFigures({ metrics }: { metrics: TestMetrics | null }) {
  if (!metrics) return <p className="model-figures">No test figures (no epoch had finished on these weights).</p>;
  const vq = metrics.codeUsage ? codeUsageFigures(metrics.codeUsage) : null;
  const klNote =
    metrics.klMethod === 'sampled' ? ' (one-sample estimate)' : metrics.klMethod === 'log-k' ? ' (log K)' : '';
  return (
    <p className="model-figures">
      Reconstruction {nats(metrics.reconstruction)}
      {metrics.negElbo !== null && (
        <>
          , KL {nats(metrics.kl)}
          {klNote}, −ELBO {nats(metrics.negElbo)}
        </>
      )}
      {count(metrics.count)}
      {metrics.iwaeNegLogLikelihood !== undefined && (
        <>
          ; IWAE −log p(x) ≈ {nats(metrics.iwaeNegLogLikelihood)} (K = {metrics.K},{' '}
          {(metrics.iwaeCount ?? metrics.count ?? 0).toLocaleString('en-US')} digits)
        </>
      )}
      {metrics.quadratureNegLogLikelihood !== undefined && (
        <>
          ; −log p(x) by quadrature {nats(metrics.quadratureNegLogLikelihood)}
          {count(metrics.quadratureCount)}
        </>
      )}{' '}
      nats per test image
      {vq && (
        <>
          ; codebook perplexity {vq.perplexity.toFixed(1)} of {metrics.codeUsage!.length} codes, {vq.deadCodes} dead
          codes
        </>
      )}
      .
    </p>
  );
}

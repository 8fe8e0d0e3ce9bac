import { count, fixed, nats } from './format';
import { useT } from '../i18n';
import type { TestMetrics } from '../model/format/meta';
import { codeUsageFigures } from '../lib/codeUsage';

/** A model's test-set figures from its meta.json, in nats per image, each with the count it was measured on. */
export function TestFigures({ metrics }: { metrics: TestMetrics | null }) {
  const { t } = useT();
  if (!metrics) return <p className="model-figures">{t('explorer.figures.none')}</p>;
  const measuredOn = (n: number | undefined) =>
    n === undefined ? '' : t('explorer.figures.testDigits', { n: count(n) });
  const vq = metrics.codeUsage ? codeUsageFigures(metrics.codeUsage) : null;
  const klNote =
    metrics.klMethod === 'sampled'
      ? t('explorer.figures.klSampled')
      : metrics.klMethod === 'log-k'
        ? t('explorer.figures.klLogK')
        : '';
  return (
    <p className="model-figures">
      {t('explorer.figures.reconstruction', { value: nats(metrics.reconstruction) })}
      {metrics.negElbo !== null &&
        t('explorer.figures.elbo', { kl: nats(metrics.kl), note: klNote, negElbo: nats(metrics.negElbo) })}
      {measuredOn(metrics.count)}
      {metrics.iwaeNegLogLikelihood !== undefined &&
        t('explorer.figures.iwae', {
          value: nats(metrics.iwaeNegLogLikelihood),
          K: metrics.K ?? '',
          n: count(metrics.iwaeCount ?? metrics.count ?? 0),
        })}
      {metrics.quadratureNegLogLikelihood !== undefined &&
        t('explorer.figures.quadrature', {
          value: nats(metrics.quadratureNegLogLikelihood),
          digits: measuredOn(metrics.quadratureCount),
        })}
      {t('explorer.figures.unit')}
      {vq &&
        t('explorer.figures.codebook', {
          perplexity: fixed(vq.perplexity, 1),
          codes: metrics.codeUsage!.length,
          dead: vq.deadCodes,
        })}
      {t('explorer.figures.end')}
    </p>
  );
}

import { fixed } from './format';
import { useT } from '../i18n';
import { codeUsageFigures } from '../lib/codeUsage';

/** A VQ-VAE's codebook usage: a histogram over the K codes, with perplexity, dead codes and bits. */
export function CodeUsage({ usage, label }: { usage: number[]; label: string }) {
  const { t } = useT();
  const figures = codeUsageFigures(usage);
  const max = Math.max(1, ...usage);
  const order = usage.map((n, k) => ({ n, k })).sort((a, b) => b.n - a.n);
  return (
    <figure className="code-usage" aria-label={t('explorer.codeUsage.figure', { label })}>
      <figcaption>
        {t('explorer.codeUsage.caption', {
          label,
          perplexity: fixed(figures.perplexity, 1),
          codes: usage.length,
          dead: figures.deadCodes,
          bits: fixed(figures.bits, 2),
          usedBits: fixed(figures.usedBits, 2),
        })}
      </figcaption>
      <svg viewBox={`0 0 ${usage.length * 6} 60`} role="img" aria-label={t('explorer.codeUsage.chart', { label })}>
        {order.map(({ n, k }, i) => (
          <rect
            key={k}
            x={i * 6}
            y={60 - (58 * n) / max}
            width={5}
            height={(58 * n) / max}
            fill={n ? '#495057' : '#fa5252'}
          >
            <title>{t('explorer.codeUsage.bar', { k, n })}</title>
          </rect>
        ))}
      </svg>
    </figure>
  );
}

import { codeUsageFigures } from '../lib/codeUsage';

/** A VQ-VAE's codebook usage: a histogram over the K codes, with perplexity, dead codes and bits. */
export function CodeUsage({ usage, label }: { usage: number[]; label: string }) {
  const figures = codeUsageFigures(usage);
  const max = Math.max(1, ...usage);
  const order = usage.map((n, k) => ({ n, k })).sort((a, b) => b.n - a.n);
  return (
    <figure className="code-usage" aria-label={`Codebook usage (${label})`}>
      <figcaption>
        {label}: codebook usage over the test digits, most used first. Perplexity {figures.perplexity.toFixed(1)} of{' '}
        {usage.length} codes, {figures.deadCodes} dead (never chosen); a code carries at most log₂ {usage.length} ={' '}
        {figures.bits.toFixed(2)} bits, these codes {figures.usedBits.toFixed(2)} bits on average.
      </figcaption>
      <svg viewBox={`0 0 ${usage.length * 6} 60`} role="img" aria-label={`Test digits per code (${label})`}>
        {order.map(({ n, k }, i) => (
          <rect
            key={k}
            x={i * 6}
            y={60 - (58 * n) / max}
            width={5}
            height={(58 * n) / max}
            fill={n ? '#495057' : '#fa5252'}
          >
            <title>{`code ${k}: ${n} digits`}</title>
          </rect>
        ))}
      </svg>
    </figure>
  );
}

import { CodeUsage } from './CodeUsage';
import { useRuns } from '../state/runsView';

/** A dimension whose KL to the prior is below this carries (almost) no information about x. */
export const ACTIVE_UNIT_KL_NATS = 0.01;

/** Per run: KL per latent dimension (active units) where the KL is closed form; a VQ-VAE's code usage. */
export function KlPerDimension() {
  const runs = useRuns();
  return (
    <>
      {runs.map(({ slot, label, run }) => {
        const last = run.epochs[run.epochs.length - 1];
        if (last?.codeUsage)
          return <CodeUsage key={slot} usage={last.codeUsage} label={`${label}, epoch ${last.epoch}`} />;
        const kl = last?.klPerDimension;
        if (!kl) return null;
        const max = Math.max(...kl, 1e-9);
        const active = kl.filter((v) => v > ACTIVE_UNIT_KL_NATS).length;
        return (
          <figure key={slot} className="kl-bars" aria-label={`KL per latent dimension (${label})`}>
            <figcaption>
              {label}: KL per latent dimension (test set, epoch {last.epoch}): {active} of {kl.length} dimensions active
              (KL &gt; {ACTIVE_UNIT_KL_NATS} nats); an inactive one has collapsed to the prior and carries no
              information.
            </figcaption>
            <ol>
              {kl.map((v, i) => (
                <li key={i} aria-label={`Dimension ${i + 1}: ${v.toFixed(2)} nats`}>
                  <span className="kl-bar" style={{ width: `${(100 * v) / max}%` }} />
                  <span className="kl-value">
                    z{i + 1}: {v.toFixed(2)}
                  </span>
                </li>
              ))}
            </ol>
          </figure>
        );
      })}
    </>
  );
}

import { useThrottled } from './useThrottled';
import { CodeUsage } from './CodeUsage';
import { fixed } from './format';
import { useT } from '../i18n';
import { useRuns } from '../state/runsView';

/** A dimension whose KL to the prior is below this carries (almost) no information about x. */
export const ACTIVE_UNIT_KL_NATS = 0.01;

/** Per run: KL per latent dimension (active units) where the KL is closed form; a VQ-VAE's code usage. */
export function KlPerDimension() {
  const { t } = useT();
  // The charts redraw their SVG: twice a second is plenty while a run sends events many times a second.
  const runs = useThrottled(useRuns(), 500);
  return (
    <>
      {runs.map(({ slot, label, run }) => {
        const last = run.epochs[run.epochs.length - 1];
        if (last?.codeUsage)
          return (
            <CodeUsage
              key={slot}
              usage={last.codeUsage}
              label={t('training.klPerDimension.codeUsage', { label, epoch: last.epoch })}
            />
          );
        const kl = last?.klPerDimension;
        if (!kl) return null;
        const max = Math.max(...kl, 1e-9);
        const active = kl.filter((v) => v > ACTIVE_UNIT_KL_NATS).length;
        return (
          <figure key={slot} className="kl-bars" aria-label={t('training.klPerDimension.name', { label })}>
            <figcaption>
              {t('training.klPerDimension.caption', {
                label,
                epoch: last.epoch,
                active,
                dims: kl.length,
                threshold: ACTIVE_UNIT_KL_NATS,
              })}
            </figcaption>
            <ol>
              {kl.map((v, i) => (
                <li key={i} aria-label={t('training.klPerDimension.dimension', { index: i + 1, value: fixed(v, 2) })}>
                  <span className="kl-bar" style={{ width: `${(100 * v) / max}%` }} />
                  <span className="kl-value">
                    z{i + 1}: {fixed(v, 2)}
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

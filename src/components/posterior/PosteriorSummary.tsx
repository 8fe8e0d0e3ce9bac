import { useState } from 'react';
import { count as formatCount, duration, fixed } from '../format';
import { useT } from '../../i18n';
import { useStore } from '../../state/createStore';
import { labStore, runLab, runSummary } from '../../state/posteriorLab';
import type { DigitFigures } from '../../model/posterior/protocol';
import type { SlotId } from '../../lib/slotIds';

const n2 = (x: number) => fixed(x, 2);

function average(digits: DigitFigures[], pick: (d: DigitFigures) => number): number {
  const values = digits.map(pick).filter(Number.isFinite);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** The lab over N test digits: averages, and the digits where q(z|x) misses the posterior most. */
export function PosteriorSummary({ slot }: { slot: SlotId }) {
  const { t } = useT();
  const summary = useStore(labStore, (s) => s.summary);
  const [count, setCount] = useState('500');
  const n = Number(count);
  const valid = Number.isInteger(n) && n >= 1 && n <= 10_000;
  const digits = summary?.digits ?? [];
  const grid = digits.some((d) => Number.isFinite(d.logPx));
  // The gap split of a digit whose best-q fit failed is reported, never averaged.
  const failed = grid ? digits.filter((d) => d.fitFailed) : [];
  const split = digits.filter((d) => !d.fitFailed);
  const left = summary?.running ? summary.secondsLeft : null;
  const ranked = [...digits]
    .filter((d) => Number.isFinite(d.logPx))
    .sort((a, b) => b.logPx - b.elbo - (a.logPx - a.elbo))
    .slice(0, 20);
  return (
    <div className="lab-summary">
      <h3>{t('lab.summary.heading')}</h3>
      <div className="lab-controls">
        <label>
          {t('lab.summary.count')}{' '}
          <input
            type="number"
            min={1}
            max={10000}
            value={count}
            aria-label={t('lab.summary.countName')}
            aria-invalid={!valid}
            onChange={(e) => setCount(e.target.value)}
          />
        </label>
        <button type="button" disabled={!valid || summary?.running} onClick={() => void runSummary(n, slot)}>
          {t('lab.summary.run')}
        </button>
        {!valid && <span className="field-error">{t('lab.summary.invalid')}</span>}
      </div>
      {summary && (
        <>
          <div className="progress-row">
            <label htmlFor="lab-summary-progress">
              {t('lab.summary.progress', { done: summary.done, total: summary.count })}
            </label>
            <progress
              id="lab-summary-progress"
              aria-label={t('lab.summary.progressName')}
              max={summary.count}
              value={summary.done}
            />
            {summary.seconds !== null && <span>{t('lab.summary.doneIn', { time: duration(summary.seconds) })}</span>}
            {left !== null && (
              <span aria-label={t('lab.summary.timeLeftName')}>
                {t('lab.summary.timeLeft', { time: duration(left) })}
              </span>
            )}
          </div>
          {summary.error && (
            <p className="notice notice-error" role="alert">
              {summary.error}
            </p>
          )}
          {digits.length > 0 && (
            <table className="figures" aria-label={t('lab.summary.table')}>
              <caption>
                {t(grid ? 'lab.summary.captionGrid' : 'lab.summary.captionSampled', { n: formatCount(digits.length) })}
                {failed.length > 0 &&
                  t(failed.length === 1 ? 'lab.summary.failedOne' : 'lab.summary.failedMany', {
                    others: formatCount(split.length),
                    failed: failed.length,
                    digits: `${failed
                      .slice(0, 5)
                      .map((d) => `#${d.index}`)
                      .join(', ')}${failed.length > 5 ? ', …' : ''}`,
                  })}
              </caption>
              <tbody>
                <tr>
                  <th scope="row">ELBO</th>
                  <td>{n2(average(digits, (d) => d.elbo))}</td>
                </tr>
                <tr>
                  <th scope="row">{t('lab.summary.iwae')}</th>
                  <td>{n2(average(digits, (d) => d.iwae))}</td>
                </tr>
                {grid && (
                  <>
                    <tr>
                      <th scope="row">{t('lab.summary.quadrature')}</th>
                      <td>{n2(average(digits, (d) => d.logPx))}</td>
                    </tr>
                    <tr>
                      <th scope="row">KL(q(z|x) ‖ p(z|x))</th>
                      <td>{n2(average(digits, (d) => d.klQToPosterior))}</td>
                    </tr>
                    <tr>
                      <th scope="row">{t('lab.summary.amortisation')}</th>
                      <td>{n2(average(split, (d) => d.amortisationGap))}</td>
                    </tr>
                    <tr>
                      <th scope="row">
                        {t(
                          split.some((d) => d.gapFamily === 'full')
                            ? 'lab.summary.approximationFull'
                            : 'lab.summary.approximation',
                        )}
                      </th>
                      <td>{n2(average(split, (d) => d.approximationGap))}</td>
                    </tr>
                  </>
                )}
              </tbody>
            </table>
          )}
          {ranked.length > 0 && (
            <figure className="lab-ranked">
              <figcaption>{t('lab.summary.ranked')}</figcaption>
              <ol aria-label={t('lab.summary.rankedName')}>
                {ranked.map((d) => (
                  <li key={d.index}>
                    <button type="button" onClick={() => void runLab({ kind: 'test', index: d.index }, summary.slot)}>
                      {t('lab.summary.open', { index: d.index })}
                    </button>{' '}
                    {t('lab.summary.rankedGaps', { elbo: n2(d.logPx - d.elbo), iwae: n2(d.logPx - d.iwae) })}
                  </li>
                ))}
              </ol>
            </figure>
          )}
        </>
      )}
    </div>
  );
}

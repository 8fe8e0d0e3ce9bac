import { useState } from 'react';
import { duration, fixed } from '../format';
import { useStore } from '../../state/createStore';
import { labStore, runLab, runSummary } from '../../state/posteriorLab';
import type { DigitFigures } from '../../model/posterior/protocol';
import type { SlotId } from '../../lib/slots';

const n2 = (x: number) => fixed(x, 2);

function average(digits: DigitFigures[], pick: (d: DigitFigures) => number): number {
  const values = digits.map(pick).filter(Number.isFinite);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** The lab over N test digits: averages, and the digits where q(z|x) misses the posterior most. */
export function PosteriorSummary({ slot }: { slot: SlotId }) {
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
      <h3>Over the test set</h3>
      <div className="lab-controls">
        <label>
          Test digits N{' '}
          <input
            type="number"
            min={1}
            max={10000}
            value={count}
            aria-label="Test digits for the summary"
            aria-invalid={!valid}
            onChange={(e) => setCount(e.target.value)}
          />
        </label>
        <button type="button" disabled={!valid || summary?.running} onClick={() => void runSummary(n, slot)}>
          Run over the test set
        </button>
        {!valid && <span className="field-error">N must be a whole number between 1 and 10,000</span>}
      </div>
      {summary && (
        <>
          <div className="progress-row">
            <label htmlFor="lab-summary-progress">
              {summary.done} of {summary.count} digits
            </label>
            <progress
              id="lab-summary-progress"
              aria-label="Test-set summary progress"
              max={summary.count}
              value={summary.done}
            />
            {summary.seconds !== null && <span>done in {duration(summary.seconds)}</span>}
            {left !== null && <span aria-label="Time left">about {duration(left)} left</span>}
          </div>
          {summary.error && (
            <p className="notice notice-error" role="alert">
              {summary.error}
            </p>
          )}
          {digits.length > 0 && (
            <table className="figures" aria-label="Test-set averages">
              <caption>
                Averages over N = {digits.length.toLocaleString('en-US')} test digits (a seeded random subset), nats per
                image. ELBO and KL{grid ? ' on the grid' : ' by sampling'}; importance sampling with K = 100 (one run
                per digit).
                {failed.length > 0 &&
                  ` The two gap rows are over the other ${split.length.toLocaleString('en-US')}: on ${failed.length === 1 ? 'one digit' : `${failed.length} digits`} (${failed
                    .slice(0, 5)
                    .map((d) => `#${d.index}`)
                    .join(
                      ', ',
                    )}${failed.length > 5 ? ', …' : ''}) the best-q fit sat on grid cells too coarse for it even after refining, so its split is left out.`}
              </caption>
              <tbody>
                <tr>
                  <th scope="row">ELBO</th>
                  <td>{n2(average(digits, (d) => d.elbo))}</td>
                </tr>
                <tr>
                  <th scope="row">log p(x), importance-sampled (K = 100)</th>
                  <td>{n2(average(digits, (d) => d.iwae))}</td>
                </tr>
                {grid && (
                  <>
                    <tr>
                      <th scope="row">log p(x), quadrature</th>
                      <td>{n2(average(digits, (d) => d.logPx))}</td>
                    </tr>
                    <tr>
                      <th scope="row">KL(q(z|x) ‖ p(z|x))</th>
                      <td>{n2(average(digits, (d) => d.klQToPosterior))}</td>
                    </tr>
                    <tr>
                      <th scope="row">Amortisation gap</th>
                      <td>{n2(average(split, (d) => d.amortisationGap))}</td>
                    </tr>
                    <tr>
                      <th scope="row">Approximation gap (diagonal)</th>
                      <td>{n2(average(split, (d) => d.approximationGap))}</td>
                    </tr>
                  </>
                )}
              </tbody>
            </table>
          )}
          {ranked.length > 0 && (
            <figure className="lab-ranked">
              <figcaption>
                The digits where q(z|x) misses the posterior most (largest log p(x) − ELBO): on these the
                importance-sampled estimate with K = 100 can be far below log p(x), because q points away from much of
                the posterior&apos;s mass.
              </figcaption>
              <ol aria-label="Digits ranked by the gap">
                {ranked.map((d) => (
                  <li key={d.index}>
                    <button type="button" onClick={() => void runLab({ kind: 'test', index: d.index }, summary.slot)}>
                      Open #{d.index}
                    </button>{' '}
                    gap to the ELBO {n2(d.logPx - d.elbo)}, to importance sampling {n2(d.logPx - d.iwae)} nats
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

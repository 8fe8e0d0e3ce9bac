import { useId, useMemo } from 'react';
import { fixed } from '../format';
import { Chart } from '../Chart';
import { DigitCanvas } from '../DigitCanvas';
import { appStore } from '../../state/appStore';
import { PosteriorInset } from './PosteriorInset';
import { PosteriorSummary } from './PosteriorSummary';
import { TestDigitInput } from '../TestDigitInput';
import { useStore } from '../../state/createStore';
import { explorerStore } from '../../state/explorerStore';
import {
  closeLab,
  labLayers,
  labSlots,
  labStore,
  runBestQ,
  runLab,
  setLabOptions,
  type LabResult,
} from '../../state/posteriorLab';
import { useSlotLabels } from '../../state/slotView';
import { slotsStore } from '../../state/slots';
import type { LineChartOptions, Series } from '../../viz/lineChart';
import type { EstimatorRun } from '../../model/posterior/estimators';

const n2 = (x: number | undefined | null) => fixed(x, 2);
const count = (n: number) => n.toLocaleString('en-US');

/** One estimator's rows: mean ± sd over the repeats at each K, then the weights' effective sample size. */
function EstimatorRows({ label, runs }: { label: string; runs: EstimatorRun[] }) {
  return (
    <>
      <tr>
        <th scope="row">{label}</th>
        {runs.map((r) => (
          <td key={r.K}>
            {n2(r.mean)} ± {n2(r.std)}
          </td>
        ))}
      </tr>
      <tr>
        <th scope="row">its ESS</th>
        {runs.map((r) => (
          <td key={r.K}>{r.ess.toFixed(1)}</td>
        ))}
      </tr>
    </>
  );
}

function Estimators({ result }: { result: LabResult }) {
  const est = result.estimators;
  const logPx = result.quadrature?.logPx;
  const { series, options } = useMemo(() => {
    const s: Series[] = [];
    const o: LineChartOptions = {
      width: 560,
      height: 260,
      xLabel: 'K (samples, log scale)',
      yLabel: 'estimate of log p(x), nats',
      xLog: true,
      references: [],
    };
    if (!est) return { series: s, options: o };
    s.push(
      {
        id: 'is',
        label: 'importance sampling, q(z|x) as proposal (mean ± sd of 20 runs)',
        color: '#1864ab',
        points: est.importance.map((r) => ({ x: r.K, y: r.mean, err: r.std })),
      },
      {
        id: 'prior',
        label: 'plain Monte Carlo from the prior (mean ± sd)',
        color: '#e8590c',
        dashed: true,
        points: est.prior.map((r) => ({ x: r.K, y: r.mean, err: r.std })),
      },
    );
    o.references!.push({ y: est.elbo.elbo, label: 'ELBO', color: '#2b8a3e' });
    if (logPx !== undefined) o.references!.push({ y: logPx, label: 'log p(x), quadrature', color: '#c92a2a' });
    // The prior's estimates at small K can be hundreds of nats down: keep the interesting range.
    o.yQuantiles = [0.1, 1];
    return { series: s, options: o };
  }, [est, logPx]);
  if (!est) {
    return (
      <div className="progress-row">
        <label htmlFor="lab-estimators">Importance sampling and prior Monte Carlo</label>
        <progress id="lab-estimators" aria-label="Estimator progress" max={1} value={result.estimatorsProgress} />
        <span>{Math.round(result.estimatorsProgress * 100)}%</span>
      </div>
    );
  }
  return (
    <>
      <table className="figures" aria-label="Estimators of log p(x)">
        <caption>
          log p(x) in nats, by sampling: K draws, 20 runs each (mean ± sd; ESS: effective sample size of the weights,
          (Σw)² / Σw²).
        </caption>
        <thead>
          <tr>
            <th scope="col">K</th>
            {est.importance.map((r) => (
              <th key={r.K} scope="col">
                {count(r.K)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <EstimatorRows label="Importance sampling, q(z|x)" runs={est.importance} />
          <EstimatorRows label="Prior Monte Carlo, z ~ p(z)" runs={est.prior} />
        </tbody>
      </table>
      <Chart series={series} options={options} label="Estimates of log p(x) against K" />
    </>
  );
}

function LogPxFourWays({ result }: { result: LabResult }) {
  const { quadrature, identity, estimators } = result;
  const big = estimators?.importance[estimators.importance.length - 1];
  const elbo = identity?.elbo ?? estimators?.elbo;
  return (
    <table className="figures" aria-label="log p(x) four ways">
      <caption>log p(x), four ways, in nats (this digit).</caption>
      <tbody>
        {quadrature && (
          <tr>
            <th scope="row">Quadrature on the grid</th>
            <td>{n2(quadrature.logPx)}</td>
            <td className="note">{quadrature.description}</td>
          </tr>
        )}
        {elbo && (
          <tr>
            <th scope="row">ELBO</th>
            <td>
              {n2(elbo.elbo)} ± {n2(elbo.standardError)}
            </td>
            <td className="note">
              {elbo.klClosedForm ? 'closed-form KL plus the reconstruction' : 'log p(x, z) − log q(z|x)'} averaged over{' '}
              {count(elbo.draws)} draws from q (± its standard error)
            </td>
          </tr>
        )}
        {big && (
          <tr>
            <th scope="row">Importance sampling, K = {count(big.K)}</th>
            <td>
              {n2(big.mean)} ± {n2(big.std)}
            </td>
            <td className="note">q(z|x) as the proposal; ESS {big.ess.toFixed(0)}</td>
          </tr>
        )}
        {estimators && (
          <tr>
            <th scope="row">Prior Monte Carlo, K = {count(estimators.prior[estimators.prior.length - 1].K)}</th>
            <td>
              {n2(estimators.prior[estimators.prior.length - 1].mean)} ±{' '}
              {n2(estimators.prior[estimators.prior.length - 1].std)}
            </td>
            <td className="note">z drawn from p(z): few draws explain this digit</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function TruePosteriorFigures({ result, label }: { result: LabResult; label: string }) {
  const { truth, identity, q } = result;
  if (!truth) return null;
  const layers = labLayers(result);
  return (
    <div className="lab-posterior">
      {layers && (
        <PosteriorInset layers={layers} box={truth.display.box} label={`True posterior p(z|x), enlarged (${label})`} />
      )}
      <div className="lab-caption">
        <p>
          Heatmap: the true posterior p(z|x) ∝ p(x|z) p(z) on a {truth.display.nx} × {truth.display.ny} grid
          {result.displayMs !== null &&
            ` (${count(truth.display.nx * truth.display.ny)} decoder passes in ${Math.round(result.displayMs)} ms)`}
          , with its 50 / 90 / 99 % highest-density contours (purple). Blue: the encoder&apos;s q(z|x)
          {q?.gaussian ? ' at 1, 2 and 3 σ (axis-aligned: diagonal)' : ' (a flow: its own contours, dashed)'}. Orange,
          dashed: the best full-covariance Gaussian (the posterior&apos;s mean and covariance), tilted by its
          correlation ρ = {truth.moments.correlation.toFixed(2)}.
        </p>
        <p>
          What {q?.gaussian ? 'the diagonal assumption' : 'this q'} gives up, in nats: KL(p(z|x) ‖ q(z|x)) ={' '}
          {n2(truth.klPosteriorToQ)}; KL(p(z|x) ‖ full-covariance fit) = {n2(truth.klPosteriorToFit)}.
        </p>
        {identity && (
          <p aria-label="The ELBO identity">
            log p(x) − ELBO = {n2(identity.logPx)} − ({n2(identity.elbo.elbo)}) ={' '}
            {n2(identity.logPx - identity.elbo.elbo)} ; KL(q(z|x) ‖ p(z|x)) on the grid = {n2(identity.kl)}; residual{' '}
            {identity.residual.toFixed(3)} (the ELBO&apos;s standard error is {identity.elbo.standardError.toFixed(3)}).
          </p>
        )}
      </div>
    </div>
  );
}

function GapSplit({ result }: { result: LabResult }) {
  const { bestQ, q } = result;
  const r = bestQ.result;
  return (
    <div className="lab-gap">
      <button type="button" disabled={!result.truth || bestQ.running} onClick={() => void runBestQ()}>
        Best q for this digit
      </button>{' '}
      <span className="hint">
        Fits this digit&apos;s own diagonal Gaussian, and a full-covariance one, by gradient ascent on the ELBO (on the
        posterior&apos;s grid; the path shows on the maps).
      </span>
      {bestQ.running && <p role="status">Optimising…</p>}
      {r?.failed && (
        <p className="notice notice-warning" role="status">
          No gap split for this digit: {r.failed}.
        </p>
      )}
      {r && !r.failed && (
        <table className="figures" aria-label="Where the gap comes from">
          <caption>
            Where the gap log p(x) − ELBO comes from, in nats
            {r.refinements > 0 &&
              ` (the grid was refined ${r.refinements === 1 ? 'once' : `${r.refinements} times`} under the fitted q's, so that its cells resolve them)`}
            .
          </caption>
          <tbody>
            <tr>
              <th scope="row">ELBO of the encoder&apos;s q{q?.gaussian ? '' : ' (a flow)'}</th>
              <td>{n2(r.encoderElbo)}</td>
            </tr>
            <tr>
              <th scope="row">ELBO of the best diagonal q</th>
              <td>{n2(r.diagonal.elbo)}</td>
            </tr>
            <tr>
              <th scope="row">ELBO of the best full-covariance q</th>
              <td>{n2(r.full.elbo)}</td>
            </tr>
            <tr>
              <th scope="row">log p(x)</th>
              <td>{n2(r.logPx)}</td>
            </tr>
            <tr>
              <th scope="row">Amortisation gap (best diagonal q − encoder&apos;s q)</th>
              <td>{n2(r.amortisationGap)}</td>
            </tr>
            <tr>
              <th scope="row">Approximation gap (log p(x) − best diagonal q)</th>
              <td>{n2(r.approximationGap)}</td>
            </tr>
            <tr>
              <th scope="row">Gap left by the best full-covariance q</th>
              <td>{n2(r.fullCovarianceGap)}</td>
            </tr>
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The digit x the lab is about, as the model sees it, with its label. */
function LabDigit({ result }: { result: LabResult }) {
  const testSet = useStore(appStore, (s) => s.testSet);
  const drawn = useStore(explorerStore, (s) => s.drawn?.pixels ?? null);
  const { source } = result;
  const pixels =
    source.kind === 'test' ? (testSet?.images.subarray(source.index * 784, (source.index + 1) * 784) ?? null) : drawn;
  const label = source.kind === 'test' && testSet ? testSet.labels[source.index] : null;
  return (
    <figure className="lab-digit">
      <DigitCanvas pixels={pixels} size={84} label={label === null ? 'The digit x' : `The digit x: a ${label}`} />
      <figcaption>x{label === null ? ' (drawn)' : `: a ${label}`}</figcaption>
    </figure>
  );
}

/** The posterior lab: the true posterior beside q(z|x), and log p(x) measured four ways. */
export function PosteriorPanel() {
  const lab = useStore(labStore, (s) => s);
  const labels = useSlotLabels();
  // Re-render when the models change (which slots can run the lab).
  useStore(slotsStore, (s) => s);
  const selected = useStore(explorerStore, (s) => s.selectedDigit);
  const hasDrawn = useStore(explorerStore, (s) => s.drawn !== null);
  const digit = lab.digitText;
  const id = useId();
  const slots = labSlots();
  const slot = slots.includes(lab.slot) ? lab.slot : slots[0];
  const result = lab.result;
  const twoD = result?.quadrature !== null || (result?.estimators !== null && result?.truth !== null);
  return (
    <section className="panel posterior-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Posterior lab: the true posterior beside q(z|x)</h2>
      <p className="panel-intro">
        For one digit, p(z|x) ∝ p(x|z) p(z) evaluated on a grid (in 2-D it can be, almost exactly), beside the
        encoder&apos;s q(z|x); log p(x) by quadrature, by the ELBO, by importance sampling and by plain Monte Carlo from
        the prior; and the identity log p(x) = ELBO + KL(q(z|x) ‖ p(z|x)) with each term computed on its own.
      </p>
      {slots.length === 0 ? (
        <p className="hint">Show a VAE or a flow VAE (a model whose q(z|x) is a distribution) to use the lab.</p>
      ) : (
        <div className="lab-controls">
          {slots.length > 1 && (
            <div role="radiogroup" aria-label="Lab model" className="segmented small">
              {slots.map((s) => (
                <label key={s} className={s === slot ? 'segment active' : 'segment'}>
                  <input
                    type="radio"
                    name={`${id}-slot`}
                    checked={s === slot}
                    onChange={() => setLabOptions({ slot: s })}
                  />
                  {labels[s]}
                </label>
              ))}
            </div>
          )}
          <TestDigitInput
            value={digit}
            onChange={(text) => setLabOptions({ digitText: text })}
            label="Lab test digit"
          />
          <button
            type="button"
            className="primary"
            onClick={() => void runLab({ kind: 'test', index: Number(digit) }, slot)}
          >
            Run the lab
          </button>
          <button type="button" disabled={!hasDrawn} onClick={() => void runLab({ kind: 'drawn' }, slot)}>
            Use the drawn digit
          </button>
          <button
            type="button"
            disabled={selected === null}
            onClick={() => selected !== null && void runLab({ kind: 'test', index: selected }, slot)}
          >
            Use the digit picked on the map{selected !== null ? ` (#${selected})` : ''}
          </button>
          <label>
            <input type="checkbox" checked={lab.follow} onChange={(e) => setLabOptions({ follow: e.target.checked })} />{' '}
            Follow the digit picked on a map
          </label>
          {result && (
            <button type="button" onClick={closeLab}>
              Clear
            </button>
          )}
        </div>
      )}
      {result && (
        <div className="lab-result" aria-live="polite">
          <h3>
            {result.source.kind === 'test' ? `Test digit number ${result.source.index}` : 'The drawn digit'} under the{' '}
            {labels[result.slot]}
          </h3>
          <LabDigit result={result} />
          {result.error && (
            <p className="notice notice-error" role="alert">
              {result.error}
            </p>
          )}
          {!result.quadrature && !result.estimators && !result.error && <p role="status">Evaluating the grid…</p>}
          {!twoD && result.estimators && (
            <p className="hint">
              A latent size above 2: no grid (it would need too many points). The estimators of log p(x) only.
            </p>
          )}
          <TruePosteriorFigures result={result} label={labels[result.slot]} />
          <LogPxFourWays result={result} />
          <Estimators result={result} />
          {result.truth && <GapSplit result={result} />}
        </div>
      )}
      {slots.length > 0 && <PosteriorSummary slot={slot} />}
    </section>
  );
}

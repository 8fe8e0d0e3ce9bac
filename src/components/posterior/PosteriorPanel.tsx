import { useId, useMemo } from 'react';
import { count, fixed } from '../format';
import { useT } from '../../i18n';
import { Chart } from '../Chart';
import { DigitCanvas } from '../DigitCanvas';
import { appStore } from '../../state/appStore';
import { PosteriorInset } from './PosteriorInset';
import { PosteriorSummary } from './PosteriorSummary';
import { TestDigitInput } from '../TestDigitInput';
import { Segmented } from '../Segmented';
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
import { useSlotKinds, useSlotLabels } from '../../state/slotView';
import type { LineChartOptions, Series } from '../../viz/lineChart';
import type { EstimatorRun } from '../../model/posterior/estimators';
import type { QuadratureSummary } from '../../model/posterior/protocol';

const n2 = (x: number | undefined | null) => fixed(x, 2);

/** One estimator's rows: mean ± sd over the repeats at each K, then the weights' effective sample size. */
function EstimatorRows({ label, runs }: { label: string; runs: EstimatorRun[] }) {
  const { t } = useT();
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
        <th scope="row">{t('lab.estimators.ess')}</th>
        {runs.map((r) => (
          <td key={r.K}>{fixed(r.ess, 1)}</td>
        ))}
      </tr>
    </>
  );
}

function Estimators({ result }: { result: LabResult }) {
  const est = result.estimators;
  const logPx = result.quadrature?.logPx;
  const { t } = useT();
  const { series, options } = useMemo(() => {
    const s: Series[] = [];
    const o: LineChartOptions = {
      width: 560,
      height: 260,
      xLabel: t('lab.estimators.xLabel'),
      yLabel: t('lab.estimators.yLabel'),
      xLog: true,
      references: [],
    };
    if (!est) return { series: s, options: o };
    s.push(
      {
        id: 'is',
        label: t('lab.estimators.importanceSeries'),
        color: '#1864ab',
        points: est.importance.map((r) => ({ x: r.K, y: r.mean, err: r.std })),
      },
      {
        id: 'prior',
        label: t('lab.estimators.priorSeries'),
        color: '#e8590c',
        dashed: true,
        points: est.prior.map((r) => ({ x: r.K, y: r.mean, err: r.std })),
      },
      {
        id: 'uniform',
        label: t('lab.estimators.uniformSeries'),
        color: '#868e96',
        dashed: true,
        points: est.uniform.map((r) => ({ x: r.K, y: r.mean, err: r.std })),
      },
    );
    o.references!.push({ y: est.elbo.elbo, label: t('lab.estimators.elboReference'), color: '#2b8a3e' });
    if (logPx !== undefined) {
      o.references!.push({ y: logPx, label: t('lab.estimators.quadratureReference'), color: '#c92a2a' });
    }
    // The prior's estimates at small K can be hundreds of nats down: keep the interesting range.
    o.yQuantiles = [0.1, 1];
    return { series: s, options: o };
  }, [est, logPx, t]);
  if (!est) {
    return (
      <div className="progress-row">
        <label htmlFor="lab-estimators">{t('lab.estimators.progress')}</label>
        <progress
          id="lab-estimators"
          aria-label={t('lab.estimators.progressName')}
          max={1}
          value={result.estimatorsProgress}
        />
        <span>{Math.round(result.estimatorsProgress * 100)}%</span>
      </div>
    );
  }
  return (
    <>
      <table className="figures" aria-label={t('lab.estimators.table')}>
        <caption>{t('lab.estimators.caption')}</caption>
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
          <EstimatorRows label={t('lab.estimators.importance')} runs={est.importance} />
          <EstimatorRows label={t('lab.estimators.prior')} runs={est.prior} />
          <EstimatorRows label={t('lab.estimators.uniform')} runs={est.uniform} />
        </tbody>
      </table>
      <Chart series={series} options={options} label={t('lab.estimators.chart')} />
    </>
  );
}

/** The quadrature's grid, in words (the worker sends its numbers). */
function gridNote(t: ReturnType<typeof useT>['t'], grid: QuadratureSummary['grid']): string {
  return t('lab.fourWays.quadratureNote', {
    coarse: grid.coarse,
    x0: fixed(grid.box[0], 1),
    x1: fixed(grid.box[1], 1),
    refinements: grid.refinements,
    // Two significant digits (0.00046), as the figures are written in both languages.
    finest: grid.finest.toPrecision(2),
    cells: count(grid.cells),
    evaluations: count(grid.evaluations),
    difference: grid.lastDifference.toPrecision(2),
  });
}

function LogPxFourWays({ result }: { result: LabResult }) {
  const { t } = useT();
  const { quadrature, identity, estimators } = result;
  const big = estimators?.importance[estimators.importance.length - 1];
  const elbo = identity?.elbo ?? estimators?.elbo;
  return (
    <table className="figures" aria-label={t('lab.fourWays.table')}>
      <caption>{t('lab.fourWays.caption')}</caption>
      <tbody>
        {quadrature && (
          <tr>
            <th scope="row">{t('lab.fourWays.quadrature')}</th>
            <td>{n2(quadrature.logPx)}</td>
            <td className="note">{gridNote(t, quadrature.grid)}</td>
          </tr>
        )}
        {elbo && (
          <tr>
            <th scope="row">ELBO</th>
            <td>
              {n2(elbo.elbo)} ± {n2(elbo.standardError)}
            </td>
            <td className="note">
              {t(elbo.klClosedForm ? 'lab.fourWays.elboClosedForm' : 'lab.fourWays.elboSampled', {
                draws: count(elbo.draws),
              })}
            </td>
          </tr>
        )}
        {big && (
          <tr>
            <th scope="row">{t('lab.fourWays.importance', { K: count(big.K) })}</th>
            <td>
              {n2(big.mean)} ± {n2(big.std)}
            </td>
            {/* A whole number without grouping (10000), as before; the same in both languages. */}
            <td className="note">{t('lab.fourWays.importanceNote', { ess: big.ess.toFixed(0) })}</td>
          </tr>
        )}
        {estimators && (
          <tr>
            <th scope="row">
              {t('lab.fourWays.prior', { K: count(estimators.prior[estimators.prior.length - 1].K) })}
            </th>
            <td>
              {n2(estimators.prior[estimators.prior.length - 1].mean)} ±{' '}
              {n2(estimators.prior[estimators.prior.length - 1].std)}
            </td>
            <td className="note">{t('lab.fourWays.priorNote')}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function TruePosteriorFigures({ result, label }: { result: LabResult; label: string }) {
  const { t } = useT();
  const { truth, identity, q } = result;
  if (!truth) return null;
  const layers = labLayers(result);
  return (
    <div className="lab-posterior">
      {layers && (
        <PosteriorInset layers={layers} box={truth.display.box} label={t('lab.truth.inset', { model: label })} />
      )}
      <div className="lab-caption">
        <p>
          {t('lab.truth.caption', {
            nx: truth.display.nx,
            ny: truth.display.ny,
            passes:
              result.displayMs !== null
                ? t('lab.truth.passes', {
                    passes: count(truth.display.nx * truth.display.ny),
                    ms: Math.round(result.displayMs),
                  })
                : '',
            shape: !q?.gaussian
              ? t('lab.truth.flowShape')
              : q.family === 'full'
                ? t('lab.truth.fullShape')
                : t('lab.truth.gaussianShape'),
            correlation: fixed(truth.moments.correlation, 2),
          })}
        </p>
        <p>
          {t(q?.gaussian && q.family !== 'full' ? 'lab.truth.givesUpDiagonal' : 'lab.truth.givesUpFlow', {
            klQ: n2(truth.klPosteriorToQ),
            klFit: n2(truth.klPosteriorToFit),
          })}
        </p>
        {identity && (
          <p aria-label={t('lab.truth.identityName')}>
            {t('lab.truth.identity', {
              logPx: n2(identity.logPx),
              elbo: n2(identity.elbo.elbo),
              gap: n2(identity.logPx - identity.elbo.elbo),
              kl: n2(identity.kl),
              residual: fixed(identity.residual, 3),
              standardError: fixed(identity.elbo.standardError, 3),
            })}
          </p>
        )}
      </div>
    </div>
  );
}

function GapSplit({ result }: { result: LabResult }) {
  const { t } = useT();
  const { bestQ, q } = result;
  const r = bestQ.result;
  return (
    <div className="lab-gap">
      <button type="button" disabled={!result.truth || bestQ.running} onClick={() => void runBestQ()}>
        {t('lab.gap.run')}
      </button>{' '}
      <span className="hint">{t('lab.gap.hint')}</span>
      {bestQ.running && <p role="status">{t('lab.gap.running')}</p>}
      {r?.failed && (
        <p className="notice notice-warning" role="status">
          {t('lab.gap.failed', { reason: r.failed })}
        </p>
      )}
      {r && !r.failed && (
        <table className="figures" aria-label={t('lab.gap.table')}>
          <caption>
            {t('lab.gap.caption', {
              refined:
                r.refinements === 0
                  ? ''
                  : r.refinements === 1
                    ? t('lab.gap.refinedOnce')
                    : t('lab.gap.refinedTimes', { times: r.refinements }),
            })}
          </caption>
          <tbody>
            <tr>
              <th scope="row">{q?.gaussian ? t('lab.gap.encoderElbo') : t('lab.gap.encoderElboFlow')}</th>
              <td>{n2(r.encoderElbo)}</td>
            </tr>
            <tr>
              <th scope="row">{t('lab.gap.diagonalElbo')}</th>
              <td>{n2(r.diagonal.elbo)}</td>
            </tr>
            <tr>
              <th scope="row">{t('lab.gap.fullElbo')}</th>
              <td>{n2(r.full.elbo)}</td>
            </tr>
            <tr>
              <th scope="row">log p(x)</th>
              <td>{n2(r.logPx)}</td>
            </tr>
            <tr>
              <th scope="row">{t(r.family === 'full' ? 'lab.gap.amortisationFull' : 'lab.gap.amortisation')}</th>
              <td>{n2(r.amortisationGap)}</td>
            </tr>
            <tr>
              <th scope="row">{t(r.family === 'full' ? 'lab.gap.approximationFull' : 'lab.gap.approximation')}</th>
              <td>{n2(r.approximationGap)}</td>
            </tr>
            <tr>
              <th scope="row">{t('lab.gap.fullCovariance')}</th>
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
  const { t } = useT();
  const testSet = useStore(appStore, (s) => s.testSet);
  const drawn = useStore(explorerStore, (s) => s.drawn?.pixels ?? null);
  const { source } = result;
  const pixels =
    source.kind === 'test' ? (testSet?.images.subarray(source.index * 784, (source.index + 1) * 784) ?? null) : drawn;
  const label = source.kind === 'test' && testSet ? testSet.labels[source.index] : null;
  return (
    <figure className="lab-digit">
      <DigitCanvas
        pixels={pixels}
        size={84}
        label={label === null ? t('lab.digit.drawnLabel') : t('lab.digit.testLabel', { label })}
      />
      <figcaption>{label === null ? t('lab.digit.drawnCaption') : t('lab.digit.testCaption', { label })}</figcaption>
    </figure>
  );
}

/** The posterior lab: the true posterior beside q(z|x), and log p(x) measured four ways. */
export function PosteriorPanel() {
  const { t } = useT();
  const lab = useStore(labStore, (s) => s);
  const labels = useSlotLabels();
  // Re-render when the models change (not on every training event) (which slots can run the lab).
  useSlotKinds();
  const selected = useStore(explorerStore, (s) => s.selectedDigit);
  const hasDrawn = useStore(explorerStore, (s) => s.drawn !== null);
  const digit = lab.digitText;
  const id = useId();
  const slots = labSlots();
  const slot = slots.includes(lab.slot) ? lab.slot : slots[0];
  const result = lab.result;
  const twoD = result?.quadrature !== null || (result?.estimators !== null && result?.truth !== null);
  return (
    <section id="panel-lab" className="panel posterior-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('lab.panel.heading')}</h2>
      <p className="panel-intro">{t('lab.panel.intro')}</p>
      {slots.length === 0 ? (
        <p className="hint">{t('lab.panel.noModel')}</p>
      ) : (
        <div className="lab-controls">
          {slots.length > 1 && (
            <Segmented
              label={t('lab.panel.model')}
              name={`${id}-slot`}
              options={slots}
              value={slot}
              onChange={(s) => setLabOptions({ slot: s })}
              text={(s) => labels[s]}
            />
          )}
          <TestDigitInput
            value={digit}
            onChange={(text) => setLabOptions({ digitText: text })}
            label={t('lab.panel.testDigit')}
          />
          <button
            type="button"
            className="primary"
            onClick={() => void runLab({ kind: 'test', index: Number(digit) }, slot)}
          >
            {t('lab.panel.run')}
          </button>
          <button type="button" disabled={!hasDrawn} onClick={() => void runLab({ kind: 'drawn' }, slot)}>
            {t('lab.panel.useDrawn')}
          </button>
          <button
            type="button"
            disabled={selected === null}
            onClick={() => selected !== null && void runLab({ kind: 'test', index: selected }, slot)}
          >
            {selected !== null ? t('lab.panel.usePickedNumber', { index: selected }) : t('lab.panel.usePicked')}
          </button>
          <label>
            <input type="checkbox" checked={lab.follow} onChange={(e) => setLabOptions({ follow: e.target.checked })} />{' '}
            {t('lab.panel.follow')}
          </label>
          {result && (
            <button type="button" onClick={closeLab}>
              {t('lab.panel.clear')}
            </button>
          )}
        </div>
      )}
      {result && (
        <div className="lab-result" aria-live="polite">
          <h3>
            {result.source.kind === 'test'
              ? t('lab.panel.resultTest', { index: result.source.index, model: labels[result.slot] })
              : t('lab.panel.resultDrawn', { model: labels[result.slot] })}
          </h3>
          <LabDigit result={result} />
          {result.error && (
            <p className="notice notice-error" role="alert">
              {result.error}
            </p>
          )}
          {!result.quadrature && !result.estimators && !result.error && (
            <p role="status">{t('lab.panel.evaluating')}</p>
          )}
          {!twoD && result.estimators && <p className="hint">{t('lab.panel.noGrid')}</p>}
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

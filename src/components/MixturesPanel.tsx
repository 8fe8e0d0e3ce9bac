import { useId, useMemo, useState } from 'react';
import { count, fixed, percent } from './format';
import { Chart } from './Chart';
import { ImageStrip } from './ImageStrip';
import { priorSourceText } from './PriorSamples';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import {
  drawMixtureStrip,
  fitGmmTo,
  hideAggregate,
  mixtureStore,
  readySlots,
  sampleGmmAndPrior,
  showAggregate,
  sweepGmm,
} from '../state/mixtures';
import { useSlotKinds, useSlotLabels } from '../state/slotView';
import type { SlotId } from '../lib/slotIds';
import type { LineChartOptions, Series } from '../viz/lineChart';
import { gmmParameterCount } from '../lib/gmm';

const n2 = (x: number) => fixed(x, 2);

function SlotChoice({
  slots,
  value,
  onChange,
  name,
}: {
  slots: SlotId[];
  value: SlotId;
  onChange: (slot: SlotId) => void;
  name: string;
}) {
  const labels = useSlotLabels();
  if (slots.length < 2) return null;
  return (
    <div role="radiogroup" aria-label={name} className="segmented small">
      {slots.map((s) => (
        <label key={s} className={s === value ? 'segment active' : 'segment'}>
          <input type="radio" name={name} checked={s === value} onChange={() => onChange(s)} />
          {labels[s]}
        </label>
      ))}
    </div>
  );
}

function GmmSection() {
  const { t } = useT();
  const { gmm, sweep, samples } = useStore(mixtureStore, (s) => s);
  const labels = useSlotLabels();
  const slots = readySlots('gmm-on-codes');
  // A model with no generator of its own first (an AE): the GMM is what makes it one.
  const preferred = readySlots('gmm-on-codes', (family) => family.generator === 'probe')[0] ?? slots[0];
  const [chosen, setChosen] = useState<SlotId | null>(null);
  const slot = chosen && slots.includes(chosen) ? chosen : preferred;
  const [k, setK] = useState('10');
  const K = Number(k);
  const valid = Number.isInteger(K) && K >= 1 && K <= 50;
  const { series, options } = useMemo(() => {
    const points = sweep?.points ?? [];
    const s: Series[] = [
      {
        id: 'held',
        label: t('mixtures.gmm.heldSeries'),
        color: '#1864ab',
        points: points.map((p) => ({ x: p.K, y: p.heldOutLogLikelihood })),
      },
    ];
    const bicSeries: Series[] = [
      {
        id: 'bic',
        label: t('mixtures.gmm.bicSeries', { fittedOn: count(sweep?.fittedOn ?? 5000) }),
        color: '#e8590c',
        points: points.map((p) => ({ x: p.K, y: p.bicPerCode })),
      },
    ];
    const held: LineChartOptions = {
      width: 420,
      height: 200,
      xLabel: t('mixtures.gmm.xLabel'),
      yLabel: t('mixtures.gmm.heldYLabel'),
    };
    const bic: LineChartOptions = { ...held, yLabel: t('mixtures.gmm.bicYLabel') };
    return { series: { held: s, bic: bicSeries }, options: { held, bic } };
  }, [sweep, t]);
  if (!slot) return <p className="hint">{t('mixtures.gmm.none')}</p>;
  return (
    <section aria-labelledby="gmm-heading">
      <h3 id="gmm-heading">{t('mixtures.gmm.heading', { model: labels[slot] })}</h3>
      <p className="hint">{t('mixtures.gmm.hint', { model: labels[slot] })}</p>
      <div className="lab-controls">
        <SlotChoice slots={slots} value={slot} onChange={setChosen} name={t('mixtures.gmm.model')} />
        <label>
          {t('mixtures.gmm.components')}{' '}
          <input
            type="number"
            min={1}
            max={50}
            value={k}
            aria-label={t('mixtures.gmm.componentsInput')}
            aria-invalid={!valid}
            onChange={(e) => setK(e.target.value)}
          />
        </label>
        <button
          type="button"
          className="primary"
          disabled={!valid || gmm?.running}
          onClick={() => void fitGmmTo(slot, K)}
        >
          {t('mixtures.gmm.fit')}
        </button>
        <button type="button" disabled={sweep?.running} onClick={() => void sweepGmm(slot, 50)}>
          {t('mixtures.gmm.sweep')}
        </button>
        {!valid && <span className="field-error">{t('mixtures.gmm.invalidK')}</span>}
      </div>
      {gmm?.running && <p role="status">{t('mixtures.gmm.running')}</p>}
      {gmm?.error && (
        <p className="notice notice-error" role="alert">
          {gmm.error}
        </p>
      )}
      {gmm?.result && (
        <p aria-label={t('mixtures.gmm.result')}>
          {t('mixtures.gmm.figures', {
            K: gmm.result.K,
            train: n2(gmm.result.trainLogLikelihood),
            fittedOn: count(gmm.result.fittedOn),
            heldOut: n2(gmm.result.heldOutLogLikelihood),
            heldOutCount: count(gmm.result.heldOut),
            bic: n2(gmm.result.bicPerCode),
            parameters: gmmParameterCount(gmm.result.K, gmm.result.gmm.d),
            iterations: gmm.result.iterations,
          })}{' '}
          <button type="button" onClick={() => void sampleGmmAndPrior()}>
            {t('mixtures.gmm.sample', { model: labels[gmm.slot] })}
          </button>
        </p>
      )}
      {sweep && (
        <div className="charts">
          {sweep.running && (
            <progress aria-label={t('mixtures.gmm.sweepProgress')} max={sweep.maxK} value={sweep.points.length} />
          )}
          <Chart series={series.held} options={options.held} label={t('mixtures.gmm.heldChart')} />
          <Chart series={series.bic} options={options.bic} label={t('mixtures.gmm.bicChart')} />
        </div>
      )}
      {samples && (
        <div className="generator-compare">
          <figure>
            <figcaption>
              {t('mixtures.gmm.samplesCaption', { model: labels[samples.gmmSlot], K: samples.K })}
            </figcaption>
            <ImageStrip
              images={samples.gmmImages}
              count={samples.count}
              columns={samples.count}
              cell={44}
              label={t('mixtures.gmm.samples')}
            />
          </figure>
          {samples.vaeImages && samples.vaeSlot && (
            <figure>
              <figcaption>
                {t('mixtures.gmm.priorCaption', {
                  model: labels[samples.vaeSlot],
                  source: samples.vaeSource ? priorSourceText(t, samples.vaeSource) : '',
                })}
              </figcaption>
              <ImageStrip
                images={samples.vaeImages}
                count={samples.count}
                columns={samples.count}
                cell={44}
                label={t('mixtures.gmm.priorSamples')}
              />
            </figure>
          )}
        </div>
      )}
    </section>
  );
}

function AggregateSection() {
  const { t } = useT();
  const aggregate = useStore(mixtureStore, (s) => s.aggregate);
  const labels = useSlotLabels();
  const slots = readySlots('aggregate-posterior');
  const [chosen, setChosen] = useState<SlotId | null>(null);
  const slot = chosen && slots.includes(chosen) ? chosen : slots[0];
  if (!slot) return null;
  const r = aggregate?.result;
  return (
    <section aria-labelledby="aggregate-heading">
      <h3 id="aggregate-heading">{t('mixtures.aggregate.heading')}</h3>
      <p className="hint">{t('mixtures.aggregate.hint')}</p>
      <div className="lab-controls">
        <SlotChoice slots={slots} value={slot} onChange={setChosen} name={t('mixtures.aggregate.model')} />
        <button
          type="button"
          className="primary"
          disabled={aggregate?.running}
          onClick={() => void showAggregate(slot)}
        >
          {t('mixtures.aggregate.show')}
        </button>
        {aggregate && (
          <button type="button" onClick={hideAggregate}>
            {t('mixtures.aggregate.hide')}
          </button>
        )}
      </div>
      {aggregate?.running && <p role="status">{t('mixtures.aggregate.running')}</p>}
      {aggregate?.error && (
        <p className="notice notice-error" role="alert">
          {aggregate.error}
        </p>
      )}
      {r && aggregate && (
        <p aria-label={t('mixtures.aggregate.result')}>
          {t('mixtures.aggregate.figures', {
            model: labels[aggregate.slot],
            kl: n2(r.figures.kl),
            standardError: n2(r.figures.klStandardError),
            samples: count(r.figures.samples),
            digits: count(r.count),
            holeShare: percent(r.figures.holeShare),
            priorDraws: count(r.figures.priorDraws),
          })}
          {!r.grid && t('mixtures.aggregate.noMap')}
        </p>
      )}
    </section>
  );
}

function InfiniteMixtureSection() {
  const { t } = useT();
  const strip = useStore(mixtureStore, (s) => s.strip);
  const samples = useStore(mixtureStore, (s) => s.samples);
  const labels = useSlotLabels();
  const slots = readySlots('infinite-mixture');
  const [chosen, setChosen] = useState<SlotId | null>(null);
  const slot = chosen && slots.includes(chosen) ? chosen : slots[0];
  if (!slot) return null;
  return (
    <section aria-labelledby="infinite-heading">
      <h3 id="infinite-heading">{t('mixtures.infinite.heading')}</h3>
      <p className="hint">{t('mixtures.infinite.hint')}</p>
      <div className="lab-controls">
        <SlotChoice slots={slots} value={slot} onChange={setChosen} name={t('mixtures.infinite.model')} />
        <button type="button" className="primary" onClick={() => void drawMixtureStrip(slot)}>
          {t('mixtures.infinite.draw')}
        </button>
      </div>
      <div className="generator-compare">
        {strip && (
          <figure>
            <figcaption>
              {t('mixtures.infinite.stripCaption', { model: labels[strip.slot], draws: strip.count, perZ: strip.perZ })}
            </figcaption>
            <ImageStrip
              images={interleave(strip.means, strip.samples, strip.count, strip.perZ)}
              count={strip.count * (strip.perZ + 1)}
              columns={strip.count}
              cell={40}
              label={t('mixtures.infinite.strip')}
            />
          </figure>
        )}
        {samples && (
          <figure>
            <figcaption>
              {t('mixtures.infinite.componentsCaption', { model: labels[samples.gmmSlot], K: samples.K })}
            </figcaption>
            <ImageStrip
              images={samples.componentImages}
              count={samples.K}
              columns={Math.min(samples.K, 10)}
              cell={40}
              label={t('mixtures.infinite.components')}
            />
          </figure>
        )}
      </div>
    </section>
  );
}

/** Row-major [perZ + 1, count] images: the means as the first row, then the samples, column by column. */
function interleave(means: Float32Array, samples: Float32Array, count: number, perZ: number): Float32Array {
  const out = new Float32Array((perZ + 1) * count * 784);
  for (let c = 0; c < count; c++) {
    out.set(means.subarray(c * 784, (c + 1) * 784), c * 784);
    for (let s = 0; s < perZ; s++) {
      out.set(samples.subarray((c * perZ + s) * 784, (c * perZ + s + 1) * 784), ((s + 1) * count + c) * 784);
    }
  }
  return out;
}

/** Finite and infinite mixtures, and the prior against where the data is. */
export function MixturesPanel() {
  const { t } = useT();
  const id = useId();
  // Re-render when the models change (not on every training event) (which slots can take each tool).
  useSlotKinds();
  return (
    <section id="panel-mixtures" className="panel mixtures-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('mixtures.heading')}</h2>
      <GmmSection />
      <AggregateSection />
      <InfiniteMixtureSection />
    </section>
  );
}

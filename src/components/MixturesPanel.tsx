import { useId, useMemo, useState } from 'react';
import { fixed } from './format';
import { Chart } from './Chart';
import { ImageStrip } from './ImageStrip';
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
import { slotsStore } from '../state/slots';
import { useSlotLabels } from '../state/slotView';
import type { SlotId } from '../lib/slots';
import type { LineChartOptions, Series } from '../viz/lineChart';
import { gmmParameterCount } from '../lib/gmm';

const n2 = (x: number) => fixed(x, 2);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

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
  const { gmm, sweep, samples } = useStore(mixtureStore, (s) => s);
  const labels = useSlotLabels();
  const slots = readySlots((k) => k === 'ae' || k === 'vq-vae' || k === 'vae');
  const preferred = readySlots((k) => k === 'ae')[0] ?? slots[0];
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
        label: 'held-out log-likelihood per test code',
        color: '#1864ab',
        points: points.map((p) => ({ x: p.K, y: p.heldOutLogLikelihood })),
      },
    ];
    const bicSeries: Series[] = [
      {
        id: 'bic',
        label: `BIC per code on the ${sweep?.fittedOn?.toLocaleString('en-US') ?? '5,000'} codes fitted (lower is better)`,
        color: '#e8590c',
        points: points.map((p) => ({ x: p.K, y: p.bicPerCode })),
      },
    ];
    const held: LineChartOptions = { width: 420, height: 200, xLabel: 'components K', yLabel: 'nats per code' };
    const bic: LineChartOptions = { ...held, yLabel: 'BIC per code' };
    return { series: { held: s, bic: bicSeries }, options: { held, bic } };
  }, [sweep]);
  if (!slot) return <p className="hint">Show an AE (or any model) to fit a Gaussian mixture to its codes.</p>;
  return (
    <section aria-labelledby="gmm-heading">
      <h3 id="gmm-heading">A finite mixture: a GMM on the {labels[slot]}&apos;s codes</h3>
      <p className="hint">
        A Gaussian mixture (EM, full covariances, seeded) fitted to the codes of 20,000 training digits: each of its K
        components is a Gaussian over the code plane, and with it the {labels[slot]} becomes a generator. Drawn on the
        map: the components at 1 and 2 σ with their weights, and the mixture&apos;s 50 / 90 / 99 % density contours.
      </p>
      <div className="lab-controls">
        <SlotChoice slots={slots} value={slot} onChange={setChosen} name="GMM model" />
        <label>
          Components K{' '}
          <input
            type="number"
            min={1}
            max={50}
            value={k}
            aria-label="GMM components"
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
          Fit the GMM
        </button>
        <button type="button" disabled={sweep?.running} onClick={() => void sweepGmm(slot, 50)}>
          Held-out fit and BIC for K = 1 to 50
        </button>
        {!valid && <span className="field-error">K must be a whole number between 1 and 50</span>}
      </div>
      {gmm?.running && <p role="status">Encoding the training digits and running EM…</p>}
      {gmm?.error && (
        <p className="notice notice-error" role="alert">
          {gmm.error}
        </p>
      )}
      {gmm?.result && (
        <p aria-label="GMM fit">
          K = {gmm.result.K}: average log-likelihood {n2(gmm.result.trainLogLikelihood)} nats per code on the{' '}
          {gmm.result.fittedOn.toLocaleString('en-US')} codes fitted, {n2(gmm.result.heldOutLogLikelihood)} on the{' '}
          {gmm.result.heldOut.toLocaleString('en-US')} test digits&apos; codes (held out); BIC per code{' '}
          {n2(gmm.result.bicPerCode)} (−2 × the average log-likelihood + p log n / n, with p ={' '}
          {gmmParameterCount(gmm.result.K, gmm.result.gmm.d)} parameters and n ={' '}
          {gmm.result.fittedOn.toLocaleString('en-US')}); {gmm.result.iterations} EM iterations.{' '}
          <button type="button" onClick={() => void sampleGmmAndPrior()}>
            Sample from {labels[gmm.slot]} + GMM
          </button>
        </p>
      )}
      {sweep && (
        <div className="charts">
          {sweep.running && <progress aria-label="GMM sweep progress" max={sweep.maxK} value={sweep.points.length} />}
          <Chart series={series.held} options={options.held} label="Held-out log-likelihood against K" />
          <Chart series={series.bic} options={options.bic} label="BIC against K" />
        </div>
      )}
      {samples && (
        <div className="generator-compare">
          <figure>
            <figcaption>
              {labels[samples.gmmSlot]} + GMM (K = {samples.K}): codes drawn from the mixture, decoded
            </figcaption>
            <ImageStrip
              images={samples.gmmImages}
              count={samples.count}
              columns={samples.count}
              cell={44}
              label="Samples from the GMM on the codes"
            />
          </figure>
          {samples.vaeImages && samples.vaeSlot && (
            <figure>
              <figcaption>
                {labels[samples.vaeSlot]}: from {samples.vaeSource}
              </figcaption>
              <ImageStrip
                images={samples.vaeImages}
                count={samples.count}
                columns={samples.count}
                cell={44}
                label="Prior samples beside the GMM's"
              />
            </figure>
          )}
        </div>
      )}
    </section>
  );
}

function AggregateSection() {
  const aggregate = useStore(mixtureStore, (s) => s.aggregate);
  const labels = useSlotLabels();
  const slots = readySlots((k) => k === 'vae');
  const [chosen, setChosen] = useState<SlotId | null>(null);
  const slot = chosen && slots.includes(chosen) ? chosen : slots[0];
  if (!slot) return null;
  const r = aggregate?.result;
  return (
    <section aria-labelledby="aggregate-heading">
      <h3 id="aggregate-heading">The aggregate posterior against the prior</h3>
      <p className="hint">
        q(z) = 1/N Σ q(z|xₙ) over the 10,000 test digits is where the encoder actually puts the data. Where the prior
        has mass and q(z) has little (holes), prior samples decode to implausible images. On the map: q(z) as a teal
        heatmap, the prior&apos;s 50 / 90 / 99 % contours dashed, and prior draws that land in holes as red crosses.
      </p>
      <div className="lab-controls">
        <SlotChoice slots={slots} value={slot} onChange={setChosen} name="Aggregate posterior model" />
        <button
          type="button"
          className="primary"
          disabled={aggregate?.running}
          onClick={() => void showAggregate(slot)}
        >
          Show the aggregate posterior
        </button>
        {aggregate && (
          <button type="button" onClick={hideAggregate}>
            Hide it
          </button>
        )}
      </div>
      {aggregate?.running && <p role="status">Encoding the test digits…</p>}
      {aggregate?.error && (
        <p className="notice notice-error" role="alert">
          {aggregate.error}
        </p>
      )}
      {r && aggregate && (
        <p aria-label="Aggregate posterior figures">
          {labels[aggregate.slot]}: KL(q(z) ‖ p(z)) ≈ {n2(r.figures.kl)} ± {n2(r.figures.klStandardError)} nats (
          {r.figures.samples.toLocaleString('en-US')} draws of q(z), over {r.count.toLocaleString('en-US')} test
          digits); {pct(r.figures.holeShare)} of {r.figures.priorDraws.toLocaleString('en-US')} prior draws land where
          q(z) is lower than at 99 % of its own draws.
          {!r.grid && ' A latent size above 2: the figures only, no map.'}
        </p>
      )}
    </section>
  );
}

function InfiniteMixtureSection() {
  const strip = useStore(mixtureStore, (s) => s.strip);
  const samples = useStore(mixtureStore, (s) => s.samples);
  const labels = useSlotLabels();
  const slots = readySlots((k) => k === 'vae' || k === 'flow-vae');
  const [chosen, setChosen] = useState<SlotId | null>(null);
  const slot = chosen && slots.includes(chosen) ? chosen : slots[0];
  if (!slot) return null;
  return (
    <section aria-labelledby="infinite-heading">
      <h3 id="infinite-heading">An infinite mixture: the VAE</h3>
      <p className="hint">
        Each z of the prior picks one component p(x|z): below, prior draws z, each with the decoder&apos;s mean image
        (top) and true samples x ~ p(x|z) under it (pixels drawn from their Bernoulli means). p(x) is the integral of
        these components over p(z), an infinite mixture; the GMM on an AE&apos;s codes has K of them.
      </p>
      <div className="lab-controls">
        <SlotChoice slots={slots} value={slot} onChange={setChosen} name="Infinite mixture model" />
        <button type="button" className="primary" onClick={() => void drawMixtureStrip(slot)}>
          Draw components from the prior
        </button>
      </div>
      <div className="generator-compare">
        {strip && (
          <figure>
            <figcaption>
              {labels[strip.slot]}: {strip.count} prior draws z, each a column: p(x|z)&apos;s mean, then {strip.perZ}{' '}
              samples
            </figcaption>
            <ImageStrip
              images={interleave(strip.means, strip.samples, strip.count, strip.perZ)}
              count={strip.count * (strip.perZ + 1)}
              columns={strip.count}
              cell={40}
              label="Components of the infinite mixture"
            />
          </figure>
        )}
        {samples && (
          <figure>
            <figcaption>
              {labels[samples.gmmSlot]} + GMM: its {samples.K} components&apos; means, decoded (a finite mixture)
            </figcaption>
            <ImageStrip
              images={samples.componentImages}
              count={samples.K}
              columns={Math.min(samples.K, 10)}
              cell={40}
              label="Components of the finite mixture"
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
  const id = useId();
  // Re-render when the models change (which slots can take each tool).
  useStore(slotsStore, (s) => s);
  return (
    <section className="panel mixtures-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Mixtures and priors</h2>
      <GmmSection />
      <AggregateSection />
      <InfiniteMixtureSection />
    </section>
  );
}

import { useEffect, useMemo, useRef } from 'react';
import { useStore } from '../state/createStore';
import { trainingStore } from '../state/trainingStore';
import { drawLineChart, smooth, type LineChartOptions, type Series } from '../viz/lineChart';
import type { EpochPoint, StepPoint } from '../worker/protocol';

export const SERIES_COLORS = {
  vaeNegElbo: '#3b5bdb',
  vaeRecon: '#4dabf7',
  vaeKl: '#0ca678',
  vaeLoss: '#7048e8',
  iwae: '#e03131',
  aeRecon: '#f08c00',
};

function Chart({ series, options, label }: { series: Series[]; options: LineChartOptions; label: string }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) drawLineChart(ref.current, series, options);
  }, [series, options]);
  return (
    <figure className="chart">
      <svg ref={ref} role="img" aria-label={label} />
      <figcaption>
        <ul className="legend">
          {series.map((s) => (
            <li key={s.id}>
              <span className={s.dashed ? 'swatch dashed' : 'swatch'} style={{ borderColor: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

const stepSeries = (points: StepPoint[], key: keyof StepPoint) =>
  smooth(points.map((p) => ({ x: p.epoch, y: p[key] })));

const epochSeries = (points: EpochPoint[], pick: (p: EpochPoint) => number | null | undefined) =>
  points.flatMap((p) => {
    const y = pick(p);
    return y === null || y === undefined ? [] : [{ x: p.epoch, y }];
  });

const STEP_OPTIONS: LineChartOptions = {
  width: 560,
  height: 240,
  xLabel: 'epoch',
  yLabel: 'nats per image',
  yQuantiles: [0, 0.97],
};

export function LossCharts() {
  const steps = useStore(trainingStore, (s) => s.steps);
  const epochs = useStore(trainingStore, (s) => s.epochs);
  const stepCharts = useMemo<Series[]>(() => {
    const series: Series[] = [];
    if (steps.vae.length) {
      series.push(
        {
          id: 'vae-elbo',
          label: 'VAE −ELBO',
          color: SERIES_COLORS.vaeNegElbo,
          points: stepSeries(steps.vae, 'negElbo'),
        },
        {
          id: 'vae-recon',
          label: 'VAE reconstruction',
          color: SERIES_COLORS.vaeRecon,
          points: stepSeries(steps.vae, 'reconstruction'),
        },
        {
          id: 'vae-loss',
          label: 'VAE β-weighted loss',
          color: SERIES_COLORS.vaeLoss,
          dashed: true,
          points: stepSeries(steps.vae, 'loss'),
        },
      );
    }
    if (steps.ae.length) {
      series.push({
        id: 'ae-recon',
        label: 'AE reconstruction',
        color: SERIES_COLORS.aeRecon,
        points: stepSeries(steps.ae, 'reconstruction'),
      });
    }
    return series;
  }, [steps]);
  const klSeries = useMemo<Series[]>(
    () =>
      steps.vae.length
        ? [
            {
              id: 'vae-kl',
              label: 'VAE KL(q(z|x) ‖ N(0, I))',
              color: SERIES_COLORS.vaeKl,
              points: stepSeries(steps.vae, 'kl'),
            },
          ]
        : [],
    [steps],
  );
  const { testSeries, annotations } = useMemo(() => {
    const series: Series[] = [];
    const firstIwae = epochs.vae.find((p) => p.iwae)?.iwae;
    if (epochs.vae.length) {
      series.push(
        {
          id: 't-elbo',
          label: 'VAE −ELBO',
          color: SERIES_COLORS.vaeNegElbo,
          points: epochSeries(epochs.vae, (p) => p.negElbo),
        },
        {
          id: 't-recon',
          label: 'VAE reconstruction',
          color: SERIES_COLORS.vaeRecon,
          points: epochSeries(epochs.vae, (p) => p.reconstruction),
        },
        {
          id: 't-iwae',
          label: `VAE −log p(x), importance-sampled (K = ${firstIwae?.K ?? '–'}, ${firstIwae?.count ?? 0} digits)`,
          color: SERIES_COLORS.iwae,
          dashed: true,
          points: epochSeries(epochs.vae, (p) => p.iwae?.negLogLikelihood),
        },
      );
    }
    if (epochs.ae.length) {
      series.push({
        id: 't-ae',
        label: 'AE reconstruction',
        color: SERIES_COLORS.aeRecon,
        points: epochSeries(epochs.ae, (p) => p.reconstruction),
      });
    }
    const last = [...epochs.vae].reverse().find((p) => p.iwae);
    const ann = last?.iwae
      ? [
          {
            x: last.epoch,
            y1: last.iwae.negElbo,
            y2: last.iwae.negLogLikelihood,
            label: `gap ${last.iwae.gap.toFixed(2)} = KL(q(z|x) ‖ p(z|x))`,
          },
        ]
      : [];
    return { testSeries: series, annotations: ann };
  }, [epochs]);
  const testOptions = useMemo<LineChartOptions>(
    () => ({ width: 560, height: 240, xLabel: 'epoch', yLabel: 'nats per image (test)', annotations }),
    [annotations],
  );
  return (
    <div className="charts">
      <Chart series={stepCharts} options={STEP_OPTIONS} label="Training loss per step, smoothed, nats per image" />
      <Chart series={klSeries} options={STEP_OPTIONS} label="KL per step, smoothed, nats per image" />
      <Chart series={testSeries} options={testOptions} label="Test-set figures per epoch, nats per image" />
    </div>
  );
}

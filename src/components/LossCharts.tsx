import { useMemo } from 'react';
import { Chart } from './Chart';
import { familyInfo } from '../model/familyInfo';
import type { EpochPoint, StepPoint } from '../model/training/events';
import { useRuns } from '../state/runsView';
import type { SlotId } from '../lib/slots';
import { smooth, type LineChartOptions, type Series } from '../viz/lineChart';

/** One hue per slot: darker for -ELBO, lighter for reconstruction. */
export const SLOT_COLORS: Record<SlotId, { negElbo: string; recon: string; kl: string; loss: string; iwae: string }> = {
  left: { negElbo: '#3b5bdb', recon: '#4dabf7', kl: '#0ca678', loss: '#7048e8', iwae: '#e03131' },
  right: { negElbo: '#d9480f', recon: '#f08c00', kl: '#2b8a3e', loss: '#ae3ec9', iwae: '#c2255c' },
};

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
  const runs = useRuns();
  const stepCharts = useMemo<Series[]>(
    () =>
      runs.flatMap(({ slot, label, run }) => {
        if (!run.steps.length) return [];
        const c = SLOT_COLORS[slot];
        const withKl = familyInfo(run.config.kind).hasKlTerm;
        const series: Series[] = [
          {
            id: `${slot}-recon`,
            label: `${label} reconstruction`,
            color: c.recon,
            points: stepSeries(run.steps, 'reconstruction'),
          },
        ];
        if (withKl) {
          series.unshift({
            id: `${slot}-elbo`,
            label: `${label} −ELBO`,
            color: c.negElbo,
            points: stepSeries(run.steps, 'negElbo'),
          });
        }
        if (withKl || run.config.kind === 'vq-vae') {
          series.push({
            id: `${slot}-loss`,
            label: `${label} loss (β-weighted${run.config.kind === 'vq-vae' ? '; + codebook and commitment' : ''})`,
            color: c.loss,
            dashed: true,
            points: stepSeries(run.steps, 'loss'),
          });
        }
        return series;
      }),
    [runs],
  );
  const klSeries = useMemo<Series[]>(
    () =>
      runs.flatMap(({ slot, label, run }) =>
        familyInfo(run.config.kind).hasKlTerm && run.steps.length
          ? [
              {
                id: `${slot}-kl`,
                label: `${label} KL(q(z|x) ‖ p(z))`,
                color: SLOT_COLORS[slot].kl,
                points: stepSeries(run.steps, 'kl'),
              },
            ]
          : [],
      ),
    [runs],
  );
  const { testSeries, annotations } = useMemo(() => {
    const series: Series[] = [];
    const ann: NonNullable<LineChartOptions['annotations']> = [];
    for (const { slot, label, run } of runs) {
      if (!run.epochs.length) continue;
      const c = SLOT_COLORS[slot];
      const firstIwae = run.epochs.find((p) => p.iwae)?.iwae;
      if (run.epochs.some((p) => p.negElbo !== null)) {
        series.push({
          id: `t-${slot}-elbo`,
          label: `${label} −ELBO`,
          color: c.negElbo,
          points: epochSeries(run.epochs, (p) => p.negElbo),
        });
      }
      series.push({
        id: `t-${slot}-recon`,
        label: `${label} reconstruction`,
        color: c.recon,
        points: epochSeries(run.epochs, (p) => p.reconstruction),
      });
      if (firstIwae) {
        series.push({
          id: `t-${slot}-iwae`,
          label: `${label} −log p(x), importance-sampled (K = ${firstIwae.K}, ${firstIwae.count} digits)`,
          color: c.iwae,
          dashed: true,
          points: epochSeries(run.epochs, (p) => p.iwae?.negLogLikelihood),
        });
      }
      const last = [...run.epochs].reverse().find((p) => p.iwae);
      if (last?.iwae) {
        ann.push({
          x: last.epoch,
          y1: last.iwae.negElbo,
          y2: last.iwae.negLogLikelihood,
          label: `${label} gap ${last.iwae.gap.toFixed(2)} = KL(q(z|x) ‖ p(z|x))`,
        });
      }
    }
    return { testSeries: series, annotations: ann };
  }, [runs]);
  const testOptions = useMemo<LineChartOptions>(
    () => ({ width: 560, height: 240, xLabel: 'epoch', yLabel: 'nats per image (test)', annotations }),
    [annotations],
  );
  if (runs.length === 0) return null;
  return (
    <div className="charts">
      <Chart series={stepCharts} options={STEP_OPTIONS} label="Training loss per step, smoothed, nats per image" />
      <Chart series={klSeries} options={STEP_OPTIONS} label="KL per step, smoothed, nats per image" />
      <Chart series={testSeries} options={testOptions} label="Test-set figures per epoch, nats per image" />
    </div>
  );
}

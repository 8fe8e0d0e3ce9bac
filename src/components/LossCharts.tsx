import { useThrottled } from './useThrottled';
import { useMemo } from 'react';
import { Chart } from './Chart';
import { fixed } from './format';
import { useT } from '../i18n';
import { familyInfo } from '../model/familyInfo';
import type { EpochPoint, StepPoint } from '../model/training/events';
import { useRuns } from '../state/runsView';
import type { SlotId } from '../lib/slotIds';
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

export function LossCharts() {
  const { t } = useT();
  // The charts redraw their SVG: twice a second is plenty while a run sends events many times a second.
  const runs = useThrottled(useRuns(), 500);
  const stepOptions = useMemo<LineChartOptions>(
    () => ({
      width: 560,
      height: 240,
      xLabel: t('training.charts.epoch'),
      yLabel: t('training.charts.natsPerImage'),
      yQuantiles: [0, 0.97],
    }),
    [t],
  );
  const stepCharts = useMemo<Series[]>(
    () =>
      runs.flatMap(({ slot, label, run }) => {
        if (!run.steps.length) return [];
        const c = SLOT_COLORS[slot];
        const { hasKlTerm: withKl, hasCodebook } = familyInfo(run.config.kind);
        const series: Series[] = [
          {
            id: `${slot}-recon`,
            label: t('training.charts.reconstruction', { label }),
            color: c.recon,
            points: stepSeries(run.steps, 'reconstruction'),
          },
        ];
        if (withKl) {
          series.unshift({
            id: `${slot}-elbo`,
            label: t('training.charts.negElbo', { label }),
            color: c.negElbo,
            points: stepSeries(run.steps, 'negElbo'),
          });
        }
        if (withKl || hasCodebook) {
          series.push({
            id: `${slot}-loss`,
            label: hasCodebook ? t('training.charts.lossVq', { label }) : t('training.charts.loss', { label }),
            color: c.loss,
            dashed: true,
            points: stepSeries(run.steps, 'loss'),
          });
        }
        return series;
      }),
    [runs, t],
  );
  const klSeries = useMemo<Series[]>(
    () =>
      runs.flatMap(({ slot, label, run }) =>
        familyInfo(run.config.kind).hasKlTerm && run.steps.length
          ? [
              {
                id: `${slot}-kl`,
                label: t('training.charts.kl', { label }),
                color: SLOT_COLORS[slot].kl,
                points: stepSeries(run.steps, 'kl'),
              },
            ]
          : [],
      ),
    [runs, t],
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
          label: t('training.charts.negElbo', { label }),
          color: c.negElbo,
          points: epochSeries(run.epochs, (p) => p.negElbo),
        });
      }
      series.push({
        id: `t-${slot}-recon`,
        label: t('training.charts.reconstruction', { label }),
        color: c.recon,
        points: epochSeries(run.epochs, (p) => p.reconstruction),
      });
      if (firstIwae) {
        series.push({
          id: `t-${slot}-iwae`,
          label: t('training.charts.iwae', { label, K: firstIwae.K, digits: firstIwae.count }),
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
          label: t('training.charts.gap', { label, gap: fixed(last.iwae.gap, 2) }),
        });
      }
    }
    return { testSeries: series, annotations: ann };
  }, [runs, t]);
  const testOptions = useMemo<LineChartOptions>(
    () => ({
      width: 560,
      height: 240,
      xLabel: t('training.charts.epoch'),
      yLabel: t('training.charts.natsPerImageTest'),
      annotations,
    }),
    [annotations, t],
  );
  if (runs.length === 0) return null;
  return (
    <div className="charts">
      <Chart series={stepCharts} options={stepOptions} label={t('training.charts.lossChart')} />
      <Chart series={klSeries} options={stepOptions} label={t('training.charts.klChart')} />
      <Chart series={testSeries} options={testOptions} label={t('training.charts.testChart')} />
    </div>
  );
}

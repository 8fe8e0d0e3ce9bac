import { count, duration } from './format';
import { useT } from '../i18n';
import { useRuns } from '../state/runsView';

/** Progress of the runs taken together (each model trains in its own worker, at the same time). */
export function TrainingProgress() {
  const { t } = useT();
  const runs = useRuns().filter((r) => r.run.progress);
  if (runs.length === 0) return null;
  const progress = runs.map((r) => r.run.progress!);
  const epoch = Math.min(...progress.map((p) => p.epoch));
  const epochs = progress[0].epochs;
  const epochFraction = Math.min(...progress.map((p) => (p.epoch > epoch ? 1 : p.epochFraction)));
  const overallFraction = progress.reduce((s, p) => s + p.overallFraction, 0) / progress.length;
  const samplesPerSec = progress.reduce((s, p) => s + p.samplesPerSec, 0);
  const etas = progress.map((p) => p.etaSec);
  const eta = etas.some((e) => e === null) ? null : Math.max(...(etas as number[]));
  const tensors = runs.map((r) => r.run.memory?.numTensors).filter((n): n is number => n !== undefined);
  return (
    <div className="training-progress">
      <div className="progress-row">
        <label htmlFor="epoch-progress">{t('training.progress.epoch', { epoch, epochs })}</label>
        <progress id="epoch-progress" aria-label={t('training.progress.epochProgress')} max={1} value={epochFraction} />
        <span>{Math.round(epochFraction * 100)}%</span>
      </div>
      <div className="progress-row">
        <label htmlFor="overall-progress">{t('training.progress.overall')}</label>
        <progress
          id="overall-progress"
          aria-label={t('training.progress.overallProgress')}
          max={1}
          value={overallFraction}
        />
        <span>{Math.round(overallFraction * 100)}%</span>
      </div>
      <p className="progress-stats" aria-label={t('training.progress.speed')}>
        {t('training.progress.stats', {
          samples: count(Math.round(samplesPerSec)),
          eta: duration(eta),
          steps: runs.map((r) => `${r.label} ${count(r.run.progress!.step)}`).join(', '),
        })}
        {tensors.length > 0 && ` · ${t('training.progress.tensors', { tensors: tensors.map(count).join(' + ') })}`}
      </p>
    </div>
  );
}

import { KlPerDimension } from './KlPerDimension';
import { LossCharts } from './LossCharts';
import { TrainingControls } from './TrainingControls';
import { TrainingFigures } from './TrainingFigures';
import { TrainingProgress } from './TrainingProgress';
import { TrainingSettings } from './TrainingSettings';
import { useStore } from '../state/createStore';
import { trainingStore } from '../state/trainingStore';
import { count } from './format';

function Notice() {
  const notice = useStore(trainingStore, (s) => s.notice);
  if (!notice) return null;
  return (
    <p className={`notice notice-${notice.kind}`} role="alert">
      {notice.text}
    </p>
  );
}

function AutoTimings() {
  const timings = useStore(trainingStore, (s) => s.autoTimings);
  if (!timings) return null;
  return (
    <p className="auto-timings">
      Auto timed a few training steps on each backend:{' '}
      {timings
        .map(
          (t) =>
            `${t.backend} ${t.samplesPerSec === null ? (t.error ? 'failed' : 'too slow') : `${count(Math.round(t.samplesPerSec))} samples/s`}`,
        )
        .join(', ')}
      .
    </p>
  );
}

export function TrainingPanel() {
  return (
    <section className="panel training-panel" aria-labelledby="training-heading">
      <h2 id="training-heading">Train</h2>
      <p className="panel-intro">
        Train the VAE and a plain AE of the same shape on the 60,000 training digits, side by side on the same batches,
        in a Web Worker. All figures are nats per image.
      </p>
      <TrainingSettings />
      <TrainingControls />
      <Notice />
      <AutoTimings />
      <TrainingProgress />
      <TrainingFigures />
      <LossCharts />
      <KlPerDimension />
    </section>
  );
}

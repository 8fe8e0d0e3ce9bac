import { KlPerDimension } from './KlPerDimension';
import { LossCharts } from './LossCharts';
import { TrainingControls } from './TrainingControls';
import { TrainingFigures } from './TrainingFigures';
import { TrainingProgress } from './TrainingProgress';
import { TrainingSettings } from './TrainingSettings';
import { useStore } from '../state/createStore';
import { trainingStore } from '../state/trainingStore';

function Notice() {
  const notice = useStore(trainingStore, (s) => s.notice);
  if (!notice) return null;
  return (
    <p className={`notice notice-${notice.kind}`} role="alert">
      {notice.text}
    </p>
  );
}

export function TrainingPanel() {
  return (
    <section className="panel training-panel" aria-labelledby="training-heading">
      <h2 id="training-heading">Train</h2>
      <p className="panel-intro">
        Train two models side by side on the 60,000 training digits, on the same batches in the same order, each in its
        own Web Worker so they train at once: by default a VAE and a plain AE of the same shape; either side can be a
        VAE (with N(0, I) or a learned mixture prior), an AE, a VQ-VAE or a flow VAE. All figures are nats per image.
      </p>
      <TrainingSettings />
      <TrainingControls />
      <Notice />
      <TrainingProgress />
      <TrainingFigures />
      <LossCharts />
      <KlPerDimension />
    </section>
  );
}

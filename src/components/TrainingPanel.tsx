import { KlPerDimension } from './KlPerDimension';
import { LossCharts } from './LossCharts';
import { TrainingControls } from './TrainingControls';
import { TrainingFigures } from './TrainingFigures';
import { TrainingProgress } from './TrainingProgress';
import { TrainingSettings } from './TrainingSettings';
import { useT } from '../i18n';
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
  const { t } = useT();
  return (
    <section id="panel-training" className="panel training-panel" aria-labelledby="training-heading">
      <h2 id="training-heading">{t('training.panel.heading')}</h2>
      <p className="panel-intro">{t('training.panel.intro')}</p>
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

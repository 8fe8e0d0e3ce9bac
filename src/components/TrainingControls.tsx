import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { slotsStore } from '../state/slots';
import { pauseTraining, resetTraining, resumeTraining, startTraining, stepOneBatch } from '../state/trainingActions';
import { combinedSession, trainingStore } from '../state/trainingStore';

export function TrainingControls() {
  const { t } = useT();
  const session = useStore(slotsStore, combinedSession);
  const busy = useStore(trainingStore, (s) => s.busy);
  const training = session === 'training';
  const paused = session === 'paused' || session === 'diverged';
  const idle = session === 'none' || session === 'ready' || session === 'done';
  return (
    <div className="training-controls" role="toolbar" aria-label={t('training.controls.name')}>
      <button type="button" className="primary" disabled={!idle || busy !== null} onClick={() => void startTraining()}>
        {t('training.controls.train')}
      </button>
      <button type="button" disabled={!training} onClick={() => void pauseTraining()}>
        {t('training.controls.pause')}
      </button>
      <button type="button" disabled={!paused || busy !== null} onClick={() => void resumeTraining()}>
        {t('training.controls.resume')}
      </button>
      <button type="button" disabled={training || busy !== null} onClick={() => void stepOneBatch()}>
        {t('training.controls.step')}
      </button>
      <button type="button" disabled={session === 'none' || busy !== null} onClick={() => void resetTraining()}>
        {t('training.controls.reset')}
      </button>
      <span className="session-state" aria-live="polite">
        {busy ?? t(`training.controls.state.${session}`)}
      </span>
    </div>
  );
}

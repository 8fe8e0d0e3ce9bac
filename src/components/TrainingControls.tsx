import { useStore } from '../state/createStore';
import { slotsStore } from '../state/slots';
import { pauseTraining, resetTraining, resumeTraining, startTraining, stepOneBatch } from '../state/trainingActions';
import { combinedSession, trainingStore } from '../state/trainingStore';

export function TrainingControls() {
  const session = useStore(slotsStore, combinedSession);
  const busy = useStore(trainingStore, (s) => s.busy);
  const training = session === 'training';
  const paused = session === 'paused' || session === 'diverged';
  const idle = session === 'none' || session === 'ready' || session === 'done';
  return (
    <div className="training-controls" role="toolbar" aria-label="Training controls">
      <button type="button" className="primary" disabled={!idle || busy !== null} onClick={() => void startTraining()}>
        Train
      </button>
      <button type="button" disabled={!training} onClick={() => void pauseTraining()}>
        Pause
      </button>
      <button type="button" disabled={!paused || busy !== null} onClick={() => void resumeTraining()}>
        Resume
      </button>
      <button type="button" disabled={training || busy !== null} onClick={() => void stepOneBatch()}>
        Step one batch
      </button>
      <button type="button" disabled={session === 'none' || busy !== null} onClick={() => void resetTraining()}>
        Reset
      </button>
      <span className="session-state" aria-live="polite">
        {busy ?? describeSession(session)}
      </span>
    </div>
  );
}

function describeSession(session: string): string {
  switch (session) {
    case 'none':
      return 'Not started';
    case 'ready':
      return 'Ready';
    case 'training':
      return 'Training…';
    case 'paused':
      return 'Paused';
    case 'diverged':
      return 'Paused: diverged';
    case 'done':
      return 'Done';
    default:
      return session;
  }
}

import { count, duration } from './format';
import { useStore } from '../state/createStore';
import { trainingStore } from '../state/trainingStore';

export function TrainingProgress() {
  const progress = useStore(trainingStore, (s) => s.progress);
  const memory = useStore(trainingStore, (s) => s.memory);
  if (!progress) return null;
  const { epoch, epochs, epochFraction, overallFraction, samplesPerSec, etaSec, steps } = progress;
  return (
    <div className="training-progress">
      <div className="progress-row">
        <label htmlFor="epoch-progress">
          Epoch {epoch} of {epochs}
        </label>
        <progress id="epoch-progress" aria-label="Epoch progress" max={1} value={epochFraction} />
        <span>{Math.round(epochFraction * 100)}%</span>
      </div>
      <div className="progress-row">
        <label htmlFor="overall-progress">Overall</label>
        <progress id="overall-progress" aria-label="Overall progress" max={1} value={overallFraction} />
        <span>{Math.round(overallFraction * 100)}%</span>
      </div>
      <p className="progress-stats" aria-label="Training speed">
        {count(Math.round(samplesPerSec))} samples/s · ETA {duration(etaSec)} · steps: VAE {count(steps.vae)}, AE{' '}
        {count(steps.ae)}
        {memory && ` · ${count(memory.numTensors)} tensors in the worker`}
      </p>
    </div>
  );
}

import { count, duration } from './format';
import { useRuns } from '../state/runsView';

/** Progress of the runs taken together (each model trains in its own worker, at the same time). */
export function TrainingProgress() {
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
        {count(Math.round(samplesPerSec))} samples/s in all · ETA {duration(eta)} · steps:{' '}
        {runs.map((r) => `${r.label} ${count(r.run.progress!.step)}`).join(', ')}
        {tensors.length > 0 && ` · ${tensors.map(count).join(' + ')} tensors in the workers`}
      </p>
    </div>
  );
}

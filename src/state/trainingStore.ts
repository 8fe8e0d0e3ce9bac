import { createStore } from './createStore';
import type { ModelArrays } from '../model/params';
import type {
  BackendTiming,
  EpochPoint,
  LatentSnapshot,
  ModelSlot,
  Progress,
  RunSettings,
  SessionState,
  StepPoint,
  TrainingEvent,
} from '../worker/protocol';
import { DEFAULT_TRAINING_FORM, type FormErrors, type TrainingForm } from './trainingForm';

export interface SlotWeights {
  step: number;
  weights: ModelArrays;
}

export interface TrainingState {
  form: TrainingForm;
  formErrors: FormErrors;
  /** The settings of the run in the worker (null: none set up). */
  activeSettings: RunSettings | null;
  session: SessionState | 'none';
  /** A message the person must read: a divergence, a crash and what was done about it. */
  notice: { kind: 'info' | 'warning' | 'error'; text: string } | null;
  progress: Progress | null;
  steps: Record<ModelSlot, StepPoint[]>;
  epochs: Record<ModelSlot, EpochPoint[]>;
  snapshots: Record<ModelSlot, LatentSnapshot | null>;
  /** The latest weights the worker sent: what the explorer decodes with, and what a crash recovers from. */
  weights: Record<ModelSlot, SlotWeights | null>;
  memory: { numTensors: number; numBytes: number } | null;
  autoTimings: BackendTiming[] | null;
  busy: string | null;
}

export const emptyRunData = () => ({
  progress: null,
  steps: { vae: [], ae: [] },
  epochs: { vae: [], ae: [] },
  snapshots: { vae: null, ae: null },
  weights: { vae: null, ae: null },
  memory: null,
});

export const trainingStore = createStore<TrainingState>({
  form: DEFAULT_TRAINING_FORM,
  formErrors: {},
  activeSettings: null,
  session: 'none',
  notice: null,
  autoTimings: null,
  busy: null,
  ...emptyRunData(),
});

/** Step points kept per model; beyond this, every other old point is dropped (the chart is ~1,000 px wide). */
const MAX_STEP_POINTS = 4000;

function appendPoints(existing: StepPoint[], incoming: StepPoint[]): StepPoint[] {
  let points = existing.concat(incoming);
  if (points.length > MAX_STEP_POINTS) {
    const half = points.length >> 1;
    points = points
      .slice(0, half)
      .filter((_, i) => i % 2 === 0)
      .concat(points.slice(half));
  }
  return points;
}

/** Folds a batch of worker events into the store, in one update (one render). */
export function applyTrainingEvents(events: TrainingEvent[]): void {
  trainingStore.set((s) => {
    const next: Partial<TrainingState> = {};
    let steps = s.steps;
    let epochs = s.epochs;
    let snapshots = s.snapshots;
    let weights = s.weights;
    for (const e of events) {
      switch (e.type) {
        case 'state':
          next.session = e.state;
          if (e.state === 'diverged' && e.message) next.notice = { kind: 'warning', text: e.message };
          break;
        case 'progress':
          next.progress = e.progress;
          break;
        case 'steps':
          steps = { ...steps, [e.slot]: appendPoints(steps[e.slot], e.points) };
          break;
        case 'epoch':
          epochs = { ...epochs, [e.slot]: [...epochs[e.slot], e.point] };
          break;
        case 'snapshot':
          snapshots = { ...snapshots, [e.snapshot.slot]: e.snapshot };
          break;
        case 'weights':
          weights = { ...weights, [e.slot]: { step: e.step, weights: e.weights } };
          break;
        case 'memory':
          next.memory = { numTensors: e.numTensors, numBytes: e.numBytes };
          break;
        case 'failure':
          // Handled by the recovery code in training actions, which listens separately.
          break;
      }
    }
    return { ...next, steps, epochs, snapshots, weights };
  });
}

import { createStore } from './createStore';
import type { SlotState } from './slots';
import { DEFAULT_TRAINING_FORM, type FormErrors, type RunSettings, type TrainingForm } from './trainingForm';
import type { SessionState } from '../model/training/events';
import { SLOTS, type SlotId } from '../lib/slotIds';

/** The training panel's own state; each slot's run (curves, weights, progress) lives in slots.ts. */
export interface TrainingState {
  form: TrainingForm;
  formErrors: FormErrors;
  /** The settings of the runs in the workers (null: none set up). */
  activeSettings: RunSettings | null;
  /** A message the person must read: a divergence, a crash and what was done about it. */
  notice: { kind: 'info' | 'warning' | 'error'; text: string } | null;
  busy: string | null;
}

export const trainingStore = createStore<TrainingState>({
  form: DEFAULT_TRAINING_FORM,
  formErrors: {},
  activeSettings: null,
  notice: null,
  busy: null,
});

/** The state of the runs taken together, as the controls show it. */
export function combinedSession(slots: Record<SlotId, SlotState>): SessionState | 'none' {
  const states = SLOTS.flatMap((slot) => (slots[slot].run ? [slots[slot].run!.state] : []));
  if (states.length === 0) return 'none';
  if (states.includes('training')) return 'training';
  if (states.includes('diverged')) return 'diverged';
  if (states.every((s) => s === 'done')) return 'done';
  if (states.includes('paused')) return 'paused';
  return states.includes('done') ? 'paused' : 'ready';
}

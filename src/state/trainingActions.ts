import { appStore, messageOf } from './appStore';
import { selectBackend, selectFastestBackend } from './actions';
import { applyTrainingEvents, emptyRunData, trainingStore } from './trainingStore';
import { onlyLearningRatesDiffer, parseTrainingForm, type TrainingForm } from './trainingForm';
import { trainingClient } from '../bridge/trainingClient';
import { batchesPerEpoch } from '../model/epochs';
import { MNIST_TRAIN_COUNT } from '../data/mnist';
import { MODEL_SLOTS, type RunSettings, type TrainingEvent } from '../worker/protocol';
import type { SessionSnapshotState } from '../worker/trainingSession';

function onEvents(events: TrainingEvent[]): void {
  applyTrainingEvents(events);
  const failure = events.find((e) => e.type === 'failure');
  if (failure?.type === 'failure') void recoverFromFailure(failure.message);
}

trainingClient.onCrash((message) => {
  void recoverFromFailure(`The training worker stopped unexpectedly (${message}).`);
});

export function updateForm(update: (form: TrainingForm) => TrainingForm): void {
  trainingStore.set((s) => ({ form: update(s.form), formErrors: {} }));
}

/** The form's settings, or null after showing its errors (nothing is sent to the worker). */
function settingsFromForm(): RunSettings | null {
  const parsed = parseTrainingForm(trainingStore.get().form);
  if (!parsed.ok) {
    trainingStore.set({ formErrors: parsed.errors });
    return null;
  }
  trainingStore.set({ formErrors: {} });
  return parsed.settings;
}

async function configure(settings: RunSettings, resumeFrom?: SessionSnapshotState): Promise<void> {
  trainingStore.set({ ...emptyRunData(), activeSettings: settings, session: 'ready', busy: 'Setting up the models…' });
  try {
    await trainingClient.configure(settings, onEvents, resumeFrom);
  } finally {
    trainingStore.set({ busy: null });
  }
}

type Prepared = { ok: false } | { ok: true; notice: string | null };

/**
 * Brings the worker's run in line with the form: a new run when the shape
 * changed (or there is none), new learning rates when only those changed.
 * The notice, if any, says which changes wait for a Reset.
 */
async function prepareRun(): Promise<Prepared> {
  const settings = settingsFromForm();
  if (!settings) return { ok: false };
  let notice: string | null = null;
  const { activeSettings, session } = trainingStore.get();
  if (!activeSettings || session === 'none' || session === 'done') {
    await configure(settings);
  } else if (JSON.stringify(activeSettings) !== JSON.stringify(settings)) {
    if (!onlyLearningRatesDiffer(activeSettings, settings)) {
      notice =
        'Changes other than the learning rates (shape, beta, batch size, epochs, ...) apply after Reset; the learning rates apply now.';
    }
    const models = { ...activeSettings.models };
    for (const slot of MODEL_SLOTS) {
      const active = activeSettings.models[slot];
      const lr = settings.models[slot]?.learningRate;
      if (!active || lr === undefined || lr === active.learningRate) continue;
      await trainingClient.setLearningRate(slot, lr);
      models[slot] = { ...active, learningRate: lr };
    }
    trainingStore.set({ activeSettings: { ...activeSettings, models } });
  }
  const backend = trainingStore.get().form.backend;
  if (backend === 'auto' && !trainingStore.get().autoTimings) await selectFastestBackend();
  return { ok: true, notice };
}

async function runTraining(notice: string | null = null): Promise<void> {
  trainingStore.set({ session: 'training', notice: notice ? { kind: 'info', text: notice } : null });
  try {
    await trainingClient.train();
  } catch (err) {
    await recoverFromFailure(`Training stopped with an error: ${messageOf(err)}.`);
  }
}

export async function startTraining(): Promise<void> {
  const prepared = await prepareRun();
  if (prepared.ok) await runTraining(prepared.notice);
}

export async function resumeTraining(): Promise<void> {
  await startTraining();
}

export async function pauseTraining(): Promise<void> {
  await trainingClient.pause();
}

export async function stepOneBatch(): Promise<void> {
  const prepared = await prepareRun();
  if (!prepared.ok) return;
  if (prepared.notice) trainingStore.set({ notice: { kind: 'info', text: prepared.notice } });
  try {
    await trainingClient.step();
  } catch (err) {
    await recoverFromFailure(`The step failed: ${messageOf(err)}.`);
  }
}

export async function resetTraining(): Promise<void> {
  await trainingClient.pause();
  await trainingClient.reset();
  trainingStore.set({ ...emptyRunData(), activeSettings: null, session: 'none', notice: null });
}

export async function changeBackend(choice: TrainingForm['backend']): Promise<void> {
  updateForm((f) => ({ ...f, backend: choice }));
  const wasTraining = trainingStore.get().session === 'training';
  if (choice === 'auto') {
    trainingStore.set({ autoTimings: null });
    await selectFastestBackend();
  } else {
    await selectBackend(choice);
  }
  // setBackend pauses a running loop to carry the tensors across; carry on.
  if (wasTraining) await runTraining();
}

let recovering = false;

/**
 * After a crash, a lost WebGL context or an error: a fresh worker on wasm,
 * loaded with the last weights the page holds, paused. Settings are kept.
 */
async function recoverFromFailure(what: string): Promise<void> {
  if (recovering) return;
  recovering = true;
  try {
    const { activeSettings, weights } = trainingStore.get();
    trainingClient.restart();
    await selectBackend('wasm');
    updateFormBackend();
    const info = await trainingClient.loadDataset();
    appStore.set({ dataset: { status: 'ready', value: info } });
    if (!activeSettings) {
      trainingStore.set({ session: 'none', notice: { kind: 'error', text: `${what} Restarted on the wasm backend.` } });
      return;
    }
    const resumeFrom: SessionSnapshotState = { slots: {}, epoch: 0, batchInEpoch: {} };
    let restoredStep = 0;
    for (const slot of MODEL_SLOTS) {
      const saved = weights[slot];
      const config = activeSettings.models[slot];
      if (!saved || !config) continue;
      const perEpoch = batchesPerEpoch(MNIST_TRAIN_COUNT, config.batchSize);
      resumeFrom.slots[slot] = { weights: saved.weights, optimizer: { step: 0, moments: [] }, stepCount: saved.step };
      resumeFrom.epoch = Math.floor(saved.step / perEpoch);
      resumeFrom.batchInEpoch[slot] = saved.step % perEpoch;
      restoredStep = Math.max(restoredStep, saved.step);
    }
    const { epochs, steps } = trainingStore.get();
    await configure(activeSettings, resumeFrom);
    // Keep the curves drawn so far: they are still true of the restored weights.
    trainingStore.set({ epochs, steps });
    trainingStore.set({
      session: 'paused',
      notice: {
        kind: 'error',
        text: `${what} The page restarted the worker on the wasm backend with the last weights it held (step ${restoredStep}); your settings are kept. Press Resume to continue.`,
      },
    });
  } catch (err) {
    trainingStore.set({ notice: { kind: 'error', text: `${what} Recovery failed too: ${messageOf(err)}` } });
  } finally {
    recovering = false;
  }
}

function updateFormBackend(): void {
  trainingStore.set((s) => ({ form: { ...s.form, backend: 'wasm' } }));
}

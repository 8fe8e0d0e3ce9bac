import { appStore, messageOf } from './appStore';
import { refreshSlotSoon } from './slotModelChange';
import { showInSlot } from './modelActions';
import {
  applyRunEvents,
  endRun,
  keepRunHistory,
  setRunConfig,
  setRunState,
  slotLabels,
  slotState,
  slotsStore,
  startRun,
} from './slots';
import { combinedSession, trainingStore } from './trainingStore';
import { onlyLearningRatesDiffer, parseTrainingForm, type RunSettings, type TrainingForm } from './trainingForm';
import { explorerClient } from '../bridge/explorerClient';
import { t } from '../i18n';
import { trainingWorkers, type TrainingWorker } from '../bridge/trainingClient';
import { pageDatasetSpec } from './pageDataset';
import { batchesPerEpoch } from '../model/training/epochs';
import type { BackendChoice } from '../model/training/backend';
import type { Divergence, TrainingEvent } from '../model/training/events';
import type { SessionSnapshotState } from '../model/training/session';
import { SLOTS, type SlotId } from '../lib/slotIds';

/**
 * The training panel's actions. Each slot's model trains in its own worker
 * (bridge/trainingClient.ts), so the two train in parallel; the controls
 * act on every run at once, recovery on the one that failed.
 */

const labelOf = (slot: SlotId) => slotLabels(slotsStore.get())[slot];

/** Slots with a run set up. */
function activeSlots(): SlotId[] {
  const settings = trainingStore.get().activeSettings;
  return settings ? SLOTS.filter((slot) => settings.models[slot]) : [];
}

/** The notice of a divergence, worded on the page from the numbers the worker sent. */
function divergenceNotice(slot: SlotId, d: Divergence): string {
  const loss = Number.isNaN(d.loss)
    ? 'NaN'
    : Number.isFinite(d.loss)
      ? t('training.notice.lossValue', { value: d.loss.toExponential(2) })
      : t('training.notice.lossInfinite');
  return t('training.notice.diverged', {
    label: labelOf(slot),
    step: d.step,
    loss,
    learningRate: d.learningRate,
    restoredStep: d.restoredStep,
    suggested: d.suggestedLearningRate,
  });
}

/** What a worker's failure event means, in the page's language (its `message` is the worker's English). */
function failureText(reason: Extract<TrainingEvent, { type: 'failure' }>['reason']): string {
  switch (reason) {
    case 'webgl-context-lost':
      return t('training.notice.webglContextLost');
  }
}

function onEvents(slot: SlotId) {
  return (events: TrainingEvent[]) => {
    applyRunEvents(slot, events);
    for (const e of events) {
      if (e.type === 'state' && e.state === 'diverged' && e.divergence) {
        trainingStore.set({ notice: { kind: 'warning', text: divergenceNotice(slot, e.divergence) } });
      } else if (e.type === 'weights' && slotState(slot).model.kind === 'training') {
        // The explorer decodes with the run's latest weights; the selected point, samples and drawn digit follow them.
        const handOver = e.spare ? explorerClient.giveModel(slot, e.spare) : explorerClient.setModel(slot, e.weights);
        void handOver.then(() => refreshSlotSoon(slot));
      } else if (e.type === 'failure') {
        void recoverFromFailure(slot, failureText(e.reason));
      }
    }
  };
}

for (const slot of SLOTS) {
  trainingWorkers[slot].onCrash((message) => {
    void recoverFromFailure(slot, t('training.notice.workerCrashed', { label: labelOf(slot), message }));
  });
}

export function updateForm(update: (form: TrainingForm) => TrainingForm): void {
  trainingStore.set((s) => ({ form: update(s.form), formErrors: {} }));
}

/** The form's settings, or null after showing its errors (nothing is sent to a worker). */
function settingsFromForm(): RunSettings | null {
  const parsed = parseTrainingForm(trainingStore.get().form);
  if (!parsed.ok) {
    trainingStore.set({ formErrors: parsed.errors });
    return null;
  }
  trainingStore.set({ formErrors: {} });
  return parsed.settings;
}

/**
 * wasm threads per worker: the machine's cores shared among the models that
 * train at once (1 without cross-origin isolation, which threads need).
 */
export function wasmThreadsFor(models: number): number {
  if (typeof crossOriginIsolated === 'undefined' || !crossOriginIsolated) return 1;
  return Math.max(1, Math.floor((navigator.hardwareConcurrency || 1) / Math.max(1, models)));
}

const workerThreads: Partial<Record<SlotId, number>> = {};

/** Starts the slot's worker (again, when it must run another number of threads) on the chosen backend. */
async function readyWorker(slot: SlotId, threads: number): Promise<TrainingWorker> {
  const worker = trainingWorkers[slot];
  if (worker.running && workerThreads[slot] === threads) return worker;
  worker.restart();
  workerThreads[slot] = threads;
  await worker.setWasmThreads(threads);
  await selectBackend(trainingStore.get().form.backend, slot);
  return worker;
}

/** Sets up a run per model of `settings` (each slot's worker, in parallel), optionally from saved states. */
async function configure(
  settings: RunSettings,
  resumeFrom: Partial<Record<SlotId, SessionSnapshotState>> = {},
): Promise<void> {
  trainingStore.set({ activeSettings: settings, busy: t('training.notice.settingUp') });
  const slots = SLOTS.filter((slot) => settings.models[slot]);
  const threads = wasmThreadsFor(slots.length);
  try {
    await Promise.all(
      SLOTS.map(async (slot) => {
        const config = settings.models[slot];
        if (!config) {
          if (slotState(slot).run) await stopRun(slot);
          return;
        }
        startRun(slot, config);
        const worker = await readyWorker(slot, threads);
        // The name is for the worker's own English messages (scripts, tests); the page words its notices itself.
        await worker.configure(config, settings.plan, `the ${labelOf(slot)}`, onEvents(slot), resumeFrom[slot]);
      }),
    );
  } finally {
    trainingStore.set({ busy: null });
  }
}

type Prepared = { ok: false } | { ok: true; notice: string | null };

/**
 * Brings the workers' runs in line with the form: new runs when the shape
 * changed (or there are none), new learning rates when only those changed.
 * The notice, if any, says which changes wait for a Reset.
 */
async function prepareRun(): Promise<Prepared> {
  const settings = settingsFromForm();
  if (!settings) return { ok: false };
  let notice: string | null = null;
  const { activeSettings } = trainingStore.get();
  const session = combinedSession(slotsStore.get());
  if (!activeSettings || session === 'none' || session === 'done') {
    await configure(settings);
  } else if (JSON.stringify(activeSettings) !== JSON.stringify(settings)) {
    if (!onlyLearningRatesDiffer(activeSettings, settings)) {
      notice = t('training.notice.afterReset');
    }
    const models = { ...activeSettings.models };
    for (const slot of SLOTS) {
      const active = activeSettings.models[slot];
      const lr = settings.models[slot]?.learningRate;
      if (!active || lr === undefined || lr === active.learningRate) continue;
      await trainingWorkers[slot].setLearningRate(lr);
      models[slot] = { ...active, learningRate: lr };
      setRunConfig(slot, models[slot]!);
    }
    trainingStore.set({ activeSettings: { ...activeSettings, models } });
  }
  return { ok: true, notice };
}

async function runTraining(notice: string | null = null): Promise<void> {
  trainingStore.set({ notice: notice ? { kind: 'info', text: notice } : null });
  await Promise.all(
    activeSlots().map(async (slot) => {
      if (slotState(slot).run?.state === 'done') return;
      setRunState(slot, 'training');
      try {
        await trainingWorkers[slot].train();
      } catch (err) {
        await recoverFromFailure(
          slot,
          t('training.notice.trainingFailed', { label: labelOf(slot), message: messageOf(err) }),
        );
      }
    }),
  );
}

export async function startTraining(): Promise<void> {
  const prepared = await prepareRun();
  if (prepared.ok) await runTraining(prepared.notice);
}

export async function resumeTraining(): Promise<void> {
  await startTraining();
}

export async function pauseTraining(): Promise<void> {
  await Promise.all(activeSlots().map((slot) => trainingWorkers[slot].pause()));
}

export async function stepOneBatch(): Promise<void> {
  const prepared = await prepareRun();
  if (!prepared.ok) return;
  if (prepared.notice) trainingStore.set({ notice: { kind: 'info', text: prepared.notice } });
  await Promise.all(
    activeSlots().map(async (slot) => {
      try {
        await trainingWorkers[slot].step();
      } catch (err) {
        await recoverFromFailure(
          slot,
          t('training.notice.stepFailed', { label: labelOf(slot), message: messageOf(err) }),
        );
      }
    }),
  );
}

/** Ends a slot's run: its worker lets go of it, the slot shows its model from before. */
async function stopRun(slot: SlotId): Promise<void> {
  const worker = trainingWorkers[slot];
  await worker.pause();
  await worker.reset();
  const fallback = slotState(slot).fallback;
  endRun(slot);
  if (fallback) {
    await explorerClient.setModel(slot, fallback.weights);
    await showInSlot(slot, fallback);
  }
}

export async function resetTraining(): Promise<void> {
  await Promise.all(SLOTS.map((slot) => (slotState(slot).run ? stopRun(slot) : Promise.resolve())));
  trainingStore.set({ activeSettings: null, notice: null });
}

/** Switches a slot's worker (or every running one) to a backend; on failure falls back to wasm and says why. */
export async function selectBackend(choice: BackendChoice, only?: SlotId): Promise<void> {
  const slots = only ? [only] : SLOTS.filter((slot) => trainingWorkers[slot].running);
  const detail = choice === 'auto' ? t('app.backend.startingAny') : t('app.backend.startingOne', { backend: choice });
  appStore.set({ backend: { status: 'loading', detail } });
  for (const slot of slots) {
    try {
      appStore.set({ backend: { status: 'ready', value: await trainingWorkers[slot].setBackend(choice) } });
    } catch (err) {
      if (choice === 'wasm') {
        appStore.set({ backend: { status: 'error', message: messageOf(err) } });
        return;
      }
      appStore.set({ backend: { status: 'ready', value: await trainingWorkers[slot].setBackend('wasm') } });
      trainingStore.set((s) => ({
        form: { ...s.form, backend: 'wasm' },
        notice: { kind: 'warning', text: t('training.notice.wasmInstead', { message: messageOf(err) }) },
      }));
    }
  }
}

export async function changeBackend(choice: BackendChoice): Promise<void> {
  updateForm((f) => ({ ...f, backend: choice }));
  const wasTraining = combinedSession(slotsStore.get()) === 'training';
  if (!SLOTS.some((slot) => trainingWorkers[slot].running)) {
    await readyWorker('left', workerThreads.left ?? wasmThreadsFor(2));
  }
  await selectBackend(choice);
  // setBackend pauses a running loop to carry the tensors across; carry on.
  if (wasTraining) await runTraining();
}

/** At start: the left slot's worker, its backend and its copy of the page's dataset (the status line reports the data). */
export async function startTrainingWorker(): Promise<void> {
  await readyWorker('left', wasmThreadsFor(2));
  appStore.set({ dataset: { status: 'loading' } });
  try {
    appStore.set({ dataset: { status: 'ready', value: await trainingWorkers.left.loadDataset() } });
  } catch (err) {
    appStore.set({
      dataset: {
        status: 'error',
        message: t('app.dataset.failed', { name: pageDatasetSpec().label, reason: messageOf(err) }),
      },
    });
  }
}

const recovering = new Set<SlotId>();

/**
 * After a crash, a lost WebGL context or an error in one slot's worker: a
 * fresh worker on wasm, loaded with the last weights the page holds, paused.
 * Settings and curves are kept.
 */
async function recoverFromFailure(slot: SlotId, what: string): Promise<void> {
  if (recovering.has(slot)) return;
  recovering.add(slot);
  try {
    const { activeSettings } = trainingStore.get();
    const run = slotState(slot).run;
    trainingWorkers[slot].restart();
    trainingStore.set((s) => ({ form: { ...s.form, backend: 'wasm' } }));
    const worker = await readyWorker(slot, workerThreads[slot] ?? 1);
    const config = activeSettings?.models[slot];
    if (!activeSettings || !config || !run) {
      trainingStore.set({ notice: { kind: 'error', text: t('training.notice.restarted', { what }) } });
      return;
    }
    const saved = run.weights;
    const perEpoch = batchesPerEpoch(pageDatasetSpec().trainCount, config.batchSize);
    const step = saved?.step ?? 0;
    const resumeFrom: SessionSnapshotState | undefined = saved
      ? {
          trainer: { weights: saved.weights, optimizer: { step: 0, moments: [] }, stepCount: step },
          epoch: Math.floor(step / perEpoch),
          batchInEpoch: step % perEpoch,
        }
      : undefined;
    const history = { steps: run.steps, epochs: run.epochs };
    startRun(slot, config);
    await worker.configure(config, activeSettings.plan, `the ${labelOf(slot)}`, onEvents(slot), resumeFrom);
    keepRunHistory(slot, history);
    setRunState(slot, 'paused');
    // The other slot's run pauses too, so Resume goes on with both.
    await Promise.all(
      activeSlots()
        .filter((s) => s !== slot)
        .map((s) => trainingWorkers[s].pause()),
    );
    trainingStore.set({ notice: { kind: 'error', text: t('training.notice.recovered', { what, step }) } });
  } catch (err) {
    trainingStore.set({
      notice: { kind: 'error', text: t('training.notice.recoveryFailed', { what, message: messageOf(err) }) },
    });
  } finally {
    recovering.delete(slot);
  }
}

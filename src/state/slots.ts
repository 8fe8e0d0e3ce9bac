import { createStore } from './createStore';
import type { ModelEntry } from './modelsStore';
import type { ModelArrays } from '../model/arrays';
import type { ModelConfig, ModelKind } from '../model/config';
import { familyInfo } from '../model/familyInfo';
import type {
  EpochPoint,
  LatentSnapshot,
  Progress,
  SessionState,
  StepPoint,
  TrainingEvent,
} from '../model/training/events';
import { SLOTS, type SlotId } from '../lib/slotIds';
import type { Projection } from '../viz/projection';
import type { Posteriors } from '../worker/explorer.worker';

/**
 * One state object per slot, changed only through the named actions below:
 * the model it shows (loaded, or the run training in its worker), that run's
 * live data, and what the explorer shows of it (projection, selected point,
 * decoded image, manifold).
 */

export type SlotModel =
  | { kind: 'none' }
  | { kind: 'loading'; name: string }
  | { kind: 'model'; entry: ModelEntry; posteriors: Posteriors | null }
  | { kind: 'training' }
  | { kind: 'error'; message: string };

/** A training run in the slot's worker, as the page sees it. */
export interface SlotRun {
  /** Unique per run: what tells one run from the next in the same slot. */
  id: number;
  config: ModelConfig;
  state: SessionState;
  progress: Progress | null;
  steps: StepPoint[];
  epochs: EpochPoint[];
  /** The latest map posteriors of the test digits the worker sent. */
  snapshot: LatentSnapshot | null;
  /** The latest weights the worker sent: what the explorer decodes with, and what a crash recovers from. */
  weights: { step: number; weights: ModelArrays } | null;
  memory: { numTensors: number; numBytes: number } | null;
}

export interface ManifoldImages {
  images: Float32Array;
  size: number;
  extent: [number, number, number, number];
}

export interface SlotState {
  model: SlotModel;
  /** The loaded model the slot returns to when a training run is reset. */
  fallback: ModelEntry | null;
  run: SlotRun | null;
  projection: Projection;
  /** The selected latent point (full d-vector): what the decoded image shows and the sliders start from. */
  point: number[] | null;
  decoded: Float32Array | null;
  /** The point `decoded` shows: it trails `point` while the decode of a new selection is on its way. */
  decodedAt: number[] | null;
  manifold: ManifoldImages | null;
}

const emptySlot = (): SlotState => ({
  model: { kind: 'none' },
  fallback: null,
  run: null,
  projection: { mode: 'dims', dims: [0, 1] },
  point: null,
  decoded: null,
  decodedAt: null,
  manifold: null,
});

export const slotsStore = createStore<Record<SlotId, SlotState>>({ left: emptySlot(), right: emptySlot() });

export function slotState(slot: SlotId): SlotState {
  return slotsStore.get()[slot];
}

function update(slot: SlotId, patch: Partial<SlotState> | ((s: SlotState) => Partial<SlotState>)): void {
  slotsStore.set((all) => {
    const current = all[slot];
    return { [slot]: { ...current, ...(typeof patch === 'function' ? patch(current) : patch) } };
  });
}

// --- who may set the model shown ----------------------------------------------------------------

/**
 * The latest request for a slot's model wins, whatever order the loads
 * finish in: each load (or training run) claims the slot when it starts, and
 * a load whose claim is no longer the latest leaves the slot alone. So a
 * model the person picks while the start-up model is still downloading stays.
 */
export interface SlotClaim {
  slot: SlotId;
  /** Still the slot's latest claim. */
  current(): boolean;
}

const latestClaim: Record<SlotId, number> = { left: 0, right: 0 };
let claims = 0;

export function claimSlot(slot: SlotId): SlotClaim {
  const id = ++claims;
  latestClaim[slot] = id;
  return { slot, current: () => latestClaim[slot] === id };
}

/** Marks now: claimedSince(slot, mark) says whether anyone claimed the slot after it. */
export function claimMark(): number {
  return claims;
}

export function claimedSince(slot: SlotId, mark: number): boolean {
  return latestClaim[slot] > mark;
}

/** A load that another claim on its slot overtook: it changed nothing. */
export class Superseded extends Error {
  constructor(slot: SlotId) {
    super(`another model was chosen for the ${slot} slot meanwhile`);
    this.name = 'Superseded';
  }
}

// --- the model shown -----------------------------------------------------------------------------

export function setSlotLoading(slot: SlotId, name: string): void {
  update(slot, { model: { kind: 'loading', name } });
}

export function setSlotError(slot: SlotId, message: string): void {
  update(slot, { model: { kind: 'error', message } });
}

/** Restores what a slot showed before a failed load. */
export function restoreSlotModel(slot: SlotId, model: SlotModel): void {
  update(slot, { model });
}

/** Shows a loaded model (its posteriors follow); it becomes the slot's fallback after training. */
export function showEntry(slot: SlotId, entry: ModelEntry): void {
  update(slot, { model: { kind: 'model', entry, posteriors: null }, fallback: entry });
}

/** The posteriors of a model the slot shows, unless another model took the slot meanwhile. */
export function setSlotPosteriors(slot: SlotId, entry: ModelEntry, posteriors: Posteriors): void {
  update(slot, (s) =>
    s.model.kind === 'model' && s.model.entry.weights === entry.weights ? { model: { ...s.model, posteriors } } : {},
  );
}

/** Renames, re-keys or re-sources entries (after a save, rename or delete), in the slot and as its fallback. */
export function relabelEntries(matches: (e: ModelEntry) => boolean, relabel: (e: ModelEntry) => ModelEntry): void {
  for (const slot of SLOTS) {
    update(slot, (s) => ({
      model:
        s.model.kind === 'model' && matches(s.model.entry) ? { ...s.model, entry: relabel(s.model.entry) } : s.model,
      fallback: s.fallback && matches(s.fallback) ? relabel(s.fallback) : s.fallback,
    }));
  }
}

// --- what the explorer shows of it -------------------------------------------------------------

export function setProjection(slot: SlotId, projection: Projection): void {
  update(slot, { projection });
}

/** The selected point; its image when it is back (or null to keep the last image until then). */
/** Selects `point`; with `decoded`, also the image shown, decoded from `decodedAt` (by default the point). */
export function setPoint(
  slot: SlotId,
  point: number[] | null,
  decoded?: Float32Array | null,
  decodedAt: number[] | null = point,
): void {
  update(slot, decoded === undefined ? { point } : { point, decoded, decodedAt: decoded ? decodedAt : null });
}

export function setManifold(slot: SlotId, manifold: ManifoldImages | null): void {
  update(slot, { manifold });
}

// --- a training run ------------------------------------------------------------------------------

let runs = 0;

/** The slot shows a new run of `config` (its worker is being set up); a load still on its way there is dropped. */
export function startRun(slot: SlotId, config: ModelConfig): void {
  claimSlot(slot);
  update(slot, {
    model: { kind: 'training' },
    run: {
      id: ++runs,
      config,
      state: 'ready',
      progress: null,
      steps: [],
      epochs: [],
      snapshot: null,
      weights: null,
      memory: null,
    },
  });
}

/** Keeps the curves of a run whose worker was restarted (they are still true of the restored weights). */
export function keepRunHistory(slot: SlotId, history: Pick<SlotRun, 'steps' | 'epochs'>): void {
  update(slot, (s) => (s.run ? { run: { ...s.run, ...history } } : {}));
}

export function setRunConfig(slot: SlotId, config: ModelConfig): void {
  update(slot, (s) => (s.run ? { run: { ...s.run, config } } : {}));
}

export function setRunState(slot: SlotId, state: SessionState): void {
  update(slot, (s) => (s.run ? { run: { ...s.run, state } } : {}));
}

/** The slot goes back to the model it showed before training (or to none). */
export function endRun(slot: SlotId): void {
  update(slot, (s) => ({
    run: null,
    model: s.fallback ? { kind: 'model', entry: s.fallback, posteriors: null } : { kind: 'none' },
  }));
}

/** Step points kept per run; beyond this, every other old point is dropped (the chart is ~1,000 px wide). */
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

/** Folds a batch of the slot's worker events into its run, in one update (one render). */
export function applyRunEvents(slot: SlotId, events: TrainingEvent[]): void {
  update(slot, (s) => {
    if (!s.run) return {};
    const run = { ...s.run };
    for (const e of events) {
      switch (e.type) {
        case 'state':
          run.state = e.state;
          break;
        case 'progress':
          run.progress = e.progress;
          break;
        case 'steps':
          run.steps = appendPoints(run.steps, e.points);
          break;
        case 'epoch':
          run.epochs = [...run.epochs, e.point];
          break;
        case 'snapshot':
          run.snapshot = e.snapshot;
          break;
        case 'weights':
          run.weights = { step: e.step, weights: e.weights };
          break;
        case 'memory':
          run.memory = { numTensors: e.numTensors, numBytes: e.numBytes };
          break;
        case 'failure':
          // Handled by the recovery in trainingActions, which listens separately.
          break;
      }
    }
    return { run };
  });
}

// --- derived ---------------------------------------------------------------------------------------

/**
 * Which model a slot shows, as a value that changes only when the model does
 * (not on a rename, nor on a training run's weight updates): a loaded
 * model's weights, or the run's id. Null while nothing is shown (none,
 * loading, an error).
 */
export function modelIdentity(s: SlotState): object | number | null {
  if (s.model.kind === 'model') return s.model.entry.weights;
  if (s.model.kind === 'training') return s.run ? s.run.id : null;
  return null;
}

/**
 * The weights a slot decodes with now: the loaded model's, or the run's latest (null: none yet). The
 * one answer the map's layers, the flow's contours and the explorer's recovery all ask.
 */
export function slotWeights(s: SlotState): ModelArrays | null {
  if (s.model.kind === 'model') return s.model.entry.weights;
  if (s.model.kind === 'training') return s.run?.weights?.weights ?? null;
  return null;
}

/** The latent size of what a slot shows (null: nothing yet). */
export function slotLatentDim(s: SlotState): number | null {
  if (s.model.kind === 'model') return s.model.entry.meta.latentDim;
  if (s.model.kind === 'training') return s.run?.config.latentDim ?? null;
  return null;
}

/** The family of the model a slot shows (null: none). */
export function slotKind(s: Pick<SlotState, 'model'> & { run: Pick<SlotRun, 'config'> | null }): ModelKind | null {
  if (s.model.kind === 'model') return s.model.entry.meta.kind;
  if (s.model.kind === 'training') return s.run?.config.kind ?? null;
  return null;
}

/**
 * The name a slot goes by in labels: its family ("VAE", "AE"), with the side
 * added when both slots show the same family ("VAE (left)").
 */
export function slotLabels(all: Record<SlotId, SlotState>): Record<SlotId, string> {
  const base = (slot: SlotId) => {
    const kind = slotKind(all[slot]);
    return kind ? familyInfo(kind).label : slot === 'left' ? 'Left' : 'Right';
  };
  const left = base('left');
  const right = base('right');
  return left === right ? { left: `${left} (left)`, right: `${right} (right)` } : { left, right };
}

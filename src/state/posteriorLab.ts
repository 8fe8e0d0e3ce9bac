import { appStore, messageOf } from './appStore';
import { createStore } from './createStore';
import { explorerStore, setToolLayers } from './explorerStore';
import { currentSlotView } from './slotView';
import { explorerClient } from '../bridge/explorerClient';
import type { ElboEstimate, EstimatorRun } from '../model/posterior/estimators';
import type { GapSplit, Identity } from '../model/posterior/lab';
import {
  DEFAULT_LAB_REQUEST,
  type DigitFigures,
  type Gaussian2,
  type LabUpdate,
  type QShape,
  type QuadratureSummary,
  type TruePosterior,
} from '../model/posterior/protocol';
import { SLOTS, type SlotId } from '../lib/slotIds';
import { HDR_SHARES } from '../model/posterior/hdr';
import { hdrLevels } from '../model/posterior/numerics';
import { cellField, type GridField, type MapLayers } from '../viz/mapLayers';
import { t } from '../i18n';

/**
 * The posterior lab's state and actions: which model and digit, and what the
 * explorer worker has sent back so far, stage by stage. Its pictures go on
 * the slot's map as the 'posteriorLab' tool layers.
 */
export type LabSource = { kind: 'test'; index: number } | { kind: 'drawn' };

export interface LabResult {
  source: LabSource;
  slot: SlotId;
  quadrature: QuadratureSummary | null;
  truth: TruePosterior | null;
  q: QShape | null;
  displayMs: number | null;
  identity: Identity | null;
  estimatorsProgress: number;
  estimators: {
    importance: EstimatorRun[];
    prior: EstimatorRun[];
    uniform: EstimatorRun[];
    elbo: ElboEstimate;
  } | null;
  bestQ: {
    running: boolean;
    paths: Partial<Record<'diagonal' | 'full', Gaussian2[]>>;
    result: GapSplit | null;
  };
  done: boolean;
  error: string | null;
}

export interface SummaryState {
  slot: SlotId;
  count: number;
  running: boolean;
  /** When the run started (ms, Date.now()): the time left comes from the pace since. */
  startedAt: number;
  done: number;
  /** Seconds left at the pace so far (null until a digit is done). */
  secondsLeft: number | null;
  digits: DigitFigures[];
  seconds: number | null;
  error: string | null;
}

export interface LabState {
  open: boolean;
  slot: SlotId;
  /** The lab's "test digit number" box, as typed; running the lab on a digit (from anywhere) puts its number here. */
  digitText: string;
  /** Run the lab for each test digit picked on a map. */
  follow: boolean;
  result: LabResult | null;
  summary: SummaryState | null;
}

export const labStore = createStore<LabState>({
  open: false,
  slot: 'left',
  digitText: '7',
  follow: true,
  result: null,
  summary: null,
});

/** Slots whose model has a posterior density (the lab needs q(z|x) to be a distribution). */
export function labSlots(): SlotId[] {
  return SLOTS.filter((slot) => {
    const view = currentSlotView(slot);
    return view.status === 'ready' && view.family?.hasDensity;
  });
}

/** The image a source names, 784 pixels in [0, 1] (a copy), or null when there is none (no drawing, no such digit). */
export function imageOf(source: LabSource): Float32Array | null {
  if (source.kind === 'drawn') return explorerStore.get().drawn?.pixels.slice() ?? null;
  const images = appStore.get().testSet?.images;
  if (!images || !Number.isInteger(source.index) || source.index < 0 || source.index >= images.length / 784)
    return null;
  return Float32Array.from(images.subarray(source.index * 784, (source.index + 1) * 784), (v) => v / 255);
}

function patchResult(patch: Partial<LabResult> | ((r: LabResult) => Partial<LabResult>)): void {
  labStore.set((s) =>
    s.result ? { result: { ...s.result, ...(typeof patch === 'function' ? patch(s.result) : patch) } } : {},
  );
}

// The lab's updates arrive many times a second (estimator progress, best-q steps); the pictures
// change only with the posterior, q and the fits. The fields are built once per posterior (and
// the layers once per change), so the map and the inset redraw only when there is something new.
const truthFields = new WeakMap<TruePosterior, GridField>();
const qFields = new WeakMap<QShape, { field: GridField; levels: number[] } | null>();

function truthField(truth: TruePosterior): GridField {
  let field = truthFields.get(truth);
  if (!field) {
    const { box, nx, ny, logDensity } = truth.display;
    field = cellField(box, nx, ny, Float32Array.from(logDensity, Math.exp));
    truthFields.set(truth, field);
  }
  return field;
}

function qFieldOf(truth: TruePosterior, q: QShape): { field: GridField; levels: number[] } | null {
  let entry = qFields.get(q);
  if (entry === undefined) {
    const { box, nx, ny } = truth.display;
    const field = q.logDensity ? cellField(box, nx, ny, Float32Array.from(q.logDensity, Math.exp)) : null;
    entry = field ? { field, levels: hdrLevels(field.values, HDR_SHARES) } : null;
    qFields.set(q, entry);
  }
  return entry;
}

let lastLayers: {
  truth: LabResult['truth'];
  q: LabResult['q'];
  paths: LabResult['bestQ']['paths'];
  best: LabResult['bestQ']['result'];
  layers: MapLayers | null;
} | null = null;

/** The lab's pictures on its slot's map: the true posterior (heatmap and HDR contours), q, the fits. */
export function labLayers(result: LabResult): MapLayers | null {
  const { truth, q, bestQ } = result;
  const last = lastLayers;
  if (last && last.truth === truth && last.q === q && last.paths === bestQ.paths && last.best === bestQ.result) {
    return last.layers;
  }
  const layers = buildLabLayers(result);
  lastLayers = { truth, q, paths: bestQ.paths, best: bestQ.result, layers };
  return layers;
}

function buildLabLayers(result: LabResult): MapLayers | null {
  const { truth, q, bestQ } = result;
  if (!truth) return null;
  const { hdr } = truth.display;
  const field = truthField(truth);
  const layers: MapLayers = {
    legend: [t('lab.state.legend')],
    heatmaps: [{ field, color: '#c92a2a', opacity: 0.8 }],
    contours: [{ field, thresholds: hdr.levels, color: '#862e9c', width: 1.5 }],
    gaussians: [{ ...truth.moments, scales: [1, 2], color: '#e8590c', dash: [6, 3], label: t('lab.state.fullFit') }],
  };
  if (q?.gaussian)
    layers.gaussians!.push({ ...q.gaussian, scales: [1, 2, 3], color: '#1864ab', label: t('lab.state.q') });
  const qContour = q ? qFieldOf(truth, q) : null;
  if (qContour) {
    layers.contours!.push({ field: qContour.field, thresholds: qContour.levels, color: '#1864ab', dash: [4, 3] });
  }
  for (const family of ['diagonal', 'full'] as const) {
    const path = bestQ.paths[family];
    const last = bestQ.result?.[family].q ?? path?.[path.length - 1];
    if (last) {
      layers.gaussians!.push({
        ...last,
        scales: [1, 2],
        color: family === 'diagonal' ? '#2b8a3e' : '#5f3dc4',
        width: 2,
        label: family === 'diagonal' ? t('lab.state.bestDiagonal') : t('lab.state.bestFull'),
      });
    }
  }
  return layers;
}

function showLayers(result: LabResult): void {
  for (const slot of SLOTS) setToolLayers(slot, 'posteriorLab', slot === result.slot ? labLayers(result) : null);
}

function onUpdate(mine: LabResult) {
  return (update: LabUpdate) => {
    // Updates of a run that a newer one replaced are dropped (the source object marks the run).
    if (labStore.get().result?.source !== mine.source) return;
    switch (update.stage) {
      case 'quadrature':
        patchResult({ quadrature: update.quadrature });
        break;
      case 'posterior':
        patchResult({ truth: update.truth, q: update.q, displayMs: update.displayMs });
        break;
      case 'identity':
        patchResult({ identity: update.identity });
        break;
      case 'estimators-progress':
        patchResult({ estimatorsProgress: update.fraction });
        break;
      case 'estimators':
        patchResult({
          estimators: {
            importance: update.importance,
            prior: update.prior,
            uniform: update.uniform,
            elbo: update.elbo,
          },
          estimatorsProgress: 1,
        });
        break;
      case 'best-q-step':
        patchResult((r) => ({ bestQ: { ...r.bestQ, paths: { ...r.bestQ.paths, [update.family]: update.path } } }));
        break;
      case 'best-q': {
        const { stage: _stage, ...result } = update;
        patchResult((r) => ({ bestQ: { ...r.bestQ, running: false, result } }));
        break;
      }
      case 'done':
        patchResult({ done: true });
        break;
      case 'error':
        patchResult((r) => ({ error: update.message, done: true, bestQ: { ...r.bestQ, running: false } }));
        break;
    }
    const result = labStore.get().result;
    if (result) showLayers(result);
  };
}

/** Runs the lab for a digit under a slot's model (cancelling any run in progress). */
export async function runLab(source: LabSource, slot: SlotId = labStore.get().slot): Promise<void> {
  const image = imageOf(source);
  const result: LabResult = {
    source,
    slot,
    quadrature: null,
    truth: null,
    q: null,
    displayMs: null,
    identity: null,
    estimatorsProgress: 0,
    estimators: null,
    bestQ: { running: false, paths: {}, result: null },
    done: false,
    error: image ? null : source.kind === 'drawn' ? t('lab.state.drawFirst') : t('lab.state.noSuchDigit'),
  };
  labStore.set((s) => ({
    result,
    slot,
    open: true,
    digitText: source.kind === 'test' ? String(source.index) : s.digitText,
  }));
  showLayers(result);
  if (!image) return;
  try {
    await explorerClient.posteriorLab(slot, image, DEFAULT_LAB_REQUEST, onUpdate(result));
  } catch (err) {
    patchResult({ error: messageOf(err), done: true });
  }
}

export async function runBestQ(): Promise<void> {
  const result = labStore.get().result;
  if (!result?.truth) return;
  patchResult({ bestQ: { running: true, paths: {}, result: null } });
  try {
    await explorerClient.bestQ(onUpdate(result));
  } catch (err) {
    patchResult((r) => ({ error: messageOf(err), bestQ: { ...r.bestQ, running: false } }));
  }
}

export function closeLab(): void {
  void explorerClient.cancelPosteriorLab();
  labStore.set({ open: false, result: null });
  for (const slot of SLOTS) setToolLayers(slot, 'posteriorLab', null);
}

export function setLabOptions(patch: Partial<Pick<LabState, 'slot' | 'follow' | 'digitText'>>): void {
  labStore.set(patch);
}

/** The lab over `count` test digits (a seeded random subset), digit by digit. */
export async function runSummary(count: number, slot: SlotId, iwaeK = 100): Promise<void> {
  const summary: SummaryState = {
    slot,
    count,
    running: true,
    startedAt: Date.now(),
    done: 0,
    secondsLeft: null,
    digits: [],
    seconds: null,
    error: null,
  };
  labStore.set({ summary });
  // The run's own state object, as patches replace it: its first version marks the run.
  let current = summary;
  const mine = () => current;
  const patch = (p: Partial<SummaryState> | ((s: SummaryState) => Partial<SummaryState>)) =>
    labStore.set((s) => {
      if (s.summary !== current) return {};
      current = { ...current, ...(typeof p === 'function' ? p(current) : p) };
      return { summary: current };
    });
  try {
    await explorerClient.posteriorSummary(slot, count, iwaeK, (update) => {
      // Updates of a run that a newer one replaced are dropped (the summary object marks the run).
      if (labStore.get().summary !== mine()) return;
      if (update.stage === 'digit') patch((s) => ({ digits: [...s.digits, update.figures] }));
      else if (update.stage === 'progress')
        patch((s) => ({
          done: update.done,
          secondsLeft: ((Date.now() - s.startedAt) / 1000 / update.done) * (update.count - update.done),
        }));
      else if (update.stage === 'done') patch({ running: false, seconds: update.seconds });
      else patch({ running: false, error: update.message });
    });
  } catch (err) {
    patch({ running: false, error: messageOf(err) });
  }
}

/** Follows the digit picked on a map: the lab reruns for it (when open and following). */
export function installLabFollow(): void {
  let last = explorerStore.get().selectedDigit;
  explorerStore.subscribe(() => {
    const digit = explorerStore.get().selectedDigit;
    if (digit === last) return;
    last = digit;
    const { open, follow, slot } = labStore.get();
    if (open && follow && digit !== null && labSlots().includes(slot)) void runLab({ kind: 'test', index: digit });
  });
}

/** The slot's model is being replaced: the lab's figures of it, and a test-set run on it, are stale. */
export function clearLabOf(slot: SlotId): void {
  const { result, summary } = labStore.get();
  if (result?.slot === slot) closeLab();
  if (summary?.slot === slot) {
    void explorerClient.cancelPosteriorSummary();
    labStore.set({ summary: null });
  }
}

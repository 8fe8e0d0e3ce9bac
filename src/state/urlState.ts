import { explorerStore, type ExplorerState, type ExplorerView } from './explorerStore';
import { modelsStore } from './modelsStore';
import type { Projection } from '../viz/projection';
import { MODEL_SLOTS, type ModelSlot } from '../worker/protocol';

/**
 * The shareable part of the view lives in the URL hash, so a link reproduces
 * it: which models, the view, the selected points and digit, the projection
 * and the map options. Example:
 *   #view=both&vae=shipped/vae-2d&ae=shipped/ae-2d&zvae=0.5,-1.2&digit=42&sigma=2
 */
export interface UrlState {
  view?: ExplorerView;
  models: Partial<Record<ModelSlot, string>>;
  points: Partial<Record<ModelSlot, number[]>>;
  projection: Partial<Record<ModelSlot, Projection>>;
  digit?: number;
  sigma?: 1 | 2;
  ellipses?: boolean;
  prior?: boolean;
  hidden?: number[];
}

const VIEWS: readonly ExplorerView[] = ['vae', 'ae', 'both'];

function numbers(text: string | null): number[] | null {
  if (!text) return null;
  const values = text.split(',').map(Number);
  return values.length > 0 && values.every(Number.isFinite) ? values : null;
}

export function parseUrlState(hash: string): UrlState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state: UrlState = { models: {}, points: {}, projection: {} };
  const view = params.get('view');
  if (view && (VIEWS as readonly string[]).includes(view)) state.view = view as ExplorerView;
  for (const slot of MODEL_SLOTS) {
    const key = params.get(slot);
    if (key && /^(shipped|saved)\/.+/.test(key)) state.models[slot] = key;
    const z = numbers(params.get(`z${slot}`));
    if (z && z.length <= 64) state.points[slot] = z;
    const proj = params.get(`proj${slot}`);
    if (proj === 'pca') state.projection[slot] = { mode: 'pca' };
    else {
      const dims = numbers(proj);
      if (dims && dims.length === 2 && dims.every((d) => Number.isInteger(d) && d >= 0 && d < 64)) {
        state.projection[slot] = { mode: 'dims', dims: [dims[0], dims[1]] };
      }
    }
  }
  const digit = Number(params.get('digit'));
  if (params.has('digit') && Number.isInteger(digit) && digit >= 0 && digit < 10_000) state.digit = digit;
  if (params.get('sigma') === '2') state.sigma = 2;
  else if (params.get('sigma') === '1') state.sigma = 1;
  if (params.has('ellipses')) state.ellipses = params.get('ellipses') !== '0';
  if (params.has('prior')) state.prior = params.get('prior') !== '0';
  const hidden = numbers(params.get('hide'));
  if (hidden) state.hidden = hidden.filter((d) => Number.isInteger(d) && d >= 0 && d <= 9);
  return state;
}

export function formatUrlState(explorer: ExplorerState, models: Partial<Record<ModelSlot, string>>): string {
  const params = new URLSearchParams();
  params.set('view', explorer.view);
  for (const slot of MODEL_SLOTS) {
    const key = models[slot];
    if (key) params.set(slot, key);
    const z = explorer.points[slot];
    if (z) params.set(`z${slot}`, z.map((v) => Number(v.toFixed(3))).join(','));
    const p = explorer.projection[slot];
    if (p.mode === 'pca') params.set(`proj${slot}`, 'pca');
    else if (p.dims[0] !== 0 || p.dims[1] !== 1) params.set(`proj${slot}`, p.dims.join(','));
  }
  if (explorer.selectedDigit !== null) params.set('digit', String(explorer.selectedDigit));
  if (explorer.sigmaScale !== 1) params.set('sigma', String(explorer.sigmaScale));
  if (!explorer.showEllipses) params.set('ellipses', '0');
  if (!explorer.showPrior) params.set('prior', '0');
  if (explorer.hiddenDigits.length) params.set('hide', [...explorer.hiddenDigits].sort().join(','));
  return `#${params.toString().replace(/%2F/g, '/').replace(/%2C/g, ',')}`;
}

/** Applies the URL's view options before anything renders. */
export function applyUrlViewState(url: UrlState): void {
  explorerStore.set((s) => ({
    view: url.view ?? s.view,
    sigmaScale: url.sigma ?? s.sigmaScale,
    showEllipses: url.ellipses ?? s.showEllipses,
    showPrior: url.prior ?? s.showPrior,
    hiddenDigits: url.hidden ?? s.hiddenDigits,
    projection: { ...s.projection, ...url.projection },
    selectedDigit: url.digit ?? s.selectedDigit,
  }));
}

/** Model keys the slots show, for the URL (training runs are not shareable). */
function slotKeys(): Partial<Record<ModelSlot, string>> {
  const keys: Partial<Record<ModelSlot, string>> = {};
  for (const slot of MODEL_SLOTS) {
    const model = modelsStore.get().slots[slot];
    if (model.kind === 'model' && (model.entry.source === 'shipped' || model.entry.source === 'saved')) {
      keys[slot] = model.entry.key;
    }
  }
  return keys;
}

/** Mirrors the view into the hash (replaceState: no history entry per click), at most every 200 ms. */
export function installUrlSync(): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    const hash = formatUrlState(explorerStore.get(), slotKeys());
    if (hash !== window.location.hash) history.replaceState(null, '', hash);
  };
  const schedule = () => {
    timer ??= setTimeout(write, 200);
  };
  explorerStore.subscribe(schedule);
  modelsStore.subscribe(schedule);
  // Changes made while the models were loading count too.
  schedule();
}

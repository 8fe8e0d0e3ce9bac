import { explorerStore, type ExplorerView } from './explorerStore';
import { DATASET_URL_KEY, pageDataset } from './pageDataset';
import { DEFAULT_DATASET, isDatasetId, type DatasetId } from '../data/datasets';
import { currentLanguage, i18n, isLanguage, type Language } from '../i18n';
import { tourStore } from '../tour/tourStore';
import { setProjection, slotLatentDim, slotsStore, type SlotState } from './slots';
import { SLOTS, type SlotId } from '../lib/slotIds';
import { projectionFor, type Projection } from '../viz/projection';

/**
 * The shareable part of the view lives in the URL hash, so a link
 * reproduces it: which models, the view, the selected points and digit,
 * the projections and the map options. Every key is defined once, in the
 * table below: how it parses, how it is written, where its value lives.
 * Example: #view=both&left=shipped/vae-2d&right=shipped/ae-2d&zleft=0.5,-1.2&digit=42&sigma=2
 * (Links from before the model families used vae/ae for left/right; they still work.)
 */

interface UrlField<T> {
  key: string;
  /** An older name of the key, still read. */
  legacy?: string;
  parse(text: string): T | undefined;
  /** The text to write; undefined leaves the key out (its default). */
  format(value: T): string | undefined;
}

function numbers(text: string): number[] | undefined {
  const values = text.split(',').map(Number);
  return text && values.every(Number.isFinite) ? values : undefined;
}

const modelKey: Pick<UrlField<string>, 'parse' | 'format'> = {
  parse: (text) => (/^(shipped|saved)\/.+/.test(text) ? text : undefined),
  format: (key) => key,
};

const point: Pick<UrlField<number[]>, 'parse' | 'format'> = {
  parse: (text) => {
    const z = numbers(text);
    return z && z.length <= 64 ? z : undefined;
  },
  format: (z) => z.map((v) => Number(v.toFixed(3))).join(','),
};

const projection: Pick<UrlField<Projection>, 'parse' | 'format'> = {
  parse: (text) => {
    if (text === 'pca') return { mode: 'pca' };
    const dims = numbers(text);
    return dims && dims.length === 2 && dims.every((d) => Number.isInteger(d) && d >= 0 && d < 64)
      ? { mode: 'dims', dims: [dims[0], dims[1]] }
      : undefined;
  },
  format: (p) => (p.mode === 'pca' ? 'pca' : p.dims[0] === 0 && p.dims[1] === 1 ? undefined : p.dims.join(',')),
};

const flag = (defaultValue: boolean): Pick<UrlField<boolean>, 'parse' | 'format'> => ({
  parse: (text) => text !== '0',
  format: (on) => (on === defaultValue ? undefined : on ? '1' : '0'),
});

const LEGACY_VIEWS: Record<string, ExplorerView> = { vae: 'left', ae: 'right' };

const perSlot = <T>(name: string, legacy: Record<SlotId, string>, codec: Pick<UrlField<T>, 'parse' | 'format'>) =>
  Object.fromEntries(SLOTS.map((slot) => [slot, { key: `${name}${slot}`, legacy: legacy[slot], ...codec }])) as Record<
    SlotId,
    UrlField<T>
  >;

export const URL_FIELDS = {
  view: {
    key: 'view',
    parse: (text: string): ExplorerView | undefined =>
      text === 'left' || text === 'right' || text === 'both' ? text : LEGACY_VIEWS[text],
    format: (v: ExplorerView) => v,
  } satisfies UrlField<ExplorerView>,
  models: perSlot('', { left: 'vae', right: 'ae' }, modelKey),
  points: perSlot('z', { left: 'zvae', right: 'zae' }, point),
  projections: perSlot('proj', { left: 'projvae', right: 'projae' }, projection),
  digit: {
    key: 'digit',
    parse: (text: string) => {
      const d = Number(text);
      return Number.isInteger(d) && d >= 0 && d < 10_000 ? d : undefined;
    },
    format: (d: number) => String(d),
  } satisfies UrlField<number>,
  sigma: {
    key: 'sigma',
    parse: (text: string): 1 | 2 | undefined => (text === '2' ? 2 : text === '1' ? 1 : undefined),
    format: (s: 1 | 2) => (s === 1 ? undefined : String(s)),
  } satisfies UrlField<1 | 2>,
  ellipses: { key: 'ellipses', ...flag(true) } satisfies UrlField<boolean>,
  prior: { key: 'prior', ...flag(true) } satisfies UrlField<boolean>,
  tour: {
    key: 'tour',
    parse: (text: string) => {
      const n = Number(text);
      return Number.isInteger(n) && n >= 1 ? n : undefined;
    },
    format: (n: number) => String(n),
  } satisfies UrlField<number>,
  lang: {
    key: 'lang',
    parse: (text: string): Language | undefined => (isLanguage(text) ? text : undefined),
    // English is the default: a link names Korean only.
    format: (language: Language) => (language === 'en' ? undefined : language),
  } satisfies UrlField<Language>,
  dataset: {
    key: DATASET_URL_KEY,
    parse: (text: string): DatasetId | undefined => (isDatasetId(text) ? text : undefined),
    // MNIST is the default: a link names another dataset only.
    format: (dataset: DatasetId) => (dataset === DEFAULT_DATASET ? undefined : dataset),
  } satisfies UrlField<DatasetId>,
  hide: {
    key: 'hide',
    parse: (text: string) => numbers(text)?.filter((d) => Number.isInteger(d) && d >= 0 && d <= 9),
    format: (digits: number[]) => (digits.length ? [...digits].sort().join(',') : undefined),
  } satisfies UrlField<number[]>,
};

export interface UrlState {
  view?: ExplorerView;
  models: Partial<Record<SlotId, string>>;
  points: Partial<Record<SlotId, number[]>>;
  projections: Partial<Record<SlotId, Projection>>;
  digit?: number;
  sigma?: 1 | 2;
  ellipses?: boolean;
  prior?: boolean;
  hide?: number[];
  lang?: Language;
  /** The page's dataset (MNIST when the link names none); a page shows one dataset for its life. */
  dataset: DatasetId;
  /** The guided tour's chapter (1-based), when it is open. */
  tour?: number;
}

function read<T>(params: URLSearchParams, field: UrlField<T>): T | undefined {
  const text = params.get(field.key) ?? (field.legacy ? params.get(field.legacy) : null);
  return text === null ? undefined : field.parse(text);
}

function write<T>(params: URLSearchParams, field: UrlField<T>, value: T | null | undefined): void {
  if (value === null || value === undefined) return;
  const text = field.format(value);
  if (text !== undefined) params.set(field.key, text);
}

function bySlot<T>(fields: Record<SlotId, UrlField<T>>, params: URLSearchParams): Partial<Record<SlotId, T>> {
  const out: Partial<Record<SlotId, T>> = {};
  for (const slot of SLOTS) {
    const value = read(params, fields[slot]);
    if (value !== undefined) out[slot] = value;
  }
  return out;
}

export function parseUrlState(hash: string): UrlState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const F = URL_FIELDS;
  return {
    view: read(params, F.view),
    models: bySlot(F.models, params),
    points: bySlot(F.points, params),
    projections: bySlot(F.projections, params),
    digit: read(params, F.digit),
    sigma: read(params, F.sigma),
    ellipses: read(params, F.ellipses),
    prior: read(params, F.prior),
    hide: read(params, F.hide),
    lang: read(params, F.lang),
    dataset: read(params, F.dataset) ?? DEFAULT_DATASET,
    tour: read(params, F.tour),
  };
}

/** The model a slot shows, for the URL: only shipped and saved ones can be named (a training run cannot). */
export function shareableModel(s: SlotState): string | undefined {
  return s.model.kind === 'model' && (s.model.entry.source === 'shipped' || s.model.entry.source === 'saved')
    ? s.model.entry.key
    : undefined;
}

export function formatUrlState(): string {
  const params = new URLSearchParams();
  const F = URL_FIELDS;
  const explorer = explorerStore.get();
  const slots = slotsStore.get();
  write(params, F.view, explorer.view);
  for (const slot of SLOTS) {
    write(params, F.models[slot], shareableModel(slots[slot]));
    write(params, F.points[slot], slots[slot].point);
    write(params, F.projections[slot], slots[slot].projection);
  }
  write(params, F.digit, explorer.selectedDigit);
  write(params, F.sigma, explorer.sigmaScale);
  write(params, F.ellipses, explorer.showEllipses);
  write(params, F.prior, explorer.showPrior);
  write(params, F.hide, explorer.hiddenDigits);
  write(params, F.lang, currentLanguage());
  write(params, F.dataset, pageDataset());
  const tour = tourStore.get();
  if (tour.open) write(params, F.tour, tour.chapter + 1);
  return `#${params.toString().replace(/%2F/g, '/').replace(/%2C/g, ',')}`;
}

/** Applies the URL's view options before anything renders (models and points come once the models are in). */
export function applyUrlViewState(url: UrlState): void {
  explorerStore.set((s) => ({
    view: url.view ?? s.view,
    sigmaScale: url.sigma ?? s.sigmaScale,
    showEllipses: url.ellipses ?? s.showEllipses,
    showPrior: url.prior ?? s.showPrior,
    hiddenDigits: url.hide ?? s.hiddenDigits,
    selectedDigit: url.digit ?? s.selectedDigit,
  }));
  applyUrlProjections(url);
}

/** The link's projections (again once a followed link's models are in: a 20-D model's PCA waits for it). */
export function applyUrlProjections(url: UrlState): void {
  for (const slot of SLOTS) {
    const p = url.projections[slot];
    // A slot that already shows a model gets a view it can draw (a link may name PCA for a 2-D model); an empty one
    // is fitted when its model comes in (slotModelChange).
    const latentDim = slotLatentDim(slotsStore.get()[slot]);
    if (p) setProjection(slot, latentDim === null ? p : projectionFor(p, latentDim));
  }
}

/**
 * Mirrors the view into the hash (replaceState: no history entry per click), at most every 200 ms, and follows a
 * link the person puts in the address bar of the open page (a hash change the page did not write): `follow` applies
 * it in place. A hash the page has not followed yet is never overwritten, and nothing is written while a link is
 * being followed (its models are still coming in), so the URL always names a view the page shows or is loading.
 * `startHash` is the hash the page started from (already applied by startApp).
 */
export function installUrlSync(startHash: string, follow: (url: UrlState) => Promise<void>): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The hash the page's state stands for: the one it last wrote or followed. */
  let current = startHash;
  let following = 0;
  const schedule = () => {
    timer ??= setTimeout(sync, 200);
  };
  const followLink = async () => {
    current = window.location.hash;
    following += 1;
    try {
      await follow(parseUrlState(current));
    } catch {
      // What could not be followed (a model that failed to load) shows its error in its slot; the view stays.
    } finally {
      following -= 1;
      schedule();
    }
  };
  function sync() {
    timer = null;
    if (following > 0) return;
    if (window.location.hash !== current) {
      void followLink();
      return;
    }
    const hash = formatUrlState();
    if (hash !== window.location.hash) history.replaceState(null, '', hash);
    current = window.location.hash;
  }
  window.addEventListener('hashchange', () => {
    if (window.location.hash !== current) void followLink();
  });
  explorerStore.subscribe(schedule);
  slotsStore.subscribe(schedule);
  i18n.on('languageChanged', schedule);
  tourStore.subscribe(schedule);
  // Changes made while the models were loading count too (and a link put in the address bar meanwhile is followed).
  schedule();
}

import {
  FAMILY_DEFAULTS,
  LIMITS,
  REFERENCE_VAE_CONFIG,
  validateConfig,
  type CodebookUpdate,
  type Likelihood,
  type ModelConfig,
  type ModelKind,
} from '../model/config';
import { familyInfo } from '../model/familyInfo';
import type { FamilySettingName } from '../model/families/spec';
import type { BackendChoice } from '../model/training/backend';
import { DEFAULT_RUN_PLAN, type RunPlan } from '../model/training/events';
import { SLOTS, type SlotId } from '../lib/slotIds';
import { numberIn } from '../lib/checks';
import { t } from '../i18n';
import type { training as messages } from '../i18n/en/training';

/**
 * The training form as the person typed it (strings), and its parsing into
 * run settings. Nothing reaches a worker unless every field parses.
 */
export interface SlotForm {
  enabled: boolean;
  family: ModelKind;
  latentDim: string;
  /** Comma-separated encoder sizes, e.g. "512, 256"; the decoder mirrors them. */
  hidden: string;
  beta: string;
  klWarmupSteps: string;
  learningRate: string;
  batchSize: string;
  likelihood: Likelihood;
  /** VAE and flow VAE: N(0, I) or a learned mixture of K Gaussians. */
  prior: 'standard' | 'mog';
  priorComponents: string;
  /** VQ-VAE. */
  codebookSize: string;
  commitment: string;
  codebookUpdate: CodebookUpdate;
  /** Flow VAE. */
  flowSteps: string;
  /** Conv VAE: comma-separated filters of its convolutions, e.g. "32, 64". */
  convFilters: string;
}

export interface TrainingForm {
  slots: Record<SlotId, SlotForm>;
  epochs: string;
  seed: string;
  iwaeK: string;
  evalsPerEpoch: string;
  /** Test digits in the live latent snapshots while training (all 10,000 are sent at pauses and epoch ends). */
  snapshotCount: '1000' | '2000' | '5000' | '10000';
  /** Hold the learning rate for the first half of the run, then cosine-decay it to 5%. */
  anneal: boolean;
  backend: BackendChoice;
}

/** What a Train press sets up: a model per enabled slot, and how the run goes. */
export interface RunSettings {
  models: Record<SlotId, ModelConfig | null>;
  plan: RunPlan;
}

const slotDefaults = (config: ModelConfig): SlotForm => ({
  enabled: true,
  family: config.kind,
  latentDim: String(config.latentDim),
  hidden: config.hidden.join(', '),
  beta: String(config.beta),
  klWarmupSteps: String(config.klWarmupSteps),
  learningRate: String(config.learningRate),
  batchSize: String(config.batchSize),
  likelihood: config.likelihood,
  prior: 'standard',
  priorComponents: '10',
  codebookSize: String(FAMILY_DEFAULTS.codebookSize),
  commitment: String(FAMILY_DEFAULTS.commitment),
  codebookUpdate: FAMILY_DEFAULTS.codebookUpdate,
  flowSteps: String(FAMILY_DEFAULTS.flowSteps),
  convFilters: FAMILY_DEFAULTS.convFilters.join(', '),
});

/**
 * What a person gets on pressing Train: a good 2-D VAE in under a minute on two CPU cores. Measured in
 * Node on one wasm thread (784-512-256-2, batch 128, seed 1), epochs to a test -ELBO <= 150: Adam at
 * 3e-3 annealed over 3 epochs never got there (150.1); 5e-3 at 2.25; 6e-3 at 2.0 (146.0 after 3). The
 * test set is evaluated 4 times an epoch so the curve (and the moment it crosses 150) shows early.
 */
export const QUICK_START = { learningRate: 0.006, epochs: 3, evalsPerEpoch: 4, anneal: true } as const;

/** The learning-rate schedule of "Anneal": held for the first 30 % of the run, then cosine-decayed to 5 %. */
export const ANNEAL_SCHEDULE = { holdFraction: 0.3, finalFactor: 0.05 } as const;

export const DEFAULT_TRAINING_FORM: TrainingForm = {
  slots: {
    left: slotDefaults({ ...REFERENCE_VAE_CONFIG, learningRate: QUICK_START.learningRate }),
    right: slotDefaults({ ...REFERENCE_VAE_CONFIG, kind: 'ae', learningRate: QUICK_START.learningRate }),
  },
  epochs: String(QUICK_START.epochs),
  seed: String(REFERENCE_VAE_CONFIG.seed),
  iwaeK: String(DEFAULT_RUN_PLAN.iwaeK),
  evalsPerEpoch: String(QUICK_START.evalsPerEpoch),
  snapshotCount: '2000',
  anneal: QUICK_START.anneal,
  backend: 'auto',
};

/**
 * How the form names a side: its family ("VAE"), with the side added when
 * both sides train the same family ("VAE (left)").
 */
export function formLabels(form: TrainingForm): Record<SlotId, string> {
  const left = familyInfo(form.slots.left.family).label;
  const right = familyInfo(form.slots.right.family).label;
  return left === right
    ? { left: t('training.form.left', { label: left }), right: t('training.form.right', { label: right }) }
    : { left, right };
}

/** Field path ("left.learningRate", "epochs") -> message (in the page's language). */
export type FormErrors = Partial<Record<string, string>>;

export type ParsedForm = { ok: true; settings: RunSettings } | { ok: false; errors: FormErrors };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(text: string): number {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : NaN;
}

/** The form's field names in its messages ("Beta must be between 0 and 10"). */
type FieldName = keyof typeof messages.form.fields;

function numberField(
  errors: FormErrors,
  path: string,
  name: FieldName,
  text: string,
  min: number,
  max: number,
  integer: boolean,
): number {
  const value = parseNumber(text);
  // The same zod check as the model config's own schema; its first issue, worded in the page's language.
  const result = numberIn(name, min, max, integer).safeParse(value);
  if (!result.success) {
    const label = t(`training.form.fields.${name}`);
    const issue = result.error.issues[0];
    errors[path] =
      issue.code !== 'invalid_type'
        ? t('training.form.errors.between', { label, min, max })
        : integer && Number.isFinite(value)
          ? t('training.form.errors.notWhole', { label })
          : t('training.form.errors.notNumber', { label });
  }
  return value;
}

/** A comma-separated list of layer sizes ("512, 256"), each a whole number in `units`, `layers` of them. */
function sizesField(
  errors: FormErrors,
  key: string,
  text: string,
  message: 'hidden' | 'convFilters',
  layers: { min: number; max: number },
  units: { min: number; max: number },
): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const sizes = parts.map(parseNumber);
  if (
    parts.length < layers.min ||
    parts.length > layers.max ||
    sizes.some((h) => !Number.isInteger(h) || h < units.min || h > units.max)
  ) {
    errors[key] = t(`training.form.errors.${message}`, {
      minLayers: layers.min,
      maxLayers: layers.max,
      minUnits: units.min,
      maxUnits: units.max,
    });
  }
  return sizes;
}

function parseSlot(errors: FormErrors, slot: SlotId, form: SlotForm, seed: number): ModelConfig {
  const L = LIMITS;
  const info = familyInfo(form.family);
  const field = (name: keyof SlotForm, label: FieldName, min: number, max: number, integer: boolean) =>
    numberField(errors, `${slot}.${name}`, label, form[name] as string, min, max, integer);
  const latentDim = field('latentDim', 'latentDim', L.latentDim.min, L.latentDim.max, true);
  const hidden = sizesField(errors, `${slot}.hidden`, form.hidden, 'hidden', L.hiddenLayers, L.hiddenUnits);
  const beta = info.hasKlTerm ? field('beta', 'beta', L.beta.min, L.beta.max, false) : 1;
  const klWarmupSteps = info.hasKlTerm
    ? field('klWarmupSteps', 'klWarmup', L.klWarmupSteps.min, L.klWarmupSteps.max, true)
    : 0;
  const learningRate = field('learningRate', 'learningRate', L.learningRate.min, L.learningRate.max, false);
  const batchSize = field('batchSize', 'batchSize', L.batchSize.min, L.batchSize.max, true);
  const mog = info.hasPrior && form.prior === 'mog';
  const components = mog
    ? field('priorComponents', 'priorComponents', L.priorComponents.min, L.priorComponents.max, true)
    : 1;
  // The family's own fields, as its info.ts declares them (the rest keep their defaults).
  const own: Partial<Pick<ModelConfig, FamilySettingName>> = {};
  for (const setting of info.settings) {
    const path = `${slot}.${setting.name}`;
    const text = form[setting.name];
    if (setting.kind === 'number') {
      own[setting.name] = numberField(errors, path, setting.name, text, setting.min, setting.max, setting.integer);
    } else if (setting.kind === 'sizes') {
      own[setting.name] = sizesField(errors, path, text, setting.name, setting.layers, setting.units);
    } else {
      own[setting.name] = setting.options.find((o) => o.value === text)?.value ?? FAMILY_DEFAULTS[setting.name];
    }
  }
  return {
    ...FAMILY_DEFAULTS,
    convFilters: [...FAMILY_DEFAULTS.convFilters],
    kind: form.family,
    latentDim,
    hidden,
    likelihood: form.likelihood,
    gaussianSigma: REFERENCE_VAE_CONFIG.gaussianSigma,
    beta,
    klWarmupSteps,
    learningRate,
    batchSize,
    seed,
    prior: mog ? { kind: 'mog', components } : { kind: 'standard' },
    ...own,
  };
}

export function parseTrainingForm(form: TrainingForm): ParsedForm {
  const errors: FormErrors = {};
  const epochs = numberField(errors, 'epochs', 'epochs', form.epochs, 1, 1000, true);
  const seed = numberField(errors, 'seed', 'seed', form.seed, LIMITS.seed.min, LIMITS.seed.max, true);
  const iwaeK = numberField(errors, 'iwaeK', 'iwaeK', form.iwaeK, 1, 5000, true);
  const evalsPerEpoch = numberField(errors, 'evalsPerEpoch', 'evalsPerEpoch', form.evalsPerEpoch, 1, 20, true);
  const models: Record<SlotId, ModelConfig | null> = { left: null, right: null };
  for (const slot of SLOTS) {
    if (form.slots[slot].enabled) models[slot] = parseSlot(errors, slot, form.slots[slot], seed);
  }
  if (!models.left && !models.right) errors.models = t('training.form.errors.noModel');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  for (const slot of SLOTS) {
    const config = models[slot];
    const problems = config ? validateConfig(config) : [];
    if (problems.length) errors[slot] = problems.join('; ');
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const plan: RunPlan = {
    ...DEFAULT_RUN_PLAN,
    epochs,
    iwaeK,
    evalsPerEpoch,
    schedule: form.anneal ? { ...ANNEAL_SCHEDULE } : null,
    publish: { snapshotCount: Number(form.snapshotCount), snapshotsPerSecond: 4 },
  };
  return { ok: true, settings: { models, plan } };
}

/** True when two settings differ only in learning rates (those apply to a paused run without a reset). */
export function onlyLearningRatesDiffer(a: RunSettings, b: RunSettings): boolean {
  const strip = (s: RunSettings) =>
    JSON.stringify({
      ...s,
      models: Object.fromEntries(SLOTS.map((slot) => [slot, s.models[slot] && { ...s.models[slot], learningRate: 0 }])),
    });
  return strip(a) === strip(b);
}

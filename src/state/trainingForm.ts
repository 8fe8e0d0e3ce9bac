import { LIMITS, REFERENCE_VAE_CONFIG, validateConfig, type Likelihood, type ModelConfig } from '../model/config';
import type { BackendName } from '../worker/backends';
import { DEFAULT_RUN_SETTINGS, MODEL_SLOTS, type ModelSlot, type RunSettings } from '../worker/protocol';

/**
 * The training form as the person typed it (strings), and its parsing into
 * RunSettings. Nothing reaches the worker unless every field parses.
 */
export interface SlotForm {
  enabled: boolean;
  latentDim: string;
  /** Comma-separated encoder sizes, e.g. "512, 256"; the decoder mirrors them. */
  hidden: string;
  beta: string;
  klWarmupSteps: string;
  learningRate: string;
  batchSize: string;
  likelihood: Likelihood;
}

export type BackendChoice = 'auto' | BackendName;

export interface TrainingForm {
  slots: Record<ModelSlot, SlotForm>;
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

const slotDefaults = (config: ModelConfig): SlotForm => ({
  enabled: true,
  latentDim: String(config.latentDim),
  hidden: config.hidden.join(', '),
  beta: String(config.beta),
  klWarmupSteps: String(config.klWarmupSteps),
  learningRate: String(config.learningRate),
  batchSize: String(config.batchSize),
  likelihood: config.likelihood,
});

export const DEFAULT_TRAINING_FORM: TrainingForm = {
  slots: { vae: slotDefaults(REFERENCE_VAE_CONFIG), ae: slotDefaults({ ...REFERENCE_VAE_CONFIG, kind: 'ae' }) },
  epochs: String(DEFAULT_RUN_SETTINGS.epochs),
  seed: String(REFERENCE_VAE_CONFIG.seed),
  iwaeK: String(DEFAULT_RUN_SETTINGS.iwaeK),
  evalsPerEpoch: String(DEFAULT_RUN_SETTINGS.evalsPerEpoch),
  snapshotCount: '2000',
  anneal: false,
  backend: 'webgl',
};

/** Field path ("vae.learningRate", "epochs") -> message. */
export type FormErrors = Partial<Record<string, string>>;

export type ParsedForm = { ok: true; settings: RunSettings } | { ok: false; errors: FormErrors };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(text: string): number {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : NaN;
}

function numberField(
  errors: FormErrors,
  path: string,
  label: string,
  text: string,
  min: number,
  max: number,
  integer: boolean,
): number {
  const value = parseNumber(text);
  if (Number.isNaN(value)) errors[path] = `${label} must be a number`;
  else if (integer && !Number.isInteger(value)) errors[path] = `${label} must be a whole number`;
  else if (value < min || value > max) errors[path] = `${label} must be between ${min} and ${max}`;
  return value;
}

function parseSlot(errors: FormErrors, slot: ModelSlot, form: SlotForm, seed: number): ModelConfig {
  const L = LIMITS;
  const p = (field: string) => `${slot}.${field}`;
  const latentDim = numberField(
    errors,
    p('latentDim'),
    'Latent dimension',
    form.latentDim,
    L.latentDim.min,
    L.latentDim.max,
    true,
  );
  const parts = form.hidden.split(',').map((s) => s.trim());
  const hidden = parts.map(parseNumber);
  if (
    parts.length < L.hiddenLayers.min ||
    parts.length > L.hiddenLayers.max ||
    hidden.some((h) => !Number.isInteger(h) || h < L.hiddenUnits.min || h > L.hiddenUnits.max)
  ) {
    errors[p('hidden')] =
      `Hidden sizes must be ${L.hiddenLayers.min}-${L.hiddenLayers.max} whole numbers between ${L.hiddenUnits.min} and ${L.hiddenUnits.max}, separated by commas`;
  }
  const beta = slot === 'vae' ? numberField(errors, p('beta'), 'Beta', form.beta, L.beta.min, L.beta.max, false) : 1;
  const klWarmupSteps =
    slot === 'vae'
      ? numberField(
          errors,
          p('klWarmupSteps'),
          'KL warm-up',
          form.klWarmupSteps,
          L.klWarmupSteps.min,
          L.klWarmupSteps.max,
          true,
        )
      : 0;
  const learningRate = numberField(
    errors,
    p('learningRate'),
    'Learning rate',
    form.learningRate,
    L.learningRate.min,
    L.learningRate.max,
    false,
  );
  const batchSize = numberField(
    errors,
    p('batchSize'),
    'Batch size',
    form.batchSize,
    L.batchSize.min,
    L.batchSize.max,
    true,
  );
  const config: ModelConfig = {
    kind: slot,
    latentDim,
    hidden,
    likelihood: form.likelihood,
    gaussianSigma: REFERENCE_VAE_CONFIG.gaussianSigma,
    beta,
    klWarmupSteps,
    learningRate,
    batchSize,
    seed,
  };
  return config;
}

export function parseTrainingForm(form: TrainingForm): ParsedForm {
  const errors: FormErrors = {};
  const epochs = numberField(errors, 'epochs', 'Epochs', form.epochs, 1, 1000, true);
  const seed = numberField(errors, 'seed', 'Seed', form.seed, LIMITS.seed.min, LIMITS.seed.max, true);
  const iwaeK = numberField(errors, 'iwaeK', 'K', form.iwaeK, 1, 5000, true);
  const evalsPerEpoch = numberField(errors, 'evalsPerEpoch', 'Evaluations per epoch', form.evalsPerEpoch, 1, 20, true);
  const models: Record<ModelSlot, ModelConfig | null> = { vae: null, ae: null };
  for (const slot of MODEL_SLOTS) {
    if (form.slots[slot].enabled) models[slot] = parseSlot(errors, slot, form.slots[slot], seed);
  }
  if (!models.vae && !models.ae) errors.models = 'Choose the VAE, the AE or both to train';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  for (const slot of MODEL_SLOTS) {
    const config = models[slot];
    const problems = config ? validateConfig(config) : [];
    if (problems.length) errors[slot] = problems.join('; ');
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const schedule = form.anneal ? { holdFraction: 0.5, finalFactor: 0.05 } : null;
  const snapshotCount = Number(form.snapshotCount);
  return {
    ok: true,
    settings: { ...DEFAULT_RUN_SETTINGS, models, epochs, iwaeK, evalsPerEpoch, schedule, snapshotCount },
  };
}

/** True when two settings differ only in learning rates (those apply to a paused run without a reset). */
export function onlyLearningRatesDiffer(a: RunSettings, b: RunSettings): boolean {
  const strip = (s: RunSettings) =>
    JSON.stringify({
      ...s,
      models: Object.fromEntries(
        MODEL_SLOTS.map((slot) => [slot, s.models[slot] && { ...s.models[slot], learningRate: 0 }]),
      ),
    });
  return strip(a) === strip(b);
}

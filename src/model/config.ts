/**
 * Every hyperparameter of a model and its training run, in one typed object.
 * The browser worker, the Node scripts and the tests all build models from it.
 */

export type ModelKind = 'vae' | 'ae';
export type Likelihood = 'bernoulli' | 'gaussian';

export interface ModelConfig {
  /** 'vae': q(z|x) is a diagonal Gaussian; 'ae': a deterministic code, no KL. */
  kind: ModelKind;
  /** Dimension d of z. */
  latentDim: number;
  /** Encoder hidden sizes, input side first; the decoder mirrors them (784-512-256-d-256-512-784). */
  hidden: number[];
  /**
   * p(x|z): 'bernoulli' gives BCE summed over the 784 pixels; 'gaussian' gives
   * the negative log-density of N(x; decoder mean, gaussianSigma^2 I).
   */
  likelihood: Likelihood;
  /** Fixed standard deviation of the Gaussian likelihood (pixels in [0, 1]). */
  gaussianSigma: number;
  /** Weight of the KL term (beta-VAE); 1 is the plain ELBO. Ignored for an AE. */
  beta: number;
  /** Steps over which the KL weight ramps linearly from 0 to beta; 0 turns warm-up off. */
  klWarmupSteps: number;
  /** Adam learning rate. */
  learningRate: number;
  batchSize: number;
  /** Seeds weight initialisation, data order and the reparameterisation noise. */
  seed: number;
}

export const INPUT_DIM = 784;

/** Bounds the UI enforces for a model trained here. */
export const LIMITS = {
  latentDim: { min: 2, max: 32 },
  hiddenUnits: { min: 1, max: 2048 },
  hiddenLayers: { min: 1, max: 4 },
  beta: { min: 0, max: 10 },
  klWarmupSteps: { min: 0, max: 1_000_000 },
  learningRate: { min: 1e-6, max: 10 },
  batchSize: { min: 1, max: 4096 },
  gaussianSigma: { min: 1e-3, max: 10 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

export const REFERENCE_VAE_CONFIG: ModelConfig = {
  kind: 'vae',
  latentDim: 2,
  hidden: [512, 256],
  likelihood: 'bernoulli',
  gaussianSigma: 0.1,
  beta: 1,
  klWarmupSteps: 0,
  learningRate: 1e-3,
  batchSize: 128,
  seed: 1,
};

export function decoderHidden(config: Pick<ModelConfig, 'hidden'>): number[] {
  return [...config.hidden].reverse();
}

/** "784-512-256-2": the shape as people write it. */
export function architectureName(config: Pick<ModelConfig, 'hidden' | 'latentDim'>): string {
  return [INPUT_DIM, ...config.hidden, config.latentDim].join('-');
}

function checkRange(errors: string[], name: string, value: number, min: number, max: number, integer: boolean): void {
  if (!Number.isFinite(value)) errors.push(`${name} must be a number`);
  else if (integer && !Number.isInteger(value)) errors.push(`${name} must be a whole number`);
  else if (value < min || value > max) errors.push(`${name} must be between ${min} and ${max}`);
}

/** Every problem with a config, as messages a person can act on; empty when it is valid. */
export function validateConfig(config: ModelConfig): string[] {
  const errors: string[] = [];
  if (config.kind !== 'vae' && config.kind !== 'ae') errors.push(`kind must be "vae" or "ae"`);
  if (config.likelihood !== 'bernoulli' && config.likelihood !== 'gaussian') {
    errors.push(`likelihood must be "bernoulli" or "gaussian"`);
  }
  const L = LIMITS;
  checkRange(errors, 'Latent dimension', config.latentDim, L.latentDim.min, L.latentDim.max, true);
  if (
    !Array.isArray(config.hidden) ||
    config.hidden.length < L.hiddenLayers.min ||
    config.hidden.length > L.hiddenLayers.max
  ) {
    errors.push(`Hidden sizes must list ${L.hiddenLayers.min} to ${L.hiddenLayers.max} layers`);
  } else {
    config.hidden.forEach((units, i) =>
      checkRange(errors, `Hidden layer ${i + 1}`, units, L.hiddenUnits.min, L.hiddenUnits.max, true),
    );
  }
  checkRange(errors, 'Beta', config.beta, L.beta.min, L.beta.max, false);
  checkRange(errors, 'KL warm-up steps', config.klWarmupSteps, L.klWarmupSteps.min, L.klWarmupSteps.max, true);
  checkRange(errors, 'Learning rate', config.learningRate, L.learningRate.min, L.learningRate.max, false);
  checkRange(errors, 'Batch size', config.batchSize, L.batchSize.min, L.batchSize.max, true);
  checkRange(errors, 'Gaussian sigma', config.gaussianSigma, L.gaussianSigma.min, L.gaussianSigma.max, false);
  checkRange(errors, 'Seed', config.seed, L.seed.min, L.seed.max, true);
  return errors;
}

/** The KL weight at a step: beta, ramped linearly from 0 over the warm-up steps. */
export function klWeightAt(config: Pick<ModelConfig, 'beta' | 'klWarmupSteps' | 'kind'>, step: number): number {
  if (config.kind === 'ae') return 0;
  if (config.klWarmupSteps <= 0) return config.beta;
  return config.beta * Math.min(1, step / config.klWarmupSteps);
}

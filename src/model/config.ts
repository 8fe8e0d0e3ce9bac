import { z } from 'zod';
import { issuesByPath, numberIn } from '../lib/checks';

/**
 * Every hyperparameter of a model and its training run, in one typed object.
 * The browser workers, the Node scripts and the tests all build models from it.
 */

/**
 * The latent families (one module each under families/):
 * - 'vae': q(z|x) a diagonal Gaussian, prior N(0, I) or a learned mixture;
 * - 'ae': a deterministic code, no KL;
 * - 'vq-vae': a continuous code z_e snapped to the nearest of K codebook vectors;
 * - 'flow-vae': the VAE's diagonal Gaussian pushed through T affine couplings;
 * - 'fullcov-vae': q(z|x) a Gaussian with a full covariance L L^T;
 * - 'conv-vae': the VAE with convolutions in its encoder and decoder (the Keras example's shape).
 */
export const MODEL_KINDS = ['vae', 'ae', 'vq-vae', 'flow-vae', 'fullcov-vae', 'conv-vae'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
export type Likelihood = 'bernoulli' | 'gaussian';

/** p(z): N(0, I), or a mixture of K Gaussians whose means, log-variances and weights are learned. */
export type PriorConfig = { kind: 'standard' } | { kind: 'mog'; components: number };

export interface ModelConfig {
  kind: ModelKind;
  /** Dimension d of z. */
  latentDim: number;
  /**
   * Encoder hidden sizes, input side first; the decoder mirrors them (784-512-256-d-256-512-784). After
   * a conv-vae's convolutions: its dense layers (network.ts).
   */
  hidden: number[];
  /**
   * p(x|z): 'bernoulli' gives BCE summed over the 784 pixels; 'gaussian' gives
   * the negative log-density of N(x; decoder mean, gaussianSigma^2 I).
   */
  likelihood: Likelihood;
  /** Fixed standard deviation of the Gaussian likelihood (pixels in [0, 1]). */
  gaussianSigma: number;
  /** Weight of the KL term (beta-VAE); 1 is the plain ELBO. Used by 'vae' and 'flow-vae'. */
  beta: number;
  /** Steps over which the KL weight ramps linearly from 0 to beta; 0 turns warm-up off. */
  klWarmupSteps: number;
  /** Adam learning rate. */
  learningRate: number;
  batchSize: number;
  /** Seeds weight initialisation, data order and the reparameterisation noise. */
  seed: number;
  /** p(z) of 'vae' and 'flow-vae'. */
  prior: PriorConfig;
  /** 'vq-vae': codebook size K and the commitment weight beta_c of ||z_e - sg[e_k]||^2. */
  codebookSize: number;
  commitment: number;
  /**
   * How the codebook learns: 'loss', by the codebook loss ||sg[z_e] - e_k||^2 through Adam; 'ema', as
   * exponential moving averages (decay 0.99) of the z_e each code is chosen for (VQ-VAE paper, appendix).
   */
  codebookUpdate: CodebookUpdate;
  /** 'flow-vae'': affine coupling layers T, and the hidden units of each coupling network. */
  flowSteps: number;
  flowHidden: number;
  /** 'conv-vae': the filters of each 3 x 3, stride-2 convolution, input side first (the decoder mirrors them). */
  convFilters: number[];
}

export const INPUT_DIM = 784;

export const CODEBOOK_UPDATES = ['loss', 'ema'] as const;
export type CodebookUpdate = (typeof CODEBOOK_UPDATES)[number];

/** Bounds for a model trained here (loaded models may have other latent sizes, see meta.ts). */
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
  priorComponents: { min: 1, max: 100 },
  codebookSize: { min: 2, max: 1024 },
  commitment: { min: 0, max: 10 },
  flowSteps: { min: 1, max: 16 },
  flowHidden: { min: 1, max: 1024 },
  // Two stride-2 convolutions take 28 x 28 to 7 x 7; a third would give 4 x 4, which no stride-2 mirror takes back to 28.
  convLayers: { min: 1, max: 2 },
  convFilters: { min: 1, max: 256 },
} as const;

const L = LIMITS;

/** The defaults of the fields only some families use. */
export const FAMILY_DEFAULTS = {
  prior: { kind: 'standard' } as PriorConfig,
  codebookSize: 64,
  commitment: 0.25,
  codebookUpdate: 'ema' as CodebookUpdate,
  flowSteps: 4,
  flowHidden: 64,
  convFilters: [32, 64] as number[],
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
  ...FAMILY_DEFAULTS,
};

export const priorConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('standard') }),
  z.object({
    kind: z.literal('mog'),
    components: numberIn('Mixture components', L.priorComponents.min, L.priorComponents.max, true),
  }),
]);

const hiddenSizes = z
  .array(numberIn('Hidden layer size', L.hiddenUnits.min, L.hiddenUnits.max, true))
  .min(L.hiddenLayers.min, { error: `Hidden sizes must list ${L.hiddenLayers.min} to ${L.hiddenLayers.max} layers` })
  .max(L.hiddenLayers.max, { error: `Hidden sizes must list ${L.hiddenLayers.min} to ${L.hiddenLayers.max} layers` });

export const modelConfigSchema = z.object({
  kind: z.enum(MODEL_KINDS, { error: `kind must be one of ${MODEL_KINDS.join(', ')}` }),
  latentDim: numberIn('Latent dimension', L.latentDim.min, L.latentDim.max, true),
  hidden: hiddenSizes,
  likelihood: z.enum(['bernoulli', 'gaussian'], { error: 'likelihood must be "bernoulli" or "gaussian"' }),
  gaussianSigma: numberIn('Gaussian sigma', L.gaussianSigma.min, L.gaussianSigma.max),
  beta: numberIn('Beta', L.beta.min, L.beta.max),
  klWarmupSteps: numberIn('KL warm-up steps', L.klWarmupSteps.min, L.klWarmupSteps.max, true),
  learningRate: numberIn('Learning rate', L.learningRate.min, L.learningRate.max),
  batchSize: numberIn('Batch size', L.batchSize.min, L.batchSize.max, true),
  seed: numberIn('Seed', L.seed.min, L.seed.max, true),
  prior: priorConfigSchema,
  codebookSize: numberIn('Codebook size', L.codebookSize.min, L.codebookSize.max, true),
  commitment: numberIn('Commitment weight', L.commitment.min, L.commitment.max),
  codebookUpdate: z.enum(CODEBOOK_UPDATES),
  flowSteps: numberIn('Flow layers', L.flowSteps.min, L.flowSteps.max, true),
  flowHidden: numberIn('Flow hidden units', L.flowHidden.min, L.flowHidden.max, true),
  convFilters: z
    .array(numberIn('Convolution filters', L.convFilters.min, L.convFilters.max, true))
    .min(L.convLayers.min, { error: `Convolution filters must list ${L.convLayers.min} to ${L.convLayers.max} layers` })
    .max(L.convLayers.max, {
      error: `Convolution filters must list ${L.convLayers.min} to ${L.convLayers.max} layers`,
    }),
}) satisfies z.ZodType<ModelConfig>;

export function decoderHidden(config: Pick<ModelConfig, 'hidden'>): number[] {
  return [...config.hidden].reverse();
}

/** Every problem with a config, as messages a person can act on; empty when it is valid. */
export function validateConfig(config: ModelConfig): string[] {
  const result = modelConfigSchema.safeParse(config);
  return result.success ? [] : issuesByPath(result.error).map((i) => i.message);
}

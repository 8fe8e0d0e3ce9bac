import { z } from 'zod';
import { CODEBOOK_UPDATES, MODEL_KINDS, type ModelConfig } from '../config';
import { DATASET_IDS, DEFAULT_DATASET } from '../../data/datasets';

/**
 * meta.json beside a saved model: what it is, how it was trained and its
 * test-set figures. The schema is the contract other tools rely on (see
 * models/README.md).
 */

/** Latent sizes a loaded model may have: the map needs two dimensions; the UI trains 2-32. */
export const LOADABLE_LATENT_DIM = { min: 2, max: 64 } as const;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const count = z.number().int().positive();

export const testMetricsSchema = z.object({
  /** E_q[-log p(x|z)], nats per image. */
  reconstruction: finite,
  /** KL(q(z|x) || p(z)); null for an AE. */
  kl: finite.nullable(),
  /** How the KL was obtained: closed form, a one-sample estimate (mixture prior, flow), or log K (VQ-VAE). */
  klMethod: z.enum(['closed-form', 'sampled', 'log-k']).optional(),
  /** -ELBO; null for an AE. */
  negElbo: finite.nullable(),
  /** Test images reconstruction, KL and -ELBO were measured on. */
  count: count.optional(),
  /** Importance-sampled -log p(x) with K samples, on `iwaeCount` test images. */
  iwaeNegLogLikelihood: finite.optional(),
  K: count.optional(),
  iwaeCount: count.optional(),
  /** -log p(x) by quadrature on a grid over the 2-D latent plane, on `quadratureCount` test images. */
  quadratureNegLogLikelihood: finite.optional(),
  quadratureCount: count.optional(),
  /** Mean KL(q(z|x) || p(z|x)) on the quadrature grid over test digits 0 to klToTruePosteriorCount - 1. */
  klToTruePosterior: finite.optional(),
  klToTruePosteriorCount: count.optional(),
  /** Active units: KL per latent dimension (closed-form KL only). */
  klPerDimension: z.array(finite).optional(),
  /** The aggregate posterior's mismatch to the prior, KL(q(z) || p(z)) estimated by sampling, nats. */
  aggregatePosteriorKl: finite.optional(),
  /** The share of prior draws that land where the aggregate posterior q(z) is low (outside where 99 % of its mass lies). */
  priorHoleShare: z.number().min(0).max(1).optional(),
  /** VQ-VAE: test images per code, the perplexity exp(H(usage)) and the codes no test image uses. */
  codeUsage: z.array(z.number().int().min(0)).optional(),
  perplexity: finite.optional(),
  /** VQ-VAE: the reconstruction if each test image got the best of the K decoded codes, not its nearest one. */
  bestCodeReconstruction: finite.optional(),
  deadCodes: z.number().int().min(0).optional(),
});

const matrix = z.array(z.array(finite));

export const metaPriorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('standard') }),
  z.object({
    kind: z.literal('mog'),
    /** Components K; the parameters are learned: mixing logits [K], means and log-variances [K][latentDim]. */
    k: count,
    logits: z.array(finite),
    means: matrix,
    logVars: matrix,
  }),
]);

export const metaCodebookSchema = z.object({
  size: count,
  commitment: z.number().min(0),
  /** 'loss': learned through the codebook loss ||sg[z_e] - e_k||^2; 'ema': moving averages of the assigned z_e. */
  update: z.enum(CODEBOOK_UPDATES),
  vectors: matrix,
});

export const metaFlowSchema = z.object({
  /** T affine coupling layers conditioned on the encoder's last hidden layer; weights in flow/. */
  kind: z.literal('affine-coupling'),
  steps: count,
  hidden: count,
});

export const modelMetaSchema = z.object({
  kind: z.enum(MODEL_KINDS),
  latentDim: z
    .number()
    .int()
    .min(
      LOADABLE_LATENT_DIM.min,
      `the latent size must be ${LOADABLE_LATENT_DIM.min}-${LOADABLE_LATENT_DIM.max} (the map needs two dimensions)`,
    )
    .max(LOADABLE_LATENT_DIM.max, `the latent size must be ${LOADABLE_LATENT_DIM.min}-${LOADABLE_LATENT_DIM.max}`),
  hidden: z.array(z.number().int().positive()).min(1),
  /** A conv-vae's convolutions: the filters of each, input side first (network.ts). */
  convFilters: z.array(z.number().int().positive()).min(1).optional(),
  likelihood: z.enum(['bernoulli', 'gaussian']),
  beta: z.number().min(0),
  epochs: z.number().min(0),
  seed: z.number().int(),
  trainedOn: z.string(),
  /** The dataset the model was trained on and is evaluated against (files from before the field: MNIST). */
  dataset: z.enum(DATASET_IDS).default(DEFAULT_DATASET),
  testMetrics: testMetricsSchema.nullable(),
  /** The family's own parts (see models/README.md). */
  prior: metaPriorSchema.optional(),
  codebook: metaCodebookSchema.optional(),
  flow: metaFlowSchema.optional(),
  /** Optional: a display name, and the rest of the training config. */
  name: z.string().optional(),
  description: z.string().optional(),
  gaussianSigma: z.number().positive().optional(),
  learningRate: z.number().positive().optional(),
  batchSize: z.number().int().positive().optional(),
  klWarmupSteps: z.number().int().min(0).optional(),
  trainingSeconds: z.number().min(0).optional(),
  createdAt: z.string().optional(),
});

export type TestMetrics = z.infer<typeof testMetricsSchema>;
export type ModelMeta = z.infer<typeof modelMetaSchema>;

/** What meta.json says of a model's config: the fields the page and the scripts both write, from one place. */
export function configMeta(
  config: ModelConfig,
): Pick<
  ModelMeta,
  | 'kind'
  | 'latentDim'
  | 'hidden'
  | 'likelihood'
  | 'beta'
  | 'seed'
  | 'gaussianSigma'
  | 'learningRate'
  | 'batchSize'
  | 'klWarmupSteps'
> {
  return {
    kind: config.kind,
    latentDim: config.latentDim,
    hidden: [...config.hidden],
    likelihood: config.likelihood,
    beta: config.beta,
    seed: config.seed,
    gaussianSigma: config.gaussianSigma,
    learningRate: config.learningRate,
    batchSize: config.batchSize,
    klWarmupSteps: config.klWarmupSteps,
  };
}

/** Parses meta.json text; a bad file gives an Error whose message says what is wrong. */
export function parseModelMeta(text: string, fileName = 'meta.json'): ModelMeta {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${fileName} is not valid JSON (${err instanceof Error ? err.message : String(err)})`, {
      cause: err,
    });
  }
  const result = modelMetaSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'the file';
    throw new Error(`${fileName}: ${where}: ${issue.message}`);
  }
  return result.data;
}

export const modelIndexSchema = z.object({ models: z.array(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/)) });

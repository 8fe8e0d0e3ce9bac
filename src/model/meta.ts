import { z } from 'zod';

/**
 * meta.json beside a saved model: what it is, how it was trained and its
 * test-set figures. The schema is the contract other tools rely on (see
 * README, "Model format").
 */

/** Latent sizes a loaded model may have (the UI trains 2-32). */
export const LOADABLE_LATENT_DIM = { min: 1, max: 64 } as const;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const testMetricsSchema = z.object({
  /** E_q[-log p(x|z)], nats per image. */
  reconstruction: finite,
  /** KL(q(z|x) || N(0, I)); null for an AE. */
  kl: finite.nullable(),
  /** -ELBO; null for an AE. */
  negElbo: finite.nullable(),
  /** Importance-sampled -log p(x) with K samples (VAE only). */
  iwaeNegLogLikelihood: finite.optional(),
  K: z.number().int().positive().optional(),
  /** Active units: KL per latent dimension (VAE only). */
  klPerDimension: z.array(finite).optional(),
  /** Test images the figures were measured on. */
  count: z.number().int().positive().optional(),
});

export const modelMetaSchema = z.object({
  kind: z.enum(['vae', 'ae']),
  latentDim: z
    .number()
    .int()
    .min(LOADABLE_LATENT_DIM.min, `the latent size must be ${LOADABLE_LATENT_DIM.min}-${LOADABLE_LATENT_DIM.max}`)
    .max(LOADABLE_LATENT_DIM.max, `the latent size must be ${LOADABLE_LATENT_DIM.min}-${LOADABLE_LATENT_DIM.max}`),
  hidden: z.array(z.number().int().positive()).min(1),
  likelihood: z.enum(['bernoulli', 'gaussian']),
  beta: z.number().min(0),
  epochs: z.number().min(0),
  seed: z.number().int(),
  trainedOn: z.string(),
  testMetrics: testMetricsSchema.nullable(),
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
export type ModelIndex = z.infer<typeof modelIndexSchema>;

import { CODEBOOK, PRIOR_EXTRAS } from './extras';
import type { ModelMeta } from './meta';
import { extraValues, type ModelArrays } from './arrays';

/** meta.json's description of a model's family parts (no tfjs: the page writes it for models it saves). */
export type FamilyMeta = Pick<ModelMeta, 'prior' | 'codebook' | 'flow'>;

function rowsOf(values: Float32Array, columns: number): number[][] {
  return Array.from({ length: values.length / columns }, (_, i) =>
    Array.from(values.subarray(i * columns, (i + 1) * columns)),
  );
}

function required(arrays: ModelArrays, name: string): Float32Array {
  const values = extraValues(arrays, name);
  if (!values) throw new Error(`the model has no ${name}`);
  return values;
}

/**
 * meta.json fields describing the family's parts: a learned prior's
 * parameters, a VQ-VAE's codebook, a flow's shape (its weights go to flow/).
 */
export function familyMeta(arrays: ModelArrays): FamilyMeta {
  const { config } = arrays;
  const d = config.latentDim;
  const meta: FamilyMeta = {};
  if (config.kind === 'vae' || config.kind === 'flow-vae') {
    meta.prior =
      config.prior.kind === 'mog'
        ? {
            kind: 'mog',
            k: config.prior.components,
            logits: Array.from(required(arrays, PRIOR_EXTRAS.logits)),
            means: rowsOf(required(arrays, PRIOR_EXTRAS.means), d),
            logVars: rowsOf(required(arrays, PRIOR_EXTRAS.logVars), d),
          }
        : { kind: 'standard' };
  }
  if (config.kind === 'vq-vae') {
    meta.codebook = {
      size: config.codebookSize,
      commitment: config.commitment,
      update: config.codebookUpdate,
      vectors: rowsOf(required(arrays, CODEBOOK), d),
    };
  }
  if (config.kind === 'flow-vae') {
    meta.flow = { kind: 'affine-coupling', steps: config.flowSteps, hidden: config.flowHidden };
  }
  return meta;
}

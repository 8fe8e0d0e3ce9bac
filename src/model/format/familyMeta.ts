import { PRIOR_EXTRAS } from '../extras';
import { familyInfo } from '../familyInfo';
import { requiredExtra, rowsOf } from '../families/parts';
import type { FamilyMeta } from '../families/spec';
import type { ModelArrays } from '../arrays';

export type { FamilyMeta } from '../families/spec';

/**
 * meta.json fields describing the family's parts (no tfjs: the page writes
 * it for models it saves): the prior, for a family with one (a learned
 * mixture's parameters in full), then the family's own (its info.ts: a
 * VQ-VAE's codebook, a flow's shape; a flow's weights go to flow/).
 */
export function familyMeta(arrays: ModelArrays): FamilyMeta {
  const { config } = arrays;
  const d = config.latentDim;
  const info = familyInfo(config.kind);
  const meta: FamilyMeta = {};
  if (info.hasPrior) {
    meta.prior =
      config.prior.kind === 'mog'
        ? {
            kind: 'mog',
            k: config.prior.components,
            logits: Array.from(requiredExtra(arrays, PRIOR_EXTRAS.logits)),
            means: rowsOf(requiredExtra(arrays, PRIOR_EXTRAS.means), d),
            logVars: rowsOf(requiredExtra(arrays, PRIOR_EXTRAS.logVars), d),
          }
        : { kind: 'standard' };
  }
  return { ...meta, ...info.meta(arrays) };
}

import { familyInfo } from './familyInfo';
import type { ModelConfig } from './config';
import { normal, zeros } from './families/parts';
import type { ExtraSpec } from './families/spec';

export type { ExtraSpec } from './families/spec';

/**
 * The parameters a model has beyond the encoder/decoder MLPs, each a named
 * tensor with an initialiser that the family modules read by name: a
 * learned prior's mixture (the prior's, for every family with a prior), then
 * the family's own (a VQ codebook, a flow's couplings: its info.ts).
 */

export const PRIOR_EXTRAS = { logits: 'prior/logits', means: 'prior/means', logVars: 'prior/logVars' } as const;

export function extraSpecs(config: ModelConfig): ExtraSpec[] {
  const d = config.latentDim;
  const info = familyInfo(config.kind);
  const specs: ExtraSpec[] = [];
  if (info.hasPrior && config.prior.kind === 'mog') {
    const K = config.prior.components;
    specs.push(
      { name: PRIOR_EXTRAS.logits, shape: [K], init: zeros([K]) },
      { name: PRIOR_EXTRAS.means, shape: [K, d], init: normal([K, d], 1) },
      { name: PRIOR_EXTRAS.logVars, shape: [K, d], init: zeros([K, d]) },
    );
  }
  return [...specs, ...info.extras(config)];
}

import { INPUT_DIM, type ModelConfig, type ModelKind, type PriorConfig } from './config';
import { aeInfo } from './families/ae/info';
import { convInfo } from './families/conv-vae/info';
import { flowInfo } from './families/flow-vae/info';
import { fullcovInfo } from './families/fullcov-vae/info';
import type { FamilyInfo } from './families/spec';
import { vaeInfo } from './families/vae/info';
import { vqInfo } from './families/vq-vae/info';

export type { FamilyInfo, KlMethod, MixtureTool, PosteriorShape } from './families/spec';

/**
 * The family registry's half without tfjs: what the page, the workers, the
 * file format and the scripts need to know about a latent family (its name,
 * how its posterior is drawn, its heads, tensors and meta.json fields). Each
 * family declares it in its own folder, families/<kind>/info.ts; its
 * one-line description is a message of the page (i18n:
 * `families.<kind>.description`). The tfjs half is families/index.ts.
 */
export const FAMILY_INFO: Record<ModelKind, FamilyInfo> = {
  vae: vaeInfo,
  ae: aeInfo,
  'vq-vae': vqInfo,
  'flow-vae': flowInfo,
  'fullcov-vae': fullcovInfo,
  'conv-vae': convInfo,
};

export function familyInfo(kind: ModelKind): FamilyInfo {
  return FAMILY_INFO[kind];
}

/** The KL weight at a step: beta, ramped linearly from 0 over the warm-up steps; 0 for a family without a KL term. */
export function klWeightAt(config: Pick<ModelConfig, 'beta' | 'klWarmupSteps' | 'kind'>, step: number): number {
  if (!familyInfo(config.kind).hasKlTerm) return 0;
  if (config.klWarmupSteps <= 0) return config.beta;
  return config.beta * Math.min(1, step / config.klWarmupSteps);
}

/**
 * "N(0, I)" or "a learned mixture of 10 Gaussians", in English; the page's
 * words for it are the messages `families.prior.standard` and `families.prior.mixture`.
 */
export function priorName(prior: PriorConfig | { kind: 'mog'; k: number } | undefined): string {
  if (!prior || prior.kind === 'standard') return 'N(0, I)';
  const k = 'components' in prior ? prior.components : prior.k;
  return `a learned mixture of ${k} Gaussians`;
}

/**
 * "784-512-256-2" as people write an MLP's shape; a convolutional one "784-c32-c64-16-2" (c for the
 * filters of each convolution).
 */
export function architectureName(
  config: Pick<ModelConfig, 'kind' | 'hidden' | 'latentDim'> & { convFilters?: number[] },
): string {
  const conv = FAMILY_INFO[config.kind].network ? (config.convFilters ?? []).map((f) => `c${f}`) : [];
  return [INPUT_DIM, ...conv, ...config.hidden, config.latentDim].join('-');
}

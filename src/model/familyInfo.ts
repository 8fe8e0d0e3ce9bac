import type { ModelKind, PriorConfig } from './config';

/**
 * What the page needs to know about a latent family without loading tfjs:
 * its name, how its posterior is drawn, which figures it has. The family
 * modules (families/*, which need tfjs) read the same table.
 */
export type PosteriorShape = 'ellipse' | 'point' | 'contours' | 'voronoi-cell';

export interface FamilyInfo {
  kind: ModelKind;
  /** Short name for labels: "VAE", "AE", "VQ-VAE", "Flow VAE". */
  label: string;
  /** How the map draws one digit's posterior. */
  posteriorShape: PosteriorShape;
  /** q(z|x) is a density (importance sampling, the posterior lab); false for point codes. */
  hasDensity: boolean;
  /** The loss has a KL term to a prior (and so a beta and a warm-up). */
  hasKlTerm: boolean;
  /** The prior can be learned (a mixture of Gaussians). */
  hasPrior: boolean;
  /** One line for the settings and the library. */
  summary: string;
}

export const FAMILY_INFO: Record<ModelKind, FamilyInfo> = {
  vae: {
    kind: 'vae',
    label: 'VAE',
    posteriorShape: 'ellipse',
    hasDensity: true,
    hasKlTerm: true,
    hasPrior: true,
    summary: 'q(z|x) a diagonal Gaussian; reconstruction + β KL to the prior',
  },
  ae: {
    kind: 'ae',
    label: 'AE',
    posteriorShape: 'point',
    hasDensity: false,
    hasKlTerm: false,
    hasPrior: false,
    summary: 'a point code per image; reconstruction only',
  },
  'vq-vae': {
    kind: 'vq-vae',
    label: 'VQ-VAE',
    posteriorShape: 'voronoi-cell',
    hasDensity: false,
    hasKlTerm: false,
    hasPrior: false,
    summary: 'the code snaps to the nearest of K codebook vectors; KL = log K',
  },
  'flow-vae': {
    kind: 'flow-vae',
    label: 'Flow VAE',
    posteriorShape: 'contours',
    hasDensity: true,
    hasKlTerm: true,
    hasPrior: true,
    summary: 'the diagonal Gaussian pushed through T affine couplings: q(z|x) any shape',
  },
};

export function familyInfo(kind: ModelKind): FamilyInfo {
  return FAMILY_INFO[kind];
}

/** "N(0, I)" or "a learned mixture of 10 Gaussians". */
export function priorName(prior: PriorConfig | { kind: 'mog'; k: number } | undefined): string {
  if (!prior || prior.kind === 'standard') return 'N(0, I)';
  const k = 'components' in prior ? prior.components : prior.k;
  return `a learned mixture of ${k} Gaussians`;
}

import type { ModelKind, PriorConfig } from './config';

/**
 * What the page needs to know about a latent family without loading tfjs:
 * its name, how its posterior is drawn, which figures it has. The family
 * modules (families/*, which need tfjs) read the same table. Its one-line
 * description is a message of the page (i18n: `families.<kind>.description`),
 * so the workers and scripts that read this table stay free of the UI.
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
}

export const FAMILY_INFO: Record<ModelKind, FamilyInfo> = {
  vae: {
    kind: 'vae',
    label: 'VAE',
    posteriorShape: 'ellipse',
    hasDensity: true,
    hasKlTerm: true,
    hasPrior: true,
  },
  ae: {
    kind: 'ae',
    label: 'AE',
    posteriorShape: 'point',
    hasDensity: false,
    hasKlTerm: false,
    hasPrior: false,
  },
  'vq-vae': {
    kind: 'vq-vae',
    label: 'VQ-VAE',
    posteriorShape: 'voronoi-cell',
    hasDensity: false,
    hasKlTerm: false,
    hasPrior: false,
  },
  'flow-vae': {
    kind: 'flow-vae',
    label: 'Flow VAE',
    posteriorShape: 'contours',
    hasDensity: true,
    hasKlTerm: true,
    hasPrior: true,
  },
};

export function familyInfo(kind: ModelKind): FamilyInfo {
  return FAMILY_INFO[kind];
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

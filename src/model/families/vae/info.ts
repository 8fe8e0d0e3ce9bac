import { latentHead, type FamilyInfo } from '../spec';

/** The VAE: q(z|x) = N(mu(x), diag sigma(x)^2); prior N(0, I) (closed-form KL) or a learned mixture (sampled). */
export const vaeInfo: FamilyInfo = {
  kind: 'vae',
  label: 'VAE',
  posteriorShape: 'ellipse',
  hasDensity: true,
  diagonalGaussianPosterior: true,
  hasKlTerm: true,
  hasPrior: true,
  hasCodebook: false,
  generator: 'prior',
  holes: 'prior',
  mixtureTools: ['gmm-on-codes', 'aggregate-posterior', 'infinite-mixture'],
  caption: (prior) => (prior === 'mog' ? 'vaeMixture' : 'vae'),
  configFields: [],
  settings: [],
  heads: [latentHead('z_mean'), latentHead('z_log_var')],
  headsInWords: 'a VAE encoder has two outputs [zMean, zLogVar]',
  klMethod: (prior) => (prior.kind === 'standard' ? 'closed-form' : 'sampled'),
  extras: () => [],
  meta: () => ({}),
  configFromMeta: () => ({}),
};

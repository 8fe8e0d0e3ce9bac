import { latentHead, type FamilyInfo } from '../spec';
import { packedSize } from '../../../lib/packedTriangle';

/**
 * The full-covariance VAE: q(z|x) = N(mu(x), L(x) L(x)^T), L lower triangular with a positive diagonal,
 * d + d(d + 1)/2 encoder outputs; prior N(0, I) (closed-form KL) or a learned mixture (sampled).
 */
export const fullcovInfo: FamilyInfo = {
  kind: 'fullcov-vae',
  label: 'Full-cov VAE',
  posteriorShape: 'tilted-ellipse',
  hasDensity: true,
  diagonalGaussianPosterior: false,
  hasKlTerm: true,
  hasPrior: true,
  hasCodebook: false,
  generator: 'prior',
  holes: 'prior',
  // The aggregate posterior tool is a mixture of diagonal Gaussians: not this family's posteriors.
  mixtureTools: ['gmm-on-codes', 'infinite-mixture'],
  caption: () => 'fullcovVae',
  configFields: [],
  settings: [],
  heads: [latentHead('z_mean'), { name: 'z_scale_tril', width: packedSize }],
  headsInWords: 'a full-covariance VAE encoder has two outputs [zMean, zScaleTril] (d and d(d + 1)/2 wide)',
  klMethod: (prior) => (prior.kind === 'standard' ? 'closed-form' : 'sampled'),
  extras: () => [],
  meta: () => ({}),
  configFromMeta: () => ({}),
};

import { latentHead, type FamilyInfo } from '../spec';

/** The plain autoencoder: a point code, no KL, no prior. */
export const aeInfo: FamilyInfo = {
  kind: 'ae',
  label: 'AE',
  posteriorShape: 'point',
  hasDensity: false,
  diagonalGaussianPosterior: false,
  hasKlTerm: false,
  hasPrior: false,
  hasCodebook: false,
  generator: 'probe',
  holes: 'codes',
  mixtureTools: ['gmm-on-codes'],
  caption: () => 'ae',
  configFields: [],
  settings: [],
  heads: [latentHead('z')],
  headsInWords: 'an AE encoder has one output [z]',
  klMethod: () => null,
  extras: () => [],
  meta: () => ({}),
  configFromMeta: () => ({}),
};

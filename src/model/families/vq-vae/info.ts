import { FAMILY_DEFAULTS, LIMITS } from '../../config';
import { normal, requiredExtra, rowsOf } from '../parts';
import { latentHead, type FamilyInfo } from '../spec';

/** The codebook's tensor: [K, latentDim]. */
export const CODEBOOK = 'codebook';

/** The VQ-VAE: z_e snapped to the nearest of K codebook vectors; the codebook lives in meta.json `codebook`. */
export const vqInfo: FamilyInfo = {
  kind: 'vq-vae',
  label: 'VQ-VAE',
  posteriorShape: 'voronoi-cell',
  hasDensity: false,
  diagonalGaussianPosterior: false,
  hasKlTerm: false,
  hasPrior: false,
  hasCodebook: true,
  generator: 'codes',
  holes: null,
  mixtureTools: ['gmm-on-codes'],
  caption: () => 'vqVae',
  configFields: ['codebookSize', 'commitment', 'codebookUpdate'],
  settings: [
    { name: 'codebookSize', kind: 'number', integer: true, ...LIMITS.codebookSize },
    { name: 'commitment', kind: 'number', integer: false, ...LIMITS.commitment },
    {
      name: 'codebookUpdate',
      kind: 'choice',
      options: [
        { value: 'ema', label: 'codebookEma' },
        { value: 'loss', label: 'codebookLoss' },
      ],
    },
  ],
  heads: [latentHead('z_e')],
  headsInWords: 'a VQ-VAE encoder has one output [z_e]',
  klMethod: () => 'log-k',
  extras: (config) => [
    {
      name: CODEBOOK,
      shape: [config.codebookSize, config.latentDim],
      init: normal([config.codebookSize, config.latentDim], 0.5),
    },
  ],
  meta: (arrays) => ({
    codebook: {
      size: arrays.config.codebookSize,
      commitment: arrays.config.commitment,
      update: arrays.config.codebookUpdate,
      vectors: rowsOf(requiredExtra(arrays, CODEBOOK), arrays.config.latentDim),
    },
  }),
  configFromMeta: (meta) => ({
    codebookSize: meta.codebook?.size ?? FAMILY_DEFAULTS.codebookSize,
    commitment: meta.codebook?.commitment ?? FAMILY_DEFAULTS.commitment,
    codebookUpdate: meta.codebook?.update ?? FAMILY_DEFAULTS.codebookUpdate,
  }),
};

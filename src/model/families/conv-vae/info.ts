import { FAMILY_DEFAULTS, LIMITS } from '../../config';
import { convLayers } from '../../network';
import { vaeInfo } from '../vae/info';
import type { FamilyInfo } from '../spec';

/**
 * The convolutional VAE: the VAE's q(z|x) = N(mu(x), diag sigma(x)^2) and its priors, with the Keras
 * example's networks (network.ts convLayers): 3 x 3 stride-2 convolutions, a dense layer, the heads;
 * the decoder mirrors it with transposed convolutions.
 */
export const convInfo: FamilyInfo = {
  ...vaeInfo,
  kind: 'conv-vae',
  label: 'Conv VAE',
  configFields: ['convFilters'],
  settings: [{ name: 'convFilters', kind: 'sizes', layers: LIMITS.convLayers, units: LIMITS.convFilters }],
  network: convLayers,
  headsInWords: 'a convolutional VAE encoder has two outputs [zMean, zLogVar]',
  meta: (arrays) => ({ convFilters: [...arrays.config.convFilters] }),
  configFromMeta: (meta) => ({ convFilters: meta.convFilters ?? [...FAMILY_DEFAULTS.convFilters] }),
};

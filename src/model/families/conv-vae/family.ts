import { convInfo } from './info';
import { vaeFamily } from '../vae/family';
import type { LatentFamily } from '../types';

/**
 * The convolutional VAE is the VAE, loss, evaluation and posterior, on other networks: trunk() and
 * decoderLogits() (common.ts) run whatever layers the config's network has, convolutions included,
 * through the one fast path (layerOps.ts, convOps.ts).
 */
export const convFamily: LatentFamily = { ...vaeFamily, info: convInfo };

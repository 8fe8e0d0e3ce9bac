/**
 * The explorer's two side-by-side slots. Each shows any model (a VAE, an AE,
 * a VQ-VAE, a flow VAE...), loaded or being trained; each trains in its own
 * worker.
 */
export const SLOTS = ['left', 'right'] as const;
export type SlotId = (typeof SLOTS)[number];

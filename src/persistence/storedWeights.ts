import type { ModelMeta } from '../model/meta';

/**
 * Checks weights read back from storage before they reach the worker:
 * storage outlives the code that wrote it, and a record from an older
 * version (or a damaged one) must give a message, not a crash.
 * Returns what is wrong, or null when the weights fit the meta.
 */
export function checkStoredWeights(value: unknown, meta: ModelMeta): string | null {
  if (!value || typeof value !== 'object') return 'its weights are missing';
  const w = value as Record<string, unknown>;
  const config = w.config as Record<string, unknown> | undefined;
  if (!config || config.kind !== meta.kind || config.latentDim !== meta.latentDim) {
    return `its weights are not those of a ${meta.kind.toUpperCase()} with a ${meta.latentDim}-D latent`;
  }
  for (const part of ['encoder', 'heads', 'decoder'] as const) {
    const layers = w[part];
    if (!Array.isArray(layers) || layers.length === 0) return `its ${part} layers are missing`;
    for (const layer of layers as Array<Record<string, unknown>>) {
      const { kernel, bias, inputs, units } = layer ?? {};
      if (
        !(kernel instanceof Float32Array) ||
        !(bias instanceof Float32Array) ||
        typeof inputs !== 'number' ||
        typeof units !== 'number' ||
        kernel.length !== inputs * units ||
        bias.length !== units
      ) {
        return `a layer of its ${part} does not have the shape it states`;
      }
    }
  }
  return null;
}

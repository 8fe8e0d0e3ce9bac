import type { ModelArrays } from '../model/arrays';
import { FAMILY_DEFAULTS, type ModelConfig } from '../model/config';
import type { ModelMeta } from '../model/format/meta';

/**
 * Checks weights read back from storage before they reach the worker:
 * storage outlives the code that wrote it, and a record from an older
 * version (or a damaged one) must give a message, not a crash. Records from
 * before the model families (no extras, no family fields) are brought up to
 * date. Returns the weights, or what is wrong with them.
 */
export function checkStoredWeights(value: unknown, meta: ModelMeta): { weights: ModelArrays } | { problem: string } {
  if (!value || typeof value !== 'object') return { problem: 'its weights are missing' };
  const w = value as Record<string, unknown>;
  const config = w.config as Partial<ModelConfig> | undefined;
  if (!config || config.kind !== meta.kind || config.latentDim !== meta.latentDim) {
    return { problem: `its weights are not those of a ${meta.kind.toUpperCase()} with a ${meta.latentDim}-D latent` };
  }
  for (const part of ['encoder', 'heads', 'decoder'] as const) {
    const layers = w[part];
    if (!Array.isArray(layers) || layers.length === 0) return { problem: `its ${part} layers are missing` };
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
        return { problem: `a layer of its ${part} does not have the shape it states` };
      }
    }
  }
  const extras = w.extras ?? [];
  if (
    !Array.isArray(extras) ||
    !extras.every(
      (e: Record<string, unknown>) =>
        typeof e?.name === 'string' &&
        Array.isArray(e.shape) &&
        e.values instanceof Float32Array &&
        e.values.length === (e.shape as number[]).reduce((a, b) => a * b, 1),
    )
  ) {
    return { problem: 'its family tensors (prior, codebook or flow) are damaged' };
  }
  const weights = {
    ...(w as unknown as ModelArrays),
    config: { ...FAMILY_DEFAULTS, ...config } as ModelConfig,
    extras: extras as ModelArrays['extras'],
  };
  return { weights };
}

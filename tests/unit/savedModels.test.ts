import { describe, expect, it } from 'vitest';
import type { ModelMeta } from '../../src/model/format/meta';
import { isQuotaExceeded, savedNameProblem } from '../../src/persistence/savedModels';
import { checkStoredWeights } from '../../src/persistence/storedWeights';

const meta: ModelMeta = {
  kind: 'vae',
  latentDim: 2,
  hidden: [4],
  likelihood: 'bernoulli',
  beta: 1,
  epochs: 1,
  seed: 1,
  trainedOn: 'mnist-train-60000',
  dataset: 'mnist',
  testMetrics: null,
};

const layer = (inputs: number, units: number) => ({
  kernel: new Float32Array(inputs * units),
  bias: new Float32Array(units),
  inputs,
  units,
});

const weights = () => ({
  config: { kind: 'vae', latentDim: 2, hidden: [4] },
  encoder: [layer(784, 4)],
  heads: [layer(4, 2), layer(4, 2)],
  decoder: [layer(2, 4), layer(4, 784)],
});

describe('saved model names', () => {
  it('takes any visible name up to 100 characters', () => {
    expect(savedNameProblem('my run / β = 2')).toBeNull();
    expect(savedNameProblem('  ')).toBe('Give the model a name');
    expect(savedNameProblem('x'.repeat(101))).toBe('A name may be at most 100 characters');
    expect(savedNameProblem('a\nb')).toBe('A name may not hold control characters');
  });
});

describe('storage errors', () => {
  it('knows a full disk when it sees one', () => {
    expect(isQuotaExceeded(new DOMException('quota', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaExceeded(new DOMException('nope', 'AbortError'))).toBe(false);
    expect(isQuotaExceeded(new Error('QuotaExceededError'))).toBe(false);
  });
});

describe('weights read back from storage', () => {
  it('pass when they fit the meta; a record from before the model families gets their defaults', () => {
    const checked = checkStoredWeights(weights(), meta);
    if ('problem' in checked) throw new Error(checked.problem);
    expect(checked.weights.extras).toEqual([]);
    expect(checked.weights.config).toMatchObject({ kind: 'vae', prior: { kind: 'standard' }, codebookSize: 64 });
  });

  it.each<[string, (w: ReturnType<typeof weights>) => unknown, RegExp]>([
    ['missing', () => undefined, /weights are missing/],
    ['of another kind', (w) => ({ ...w, config: { ...w.config, kind: 'ae' } }), /not those of a VAE with a 2-D latent/],
    ['with no decoder', (w) => ({ ...w, decoder: [] }), /decoder layers are missing/],
    ['with a short kernel', (w) => ({ ...w, encoder: [{ ...layer(784, 4), kernel: new Float32Array(5) }] }), /shape/],
    ['with plain arrays', (w) => ({ ...w, heads: [{ ...layer(4, 2), bias: [0, 0] }, layer(4, 2)] }), /shape/],
    [
      'with a damaged family tensor',
      (w) => ({ ...w, extras: [{ name: 'codebook', shape: [3, 2], values: new Float32Array(5) }] }),
      /family tensors .* are damaged/,
    ],
  ])('are refused when %s', (_what, damage, message) => {
    const checked = checkStoredWeights(damage(weights()), meta);
    expect('problem' in checked ? checked.problem : null).toMatch(message);
  });
});

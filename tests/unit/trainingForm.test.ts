import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAINING_FORM,
  onlyLearningRatesDiffer,
  parseTrainingForm,
  type TrainingForm,
} from '../../src/state/trainingForm';

const withSlot = (slot: 'vae' | 'ae', patch: Partial<TrainingForm['slots']['vae']>): TrainingForm => ({
  ...DEFAULT_TRAINING_FORM,
  slots: { ...DEFAULT_TRAINING_FORM.slots, [slot]: { ...DEFAULT_TRAINING_FORM.slots[slot], ...patch } },
});

describe('the training form', () => {
  it('parses the defaults into the reference VAE and an AE of the same shape', () => {
    const parsed = parseTrainingForm(DEFAULT_TRAINING_FORM);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const { vae, ae } = parsed.settings.models;
    expect(vae).toMatchObject({ kind: 'vae', latentDim: 2, hidden: [512, 256], beta: 1, batchSize: 128 });
    expect(ae).toMatchObject({ kind: 'ae', latentDim: 2, hidden: [512, 256] });
    expect(vae?.seed).toBe(ae?.seed);
    expect(parsed.settings.schedule).toBeNull();
    expect(parsed.settings.snapshotCount).toBe(2000);
  });

  it('refuses bad values with messages tied to their fields', () => {
    const form = withSlot('vae', { learningRate: 'fast', latentDim: '40', hidden: '512, -3', beta: '11' });
    const parsed = parseTrainingForm({ ...form, epochs: '0', seed: '1.5' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toMatchObject({
      'vae.learningRate': 'Learning rate must be a number',
      'vae.latentDim': 'Latent dimension must be between 2 and 32',
      'vae.beta': 'Beta must be between 0 and 10',
      epochs: 'Epochs must be between 1 and 1000',
      seed: 'Seed must be a whole number',
    });
    expect(parsed.errors['vae.hidden']).toMatch(/^Hidden sizes must be 1-4 whole numbers/);
  });

  it('needs at least one model', () => {
    const form = { ...withSlot('vae', { enabled: false }) };
    const parsed = parseTrainingForm({ ...form, slots: { ...form.slots, ae: { ...form.slots.ae, enabled: false } } });
    expect(parsed.ok ? null : parsed.errors.models).toBe('Choose the VAE, the AE or both to train');
  });

  it('maps annealing and the live-map size into the run settings', () => {
    const parsed = parseTrainingForm({ ...DEFAULT_TRAINING_FORM, anneal: true, snapshotCount: '10000' });
    expect(parsed.ok && parsed.settings.schedule).toEqual({ holdFraction: 0.5, finalFactor: 0.05 });
    expect(parsed.ok && parsed.settings.snapshotCount).toBe(10000);
  });

  it('tells a learning-rate change from a change that needs a reset', () => {
    const base = parseTrainingForm(DEFAULT_TRAINING_FORM);
    const lr = parseTrainingForm(withSlot('vae', { learningRate: '0.003' }));
    const shape = parseTrainingForm(withSlot('vae', { latentDim: '3' }));
    if (!base.ok || !lr.ok || !shape.ok) throw new Error('valid forms expected');
    expect(onlyLearningRatesDiffer(base.settings, lr.settings)).toBe(true);
    expect(onlyLearningRatesDiffer(base.settings, shape.settings)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAINING_FORM,
  onlyLearningRatesDiffer,
  parseTrainingForm,
  type TrainingForm,
} from '../../src/state/trainingForm';

const withSlot = (slot: 'left' | 'right', patch: Partial<TrainingForm['slots']['left']>): TrainingForm => ({
  ...DEFAULT_TRAINING_FORM,
  slots: { ...DEFAULT_TRAINING_FORM.slots, [slot]: { ...DEFAULT_TRAINING_FORM.slots[slot], ...patch } },
});

describe('the training form', () => {
  it('parses the defaults into the reference VAE and an AE of the same shape', () => {
    const parsed = parseTrainingForm(DEFAULT_TRAINING_FORM);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const { left, right } = parsed.settings.models;
    expect(left).toMatchObject({ kind: 'vae', latentDim: 2, hidden: [512, 256], beta: 1, prior: { kind: 'standard' } });
    expect(right).toMatchObject({ kind: 'ae', latentDim: 2, hidden: [512, 256] });
    expect(left?.seed).toBe(right?.seed);
    expect(parsed.settings.plan.publish?.snapshotCount).toBe(2000);
  });

  it('builds each family with its own settings', () => {
    const form = {
      ...DEFAULT_TRAINING_FORM,
      slots: {
        left: { ...DEFAULT_TRAINING_FORM.slots.left, prior: 'mog' as const, priorComponents: '7' },
        right: {
          ...DEFAULT_TRAINING_FORM.slots.right,
          family: 'vq-vae' as const,
          codebookSize: '32',
          commitment: '0.5',
        },
      },
    };
    const parsed = parseTrainingForm(form);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.settings.models.left?.prior).toEqual({ kind: 'mog', components: 7 });
    expect(parsed.settings.models.right).toMatchObject({ kind: 'vq-vae', codebookSize: 32, commitment: 0.5 });
    const flow = parseTrainingForm(withSlot('right', { family: 'flow-vae', flowSteps: '0' }));
    expect(flow.ok ? null : flow.errors['right.flowSteps']).toBe('Flow layers must be between 1 and 16');
  });

  it('refuses bad values with messages tied to their fields', () => {
    const form = withSlot('left', { learningRate: 'fast', latentDim: '40', hidden: '512, -3', beta: '11' });
    const parsed = parseTrainingForm({ ...form, epochs: '0', seed: '1.5' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toMatchObject({
      'left.learningRate': 'Learning rate must be a number',
      'left.latentDim': 'Latent dimension must be between 2 and 32',
      'left.beta': 'Beta must be between 0 and 10',
      epochs: 'Epochs must be between 1 and 1000',
      seed: 'Seed must be a whole number',
    });
    expect(parsed.errors['left.hidden']).toMatch(/^Hidden sizes must be 1-4 whole numbers/);
  });

  it('needs at least one model', () => {
    const form = { ...withSlot('left', { enabled: false }) };
    const parsed = parseTrainingForm({
      ...form,
      slots: { ...form.slots, right: { ...form.slots.right, enabled: false } },
    });
    expect(parsed.ok ? null : parsed.errors.models).toBe('Choose a model to train on at least one side');
  });

  it('maps annealing and the live-map size into the run settings', () => {
    const parsed = parseTrainingForm({ ...DEFAULT_TRAINING_FORM, anneal: true, snapshotCount: '10000' });
    expect(parsed.ok && parsed.settings.plan.schedule).toEqual({ holdFraction: 0.3, finalFactor: 0.05 });
    expect(parsed.ok && parsed.settings.plan.publish?.snapshotCount).toBe(10000);
    const constant = parseTrainingForm({ ...DEFAULT_TRAINING_FORM, anneal: false });
    expect(constant.ok && constant.settings.plan.schedule).toBeNull();
  });

  it('tells a learning-rate change from a change that needs a reset', () => {
    const base = parseTrainingForm(DEFAULT_TRAINING_FORM);
    const lr = parseTrainingForm(withSlot('left', { learningRate: '0.003' }));
    const shape = parseTrainingForm(withSlot('left', { latentDim: '3' }));
    if (!base.ok || !lr.ok || !shape.ok) throw new Error('valid forms expected');
    expect(onlyLearningRatesDiffer(base.settings, lr.settings)).toBe(true);
    expect(onlyLearningRatesDiffer(base.settings, shape.settings)).toBe(false);
  });
});

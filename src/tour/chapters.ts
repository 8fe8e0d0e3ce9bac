import type { Chapter } from './types';

/**
 * The guided path through the VAE story (../shared/VAE-NOTES.md), in the
 * order the notes tell it. Each chapter's words are in the i18n layer
 * (tour.chapters.<id>); here only what it sets up and what it measures.
 */
export const PAIR = { left: 'shipped/vae-2d', right: 'shipped/ae-2d' };

export const CHAPTERS: Chapter[] = [
  {
    id: 'squeeze',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'view', view: 'right' },
      { do: 'scroll', to: 'explorer' },
    ],
    figure: 'ae-code',
  },
  {
    id: 'holes',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'view', view: 'both' },
      { do: 'scroll', to: 'explorer' },
    ],
    figure: 'holes',
  },
  {
    id: 'region',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'view', view: 'left' },
      { do: 'explorer', patch: { showEllipses: true, sigmaScale: 1, showPrior: true } },
      { do: 'digit', index: 7 },
      { do: 'scroll', to: 'explorer' },
    ],
    figure: 'posterior-width',
  },
  {
    id: 'diagonal',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'lab-digit', index: 1476, slot: 'left' },
      { do: 'scroll', to: 'lab' },
    ],
    figure: 'diagonal-cost',
  },
  {
    id: 'reparam',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'digit', index: 7 },
      { do: 'scroll', to: 'reparam' },
    ],
    figure: 'reparam-variance',
  },
  {
    id: 'kl',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'view', view: 'both' },
      { do: 'scroll', to: 'explorer' },
    ],
    figure: 'kl-regulariser',
  },
  {
    id: 'sampling',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'view', view: 'both' },
      { do: 'scroll', to: 'prior-samples' },
    ],
    figure: 'prior-reach',
  },
  {
    id: 'hard',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'lab-digit', index: 7, slot: 'left' },
      { do: 'scroll', to: 'lab' },
    ],
    figure: 'estimators',
  },
  {
    id: 'elbo',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'lab-digit', index: 7, slot: 'left' },
      { do: 'scroll', to: 'lab' },
    ],
    figure: 'identity',
  },
  {
    id: 'mixtures',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'view', view: 'both' },
      { do: 'scroll', to: 'mixtures' },
    ],
    figure: 'mixtures',
  },
  {
    id: 'variants',
    setup: [
      { do: 'models', models: { left: 'shipped/flow-vae-2d', right: 'shipped/vq-2d' } },
      { do: 'view', view: 'both' },
      { do: 'scroll', to: 'explorer' },
    ],
    figure: 'variants',
  },
  {
    id: 'hidden',
    setup: [
      { do: 'models', models: PAIR },
      // Test digit 0 is a 7: with its bottom hidden, the top could also begin a 9.
      { do: 'hidden', index: 0, mask: 'bottom', slot: 'left' },
      { do: 'scroll', to: 'hidden' },
    ],
    figure: 'hidden-half',
  },
  {
    id: 'anomaly',
    setup: [
      { do: 'models', models: PAIR },
      { do: 'anomaly', slot: 'left' },
      { do: 'scroll', to: 'anomaly' },
    ],
    figure: 'anomaly',
  },
  {
    id: 'train',
    setup: [{ do: 'scroll', to: 'training' }],
    figure: 'training',
  },
];

import type { ExplorerState, ExplorerView } from '../state/explorerStore';
import type { SlotId } from '../lib/slotIds';
import type { tour } from '../i18n/en/tour';
import type { MaskKind } from '../model/posterior/inpainting';

/**
 * A chapter of the guided tour, as data: the state it sets up (through the
 * same named actions a person's clicks use), its text (keys of the i18n
 * layer's `tour` namespace), the one thing to do, and the live figure that
 * makes its claim measurable. No chapter has pictures of its own: it points
 * the real panels.
 */
export type PanelTarget =
  'explorer' | 'generators' | 'prior-samples' | 'reparam' | 'lab' | 'hidden' | 'anomaly' | 'mixtures' | 'training';

export type SetupStep =
  /** Shipped models in the slots (a slot showing a training run keeps it). */
  | { do: 'models'; models: Partial<Record<SlotId, string>> }
  | { do: 'view'; view: ExplorerView }
  | { do: 'explorer'; patch: Partial<Pick<ExplorerState, 'showEllipses' | 'sigmaScale' | 'showPrior'>> }
  /** A test digit picked on the maps (its mean selected and decoded in each slot). */
  | { do: 'digit'; index: number }
  /** The lab's digit box (the person presses Run the lab). */
  | { do: 'lab-digit'; index: number; slot?: SlotId }
  /** The hidden half's digit, mask and model (the person presses Hide and fill in). */
  | { do: 'hidden'; index: number; mask: MaskKind; slot?: SlotId }
  /** The anomaly panel's model (the person presses Score the test sets). */
  | { do: 'anomaly'; slot: SlotId }
  /** The reparameterisation panel's draws shown on the map. */
  | { do: 'reparam-on-map' }
  | { do: 'scroll'; to: PanelTarget };

/** The live figure a chapter shows (see TourFigure.tsx). */
export type FigureId =
  | 'ae-code'
  | 'holes'
  | 'posterior-width'
  | 'diagonal-cost'
  | 'reparam-variance'
  | 'kl-regulariser'
  | 'prior-reach'
  | 'estimators'
  | 'identity'
  | 'mixtures'
  | 'variants'
  | 'hidden-half'
  | 'anomaly'
  | 'training';

/** A chapter's id: its words are tour.chapters.<id>.{title, text, action, look} in the i18n layer. */
export type ChapterId = keyof typeof tour.chapters;

export interface Chapter {
  id: ChapterId;
  setup: SetupStep[];
  figure: FigureId;
}

import { createStore } from '../state/createStore';
import { CHAPTERS } from './chapters';

/** Whether the tour is open and at which chapter (0-based; the URL says #tour=N, 1-based). */
export interface TourState {
  open: boolean;
  chapter: number;
  /** A chapter's setup still running (models loading). */
  settingUp: boolean;
  /** What the setup could not do (a slot busy training), in words. */
  notes: string[];
}

export const tourStore = createStore<TourState>({ open: false, chapter: 0, settingUp: false, notes: [] });

export function clampChapter(n: number): number {
  return Math.max(0, Math.min(CHAPTERS.length - 1, Math.round(n)));
}

import { useMemo } from 'react';
import { useStore } from './createStore';
import { slotLabels, slotsStore, type SlotRun } from './slots';
import { SLOTS, type SlotId } from '../lib/slotIds';

export interface RunView {
  slot: SlotId;
  label: string;
  run: SlotRun;
}

/**
 * The slots' training runs (in slot order), with the labels they go by.
 * Subscribes to the runs alone: a click on a map (a slot's point) does not
 * redraw the training charts.
 */
export function useRuns(): RunView[] {
  const left = useStore(slotsStore, (s) => s.left.run);
  const right = useStore(slotsStore, (s) => s.right.run);
  const leftLabel = useStore(slotsStore, (s) => slotLabels(s).left);
  const rightLabel = useStore(slotsStore, (s) => slotLabels(s).right);
  return useMemo(() => {
    const runs: Record<SlotId, SlotRun | null> = { left, right };
    const labels: Record<SlotId, string> = { left: leftLabel, right: rightLabel };
    return SLOTS.flatMap((slot) => {
      const run = runs[slot];
      return run ? [{ slot, label: labels[slot], run }] : [];
    });
  }, [left, right, leftLabel, rightLabel]);
}

import { useStore } from '../state/createStore';
import { explorerStore } from '../state/explorerStore';
import { labSlots } from '../state/posteriorLab';
import { useSlotKinds, useSlotLabels } from '../state/slotView';
import type { SlotId } from '../lib/slotIds';

/**
 * What a panel that works on one model with a posterior density needs of the
 * page: the slots it can use (re-rendered when the models change, not on every
 * training event), the one to use (the panel's choice while it is usable), the
 * slots' labels, and the picked and drawn digits.
 */
export function useLabSlot(chosen: SlotId) {
  const labels = useSlotLabels();
  useSlotKinds();
  const selected = useStore(explorerStore, (s) => s.selectedDigit);
  const hasDrawn = useStore(explorerStore, (s) => s.drawn !== null);
  const slots = labSlots();
  const slot: SlotId | undefined = slots.includes(chosen) ? chosen : slots[0];
  return { labels, selected, hasDrawn, slots, slot };
}

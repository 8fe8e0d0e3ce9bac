import { appStore, messageOf } from './appStore';
import { decodeSelectedPoint } from './explorerActions';
import { slotState, slotWeights } from './slots';
import { explorerClient } from '../bridge/explorerClient';
import { SLOTS } from '../lib/slotIds';

/**
 * When the explorer worker crashes, every model it held is gone; the page
 * keeps each shown model's weights (shipped, saved, imported, or a run's
 * latest), so it starts a fresh worker, gives them back, decodes the
 * selected points again, and says what happened. Calls that were waiting
 * (an import, a download) fail with the reason, so nothing stays "busy".
 */
export function installExplorerRecovery(): void {
  explorerClient.onCrash((message) => void recover(message));
}

async function recover(message: string): Promise<void> {
  const what = `The explorer worker stopped unexpectedly (${message}).`;
  appStore.set({ explorerNotice: { kind: 'warning', text: `${what} Restarting it…` } });
  try {
    await explorerClient.init();
    let restored = 0;
    for (const slot of SLOTS) {
      const weights = slotWeights(slotState(slot));
      if (!weights) continue;
      await explorerClient.setModel(slot, weights);
      void decodeSelectedPoint(slot);
      restored++;
    }
    appStore.set({
      explorerNotice: {
        kind: 'warning',
        text: `${what} It was restarted and the ${restored === 1 ? 'model shown was' : `${restored} models shown were`} reloaded from the page; nothing was lost.`,
      },
    });
  } catch (err) {
    appStore.set({ explorerNotice: { kind: 'error', text: `${what} Restarting it failed too: ${messageOf(err)}` } });
  }
}

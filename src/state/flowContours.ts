import { appStore } from './appStore';
import { explorerStore, setToolLayers } from './explorerStore';
import { slotKind, slotsStore } from './slots';
import { explorerClient } from '../bridge/explorerClient';
import { i18n, t } from '../i18n';
import { SLOTS, type SlotId } from '../lib/slotIds';
import type { ModelArrays } from '../model/arrays';
import { familyInfo } from '../model/familyInfo';
import { slotWeights } from './slots';
import { HDR_SHARES } from '../model/posterior/hdr';
import { hdrLevels } from '../model/posterior/numerics';
import { cellField } from '../viz/mapLayers';

const GRID = 81;

const legend = (digit: number) => [t('explorer.layers.flowPosterior', { digit })];

/**
 * A flow VAE's q(z|x) is no ellipse: for the test digit picked on a map,
 * each slot showing a flow VAE draws that digit's posterior as density
 * contours (its 50 / 90 / 99 % highest-density regions).
 */
export function installFlowContours(): void {
  let lastDigit: number | null = null;
  // The weights each slot's contours were drawn from: a flow being trained redraws them as its weights arrive.
  const lastWeights: Partial<Record<SlotId, ModelArrays | null>> = {};
  // The digit each slot's contours show: a language switch rewrites their legend.
  const shown: Partial<Record<SlotId, number>> = {};
  const update = () => {
    const digit = explorerStore.get().selectedDigit;
    const slots = slotsStore.get();
    const weights = (slot: SlotId) => {
      const kind = slotKind(slots[slot]);
      return kind && familyInfo(kind).posteriorShape === 'contours' ? slotWeights(slots[slot]) : null;
    };
    if (digit === lastDigit && SLOTS.every((s) => lastWeights[s] === weights(s))) return;
    lastDigit = digit;
    for (const s of SLOTS) lastWeights[s] = weights(s);
    for (const slot of SLOTS) {
      if (!weights(slot) || digit === null) {
        setToolLayers(slot, 'flowPosterior', null);
        continue;
      }
      const images = appStore.get().testSet?.images;
      if (!images) continue;
      const image = Float32Array.from(images.subarray(digit * 784, (digit + 1) * 784), (v) => v / 255);
      void explorerClient
        .qDensity(slot, image, GRID)
        .then(({ box, nx, ny, logDensity }) => {
          if (explorerStore.get().selectedDigit !== digit) return;
          const field = cellField(box, nx, ny, Float32Array.from(logDensity, Math.exp));
          const thresholds = hdrLevels(field.values, HDR_SHARES);
          shown[slot] = digit;
          setToolLayers(slot, 'flowPosterior', {
            contours: [{ field, thresholds, color: '#1864ab', width: 1.5 }],
            legend: legend(digit),
          });
        })
        .catch(() => setToolLayers(slot, 'flowPosterior', null));
    }
  };
  explorerStore.subscribe(update);
  slotsStore.subscribe(update);
  i18n.on('languageChanged', () => {
    for (const slot of SLOTS) {
      const layers = explorerStore.get().toolLayers[slot].flowPosterior;
      const digit = shown[slot];
      if (layers && digit !== undefined) setToolLayers(slot, 'flowPosterior', { ...layers, legend: legend(digit) });
    }
  });
}

import { appStore } from './appStore';
import { explorerStore, setToolLayers } from './explorerStore';
import { slotKind, slotsStore } from './slots';
import { explorerClient } from '../bridge/explorerClient';
import { SLOTS } from '../lib/slots';
import { HDR_SHARES } from '../model/posterior/hdr';
import { hdrLevels } from '../model/posterior/numerics';
import { cellField } from '../viz/mapLayers';

const GRID = 81;

/**
 * A flow VAE's q(z|x) is no ellipse: for the test digit picked on a map,
 * each slot showing a flow VAE draws that digit's posterior as density
 * contours (its 50 / 90 / 99 % highest-density regions).
 */
export function installFlowContours(): void {
  let lastDigit: number | null = null;
  let lastModels = '';
  const update = () => {
    const digit = explorerStore.get().selectedDigit;
    const slots = slotsStore.get();
    const models = SLOTS.map((s) =>
      slotKind(slots[s]) === 'flow-vae' ? `${s}:${String(slots[s].model.kind)}` : '',
    ).join('|');
    if (digit === lastDigit && models === lastModels) return;
    lastDigit = digit;
    lastModels = models;
    for (const slot of SLOTS) {
      if (slotKind(slots[slot]) !== 'flow-vae' || digit === null) {
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
          setToolLayers(slot, 'flowPosterior', {
            contours: [{ field, thresholds, color: '#1864ab', width: 1.5 }],
            legend: [`Flow posterior q(z|x) of test digit #${digit}: 50 / 90 / 99 % density contours (blue)`],
          });
        })
        .catch(() => setToolLayers(slot, 'flowPosterior', null));
    }
  };
  explorerStore.subscribe(update);
  slotsStore.subscribe(update);
}

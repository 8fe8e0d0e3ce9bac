import { paintDigit } from '../viz/digitImage';
import { markDecodedPaint } from './perf';
import type { SlotId } from '../lib/slotIds';

/**
 * The decoded-image canvases that a decode paints the moment it comes back
 * from the explorer worker, before React re-renders the selection: a click
 * or a slider drag then costs the worker's round trip and one putImageData,
 * not a render of everything that shows the slot. React paints the same
 * canvases from the store afterwards (a no-op: the pixels are already there).
 */
const canvases = new Map<string, Set<HTMLCanvasElement>>();

/** Registers a canvas under a key ("decoded-left", "sliders-left"); returns the unregistering function. */
export function registerLiveCanvas(key: string, canvas: HTMLCanvasElement): () => void {
  let set = canvases.get(key);
  if (!set) canvases.set(key, (set = new Set()));
  set.add(canvas);
  return () => set.delete(canvas);
}

function paintLive(key: string, pixels: Float32Array): boolean {
  let any = false;
  for (const canvas of canvases.get(key) ?? []) any = paintDigit(canvas, pixels) || any;
  return any;
}

/** Paints a slot's freshly decoded image on its decoded-image and slider canvases, and times it. */
export function paintDecoded(slot: SlotId, image: Float32Array): void {
  if (paintLive(`decoded-${slot}`, image)) markDecodedPaint(`decoded-${slot}`, slot);
  if (paintLive(`sliders-${slot}`, image)) markDecodedPaint('sliders', null);
}

/**
 * Timestamps the benchmark and end-to-end tests read through the window
 * hook (performance.now() times). Recording costs a property write; nothing
 * here changes what the person sees.
 */
export const perf = {
  /** When each map first drew a model's posteriors (ms since navigation start). */
  mapsDrawnAt: {} as Record<string, number>,
  /** Click time (event.timeStamp) of the last click on each map. */
  lastClickAt: {} as Record<string, number>,
  /** Click (event timestamp) to decoded image drawn on its canvas, ms. */
  decodeClickMs: [] as number[],
  /** The click handler's start to the image drawn: the page's own share of decodeClickMs, ms. */
  decodeHandlerMs: [] as number[],
  /** When the last click's handler started (performance.now()). */
  lastHandlerAt: {} as Record<string, number>,
  /** The click handler's start to the explorer worker's reply (the round trip inside decodeHandlerMs), ms. */
  decodeRoundTripMs: [] as number[],
  /** Click to the start of the next frame after the draw (when the browser shows it), ms. */
  decodeClickToFrameMs: [] as number[],
  /** Paints of each decoded-image canvas, by its label. */
  paints: {} as Record<string, number>,
};

export function markMapDrawn(slot: string): void {
  if (perf.mapsDrawnAt[slot] === undefined) perf.mapsDrawnAt[slot] = performance.now();
}

export function markMapClick(slot: string, timeStamp: number): void {
  perf.lastClickAt[slot] = timeStamp;
  perf.lastHandlerAt[slot] = performance.now();
}

/**
 * Called right after a decoded image is put on its canvas: records the time
 * from the click to that draw, and to the next frame (which shows it; that
 * part waits for the display's refresh, up to 16.7 ms at 60 Hz).
 */
export function markDecodedPaint(label: string, slot: string | null): void {
  perf.paints[label] = (perf.paints[label] ?? 0) + 1;
  if (slot === null) return;
  const clickedAt = perf.lastClickAt[slot];
  if (clickedAt === undefined) return;
  delete perf.lastClickAt[slot];
  const now = performance.now();
  perf.decodeClickMs.push(now - clickedAt);
  perf.decodeHandlerMs.push(now - (perf.lastHandlerAt[slot] ?? clickedAt));
  requestAnimationFrame(() => perf.decodeClickToFrameMs.push(performance.now() - clickedAt));
}

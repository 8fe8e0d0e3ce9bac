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
  /** Click-to-paint latencies of decoded images, ms. */
  decodeClickMs: [] as number[],
  /** Paints of each decoded-image canvas, by its label. */
  paints: {} as Record<string, number>,
};

export function markMapDrawn(slot: string): void {
  if (perf.mapsDrawnAt[slot] === undefined) perf.mapsDrawnAt[slot] = performance.now();
}

export function markMapClick(slot: string, timeStamp: number): void {
  perf.lastClickAt[slot] = timeStamp;
}

/** Called after a decoded image is put on its canvas: the latency is measured at the next frame (when it shows). */
export function markDecodedPaint(label: string, slot: string | null): void {
  perf.paints[label] = (perf.paints[label] ?? 0) + 1;
  if (slot === null) return;
  const clickedAt = perf.lastClickAt[slot];
  if (clickedAt === undefined) return;
  delete perf.lastClickAt[slot];
  requestAnimationFrame(() => perf.decodeClickMs.push(performance.now() - clickedAt));
}

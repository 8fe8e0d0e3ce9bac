/** The pixels each canvas shows now, so a second paint of the same image (React after a live paint) is skipped. */
const painted = new WeakMap<HTMLCanvasElement, Float32Array | Uint8Array | null>();

/**
 * Puts a 28 x 28 digit on a 28 x 28 canvas, white on black like MNIST:
 * 784 values in [0, 1] (Float32Array) or bytes 0-255 (Uint8Array); null
 * clears it to black. False when the canvas already shows these pixels.
 */
export function paintDigit(canvas: HTMLCanvasElement, pixels: Float32Array | Uint8Array | null): boolean {
  if (painted.has(canvas) && painted.get(canvas) === pixels) return false;
  const ctx = canvas.getContext('2d');
  if (!ctx) return false;
  const image = ctx.createImageData(28, 28);
  const scale = pixels instanceof Uint8Array ? 1 : 255;
  for (let p = 0; p < 784; p++) {
    const v = pixels ? Math.round(Math.min(255, Math.max(0, pixels[p] * scale))) : 0;
    image.data[4 * p] = v;
    image.data[4 * p + 1] = v;
    image.data[4 * p + 2] = v;
    image.data[4 * p + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  painted.set(canvas, pixels);
  return true;
}

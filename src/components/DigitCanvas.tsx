import { useLayoutEffect, useRef, type RefObject } from 'react';

interface DigitCanvasProps {
  /** 784 values in [0, 1] (Float32Array) or bytes 0-255 (Uint8Array). */
  pixels: Float32Array | Uint8Array | null;
  size: number;
  label: string;
  className?: string;
  /** Receives the canvas element (e.g. for PNG export). */
  canvasRef?: RefObject<HTMLCanvasElement | null>;
  /** Called after each paint of a non-empty image (for latency measurements). */
  onPainted?: () => void;
}

/** One 28x28 digit drawn large and crisp (nearest-neighbour), white on black like MNIST. */
export function DigitCanvas({ pixels, size, label, className, canvasRef, onPainted }: DigitCanvasProps) {
  const ownRef = useRef<HTMLCanvasElement>(null);
  const ref = canvasRef ?? ownRef;
  // A layout effect: the pixels land before the browser paints this commit, not a frame later.
  useLayoutEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
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
    if (pixels) onPainted?.();
  }, [pixels, ref, onPainted]);
  return (
    <canvas
      ref={ref}
      width={28}
      height={28}
      role="img"
      aria-label={label}
      className={className ? `digit-canvas ${className}` : 'digit-canvas'}
      style={{ width: size, height: size }}
    />
  );
}

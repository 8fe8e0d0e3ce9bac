import { useLayoutEffect, useRef, type RefObject } from 'react';
import { registerLiveCanvas } from '../state/livePaint';
import { paintDigit } from '../viz/digitImage';

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
  /** Registers the canvas for live paints of fresh decodes under this key (see state/livePaint.ts). */
  liveKey?: string;
  /** What the image shows (e.g. the point it was decoded from), as data-shows: tests wait for it, not for time. */
  shows?: string;
}

/** One 28x28 digit drawn large and crisp (nearest-neighbour), white on black like MNIST. */
export function DigitCanvas({
  pixels,
  size,
  label,
  className,
  canvasRef,
  onPainted,
  liveKey,
  shows,
}: DigitCanvasProps) {
  const ownRef = useRef<HTMLCanvasElement>(null);
  const ref = canvasRef ?? ownRef;
  useLayoutEffect(() => {
    const canvas = ref.current;
    return canvas && liveKey ? registerLiveCanvas(liveKey, canvas) : undefined;
  }, [ref, liveKey]);
  // A layout effect: the pixels land before the browser paints this commit, not a frame later.
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (canvas && paintDigit(canvas, pixels) && pixels) onPainted?.();
  }, [pixels, ref, onPainted]);
  return (
    <canvas
      ref={ref}
      width={28}
      height={28}
      role="img"
      aria-label={label}
      data-shows={shows}
      className={className ? `digit-canvas ${className}` : 'digit-canvas'}
      style={{ width: size, height: size }}
    />
  );
}

import { useEffect, useRef } from 'react';
import { imagesToCanvas } from '../viz/latentMap';

interface ImageStripProps {
  images: Float32Array | null;
  count: number;
  columns: number;
  cell: number;
  label: string;
  /** Index of a cell to outline (the frame an animation shows). */
  highlight?: number | null;
  onCanvas?: (canvas: HTMLCanvasElement | null) => void;
}

/** A grid of decoded 28x28 images (a strip when columns = count), crisp, as one canvas. */
export function ImageStrip({ images, count, columns, cell, label, highlight, onCanvas }: ImageStripProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const rows = Math.ceil(count / columns);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (images) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(imagesToCanvas(images, count, columns), 0, 0, canvas.width, canvas.height);
      if (highlight !== null && highlight !== undefined) {
        ctx.strokeStyle = '#ffd43b';
        ctx.lineWidth = 3;
        ctx.strokeRect(
          (highlight % columns) * cell + 1.5,
          Math.floor(highlight / columns) * cell + 1.5,
          cell - 3,
          cell - 3,
        );
      }
    }
    // data-count says what is drawn: set here, after the drawing, not in the render (an effect may run a
    // task after its commit, and a reader of the attribute would see the old pixels in between).
    canvas.dataset.count = String(images ? count : 0);
    onCanvas?.(canvas);
  }, [images, count, columns, cell, highlight, onCanvas]);
  return (
    <canvas
      ref={ref}
      className="image-strip"
      width={columns * cell}
      height={rows * cell}
      role="img"
      aria-label={label}
    />
  );
}

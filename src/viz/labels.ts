/**
 * Map labels that never overlap: each label tries a few spots around its
 * anchor (right-above, right-below, left-above, left-below, above, below)
 * and takes the first that is inside the canvas and clear of every label
 * placed before it; with no clear spot it is left out (the map's legend
 * says what the marks are). Earlier labels win, so callers place the most
 * important first. Text gets a white halo so it reads over dense dots.
 */
export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const GAP = 6;

export function overlaps(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Where a label of the given size goes near (ax, ay), or null: pure, so it is tested without a canvas. */
export function chooseLabelBox(
  placed: readonly LabelBox[],
  width: number,
  height: number,
  ax: number,
  ay: number,
  textWidth: number,
  textHeight: number,
  clearance = GAP,
): LabelBox | null {
  const candidates: Array<[number, number]> = [
    [ax + clearance, ay - clearance - textHeight],
    [ax + clearance, ay + clearance],
    [ax - clearance - textWidth, ay - clearance - textHeight],
    [ax - clearance - textWidth, ay + clearance],
    [ax - textWidth / 2, ay - clearance - textHeight - 4],
    [ax - textWidth / 2, ay + clearance + 4],
  ];
  for (const [x, y] of candidates) {
    const box = { x, y, width: textWidth, height: textHeight };
    if (x < 0 || y < 0 || x + textWidth > width || y + textHeight > height) continue;
    if (placed.some((p) => overlaps(p, box))) continue;
    return box;
  }
  return null;
}

export class LabelPlacer {
  private readonly placed: LabelBox[] = [];
  private readonly queued: Array<{ text: string; box: LabelBox; color: string; font: string }> = [];

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    private readonly width: number,
    private readonly height: number,
  ) {}

  /** Keeps labels clear of a region (a marker's own cross, say). */
  reserve(box: LabelBox): void {
    this.placed.push(box);
  }

  /** Finds `text` a clear spot near (ax, ay) and queues it for draw(); says whether it found one. */
  place(text: string, ax: number, ay: number, color: string, font = '600 11px system-ui, sans-serif'): boolean {
    const { ctx } = this;
    ctx.font = font;
    const size = Number(/(\d+)px/.exec(font)?.[1] ?? 11);
    const box = chooseLabelBox(this.placed, this.width, this.height, ax, ay, ctx.measureText(text).width, size);
    if (!box) return false;
    this.placed.push(box);
    this.queued.push({ text, box, color, font });
    return true;
  }

  /** Paints the queued labels (last, over everything else). */
  draw(): void {
    const { ctx } = this;
    ctx.save();
    ctx.textBaseline = 'top';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    for (const { text, box, color, font } of this.queued) {
      ctx.font = font;
      ctx.strokeText(text, box.x, box.y);
      ctx.fillStyle = color;
      ctx.fillText(text, box.x, box.y);
    }
    ctx.restore();
    this.queued.length = 0;
  }
}

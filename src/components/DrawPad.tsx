import { memo, useCallback, useEffect, useRef, useState, type PointerEvent } from 'react';
import { DigitCanvas } from './DigitCanvas';
import { fixed } from './format';
import { TestDigitInput } from './TestDigitInput';
import { useT } from '../i18n';
import { appStore } from '../state/appStore';
import { useStore } from '../state/createStore';
import { encodeDrawnDigit, pickTestDigitForPad } from '../state/explorerActions';
import { explorerStore } from '../state/explorerStore';
import type { SlotView } from '../state/slotView';

const SCALE = 8;
const BRUSH_RADIUS = 1.6;

/** Stamps a soft round brush (in 28x28 pixel units) into the pad's pixels. */
function stamp(pixels: Float32Array, cx: number, cy: number): void {
  for (let y = Math.floor(cy - 3); y <= Math.ceil(cy + 3); y++) {
    for (let x = Math.floor(cx - 3); x <= Math.ceil(cx + 3); x++) {
      if (x < 0 || y < 0 || x >= 28 || y >= 28) continue;
      const dist = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const ink = Math.min(1, Math.max(0, 1.4 - dist / BRUSH_RADIUS));
      const i = y * 28 + x;
      pixels[i] = Math.max(pixels[i], ink);
    }
  }
}

/** The first three coordinates of a vector, with an ellipsis for the rest: (0.12, -1.30, 0.05, …). */
function firstCoordinates(v: number[]): string {
  return `(${v
    .slice(0, 3)
    .map((x) => fixed(x, 2))
    .join(', ')}${v.length > 3 ? ', …' : ''})`;
}

export const DrawPad = memo(function DrawPad({ views }: { views: SlotView[] }) {
  const { t } = useT();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const pixels = useRef(new Float32Array(784));
  const last = useRef<[number, number] | null>(null);
  const [version, setVersion] = useState(0);
  const drawn = useStore(explorerStore, (s) => s.drawn);
  // The box says which test digit is on the pad when one is (whoever put it there).
  const [digit, setDigit] = useState(String(drawn?.testIndex ?? 0));
  const [shownIndex, setShownIndex] = useState(drawn?.testIndex ?? null);
  if ((drawn?.testIndex ?? null) !== shownIndex) {
    setShownIndex(drawn?.testIndex ?? null);
    if (drawn?.testIndex !== null && drawn?.testIndex !== undefined) setDigit(String(drawn.testIndex));
  }
  const testSet = useStore(appStore, (s) => s.testSet);

  const paint = useCallback(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(28, 28);
    pixels.current.forEach((v, p) => {
      const c = Math.round(255 * v);
      image.data.set([c, c, c, 255], 4 * p);
    });
    ctx.putImageData(image, 0, 0);
  }, []);
  useEffect(paint, [paint, version]);

  const at = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const rect = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - rect.left) / rect.width) * 28, ((e.clientY - rect.top) / rect.height) * 28];
  };
  const strokeTo = (p: [number, number]) => {
    const from = last.current ?? p;
    const steps = Math.max(1, Math.ceil(Math.hypot(p[0] - from[0], p[1] - from[1]) / 0.4));
    for (let k = 1; k <= steps; k++)
      stamp(pixels.current, from[0] + ((p[0] - from[0]) * k) / steps, from[1] + ((p[1] - from[1]) * k) / steps);
    last.current = p;
    paint();
  };
  // The pixels this pad last sent: a digit put on the pad from elsewhere (a test digit, the tour) is copied in.
  const sent = useRef<Float32Array | null>(null);
  const encode = (testIndex: number | null) => {
    sent.current = Float32Array.from(pixels.current);
    void encodeDrawnDigit(sent.current, testIndex);
  };
  const drawnPixels = drawn?.pixels ?? null;
  useEffect(() => {
    if (!drawnPixels || drawnPixels === sent.current) return;
    pixels.current.set(drawnPixels);
    setVersion((v) => v + 1);
  }, [drawnPixels]);

  return (
    <section className="generator draw" aria-labelledby="draw-heading">
      <h3 id="draw-heading">{t('generators.draw.heading')}</h3>
      <div className="draw-body">
        <div>
          <canvas
            ref={canvasRef}
            width={28}
            height={28}
            className="draw-pad"
            style={{ width: 28 * SCALE, height: 28 * SCALE }}
            role="img"
            aria-label={t('generators.draw.pad')}
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture(e.pointerId);
              last.current = null;
              strokeTo(at(e));
            }}
            onPointerMove={(e) => {
              if (e.buttons & 1) strokeTo(at(e));
            }}
            onPointerUp={() => {
              last.current = null;
              encode(null);
            }}
          />
          <div className="button-row">
            <button
              type="button"
              onClick={() => {
                pixels.current.fill(0);
                setVersion((v) => v + 1);
              }}
            >
              {t('generators.draw.clear')}
            </button>
            <button type="button" onClick={() => encode(null)}>
              {t('generators.draw.encode')}
            </button>
          </div>
          <div className="button-row">
            <TestDigitInput value={digit} onChange={setDigit} label={t('generators.draw.testDigit')} />
            <button type="button" onClick={() => void pickTestDigitForPad(Number(digit))} disabled={!testSet}>
              {t('generators.draw.useTestDigit')}
            </button>
          </div>
        </div>
        <div className="draw-results">
          {views.map((v) => {
            const enc = drawn?.encoded[v.slot];
            return (
              <figure key={v.slot}>
                <DigitCanvas
                  pixels={enc?.reconstruction ?? null}
                  size={112}
                  label={t('generators.draw.reconstruction', { label: v.label })}
                />
                <figcaption>
                  {v.label}:{' '}
                  {enc
                    ? t('generators.draw.mean', { mean: firstCoordinates(enc.mean) }) +
                      (enc.sigma
                        ? t('generators.draw.sigma', { sigma: firstCoordinates(enc.sigma) })
                        : v.family?.hasDensity
                          ? t('generators.draw.flowNoSigma')
                          : t('generators.draw.pointNoSigma'))
                    : t('generators.draw.empty')}
                </figcaption>
              </figure>
            );
          })}
        </div>
      </div>
      <p className="hint">{t('generators.draw.hint')}</p>
    </section>
  );
});

import { useEffect, useRef, useState } from 'react';
import { DigitCanvas } from './DigitCanvas';
import { downloadCanvas, scaledImagesCanvas } from './download';
import { ImageStrip } from './ImageStrip';
import { useStore } from '../state/createStore';
import { digitPoint, runInterpolation, updateExplorer } from '../state/explorerActions';
import { explorerStore, type InterpolationMode } from '../state/explorerStore';
import { slotsStore } from '../state/slots';
import type { SlotView } from '../state/slotView';

const CELL = 56;

function formatZ(z: number[] | null): string {
  if (!z) return 'not set';
  return `(${z
    .slice(0, 3)
    .map((v) => v.toFixed(2))
    .join(', ')}${z.length > 3 ? ', …' : ''})`;
}

export function InterpolationPanel({ views }: { views: SlotView[] }) {
  const interpolation = useStore(explorerStore, (s) => s.interpolation);
  const view = views.find((v) => v.slot === interpolation.slot) ?? views[0];
  const selected = useStore(slotsStore, (s) => (view ? s[view.slot].point : null));
  const [digitA, setDigitA] = useState('0');
  const [digitB, setDigitB] = useState('1');
  const [frame, setFrame] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const stripCanvas = useRef<HTMLCanvasElement | null>(null);
  const { images, steps } = interpolation;

  // Something to see from the start: test digits 0 and 1, interpolated, until the person picks their own.
  const startSlot = view?.slot;
  const ready = Boolean(view?.posteriors);
  useEffect(() => {
    if (!startSlot || !ready || interpolation.a || interpolation.b) return;
    const a = digitPoint(startSlot, 0);
    const b = digitPoint(startSlot, 1);
    if (!a || !b) return;
    updateExplorer((s) => ({ interpolation: { ...s.interpolation, slot: startSlot, a, b } }));
    void runInterpolation();
  }, [startSlot, ready, interpolation.a, interpolation.b]);

  useEffect(() => {
    if (!playing || !images) return;
    let k = 0;
    let direction = 1;
    const timer = setInterval(() => {
      setFrame(k);
      if (k + direction < 0 || k + direction >= steps) direction = -direction;
      k += direction;
    }, 120);
    return () => clearInterval(timer);
  }, [playing, images, steps]);

  if (!view) return null;
  const slot = view.slot;
  const set = (patch: Partial<typeof interpolation>) =>
    updateExplorer((s) => ({ interpolation: { ...s.interpolation, ...patch, images: null, path: null } }));
  const fromDigit = (text: string): number[] | null => {
    const i = Number(text);
    return Number.isInteger(i) ? digitPoint(slot, i) : null;
  };
  const frameImage = images && frame !== null ? images.subarray(frame * 784, (frame + 1) * 784) : null;

  return (
    <section className="generator interpolation" aria-labelledby="interp-heading">
      <h3 id="interp-heading">Interpolate between two points</h3>
      {views.length > 1 && (
        <div role="radiogroup" aria-label="Interpolate in" className="segmented small">
          {views.map((v) => (
            <label key={v.slot} className={v.slot === slot ? 'segment active' : 'segment'}>
              <input
                type="radio"
                name="interp-slot"
                checked={v.slot === slot}
                onChange={() => set({ slot: v.slot, a: null, b: null })}
              />
              {v.label}
            </label>
          ))}
        </div>
      )}
      <div className="endpoints">
        {(['a', 'b'] as const).map((end) => {
          const name = end.toUpperCase();
          const digit = end === 'a' ? digitA : digitB;
          const setDigit = end === 'a' ? setDigitA : setDigitB;
          return (
            <div key={end} className="endpoint">
              <strong>{name}</strong> = {formatZ(interpolation[end])}
              <button type="button" disabled={!selected} onClick={() => set({ [end]: selected })}>
                Set {name} to the selected point
              </button>
              <label>
                or test digit number
                <input
                  type="number"
                  min={0}
                  max={9999}
                  value={digit}
                  aria-label={`Test digit for ${name}`}
                  onChange={(e) => setDigit(e.target.value)}
                />
              </label>
              <button type="button" onClick={() => set({ [end]: fromDigit(digit) })}>
                Use as {name}
              </button>
            </div>
          );
        })}
      </div>
      <div className="interp-options">
        <label>
          Images{' '}
          <input
            type="number"
            min={2}
            max={30}
            value={steps}
            aria-label="Number of interpolation images"
            onChange={(e) => set({ steps: Math.min(30, Math.max(2, Math.round(Number(e.target.value)) || 2)) })}
          />
        </label>
        <label>
          Path{' '}
          <select value={interpolation.mode} onChange={(e) => set({ mode: e.target.value as InterpolationMode })}>
            <option value="linear">Linear</option>
            <option value="spherical">Spherical (slerp)</option>
          </select>
        </label>
        <button
          type="button"
          className="primary"
          disabled={!interpolation.a || !interpolation.b}
          onClick={() => {
            setPlaying(false);
            setFrame(null);
            void runInterpolation();
          }}
        >
          Interpolate
        </button>
        <button type="button" disabled={!images} onClick={() => setPlaying((p) => !p)} aria-pressed={playing}>
          {playing ? 'Stop' : 'Play'}
        </button>
        <button
          type="button"
          disabled={!images}
          onClick={() =>
            stripCanvas.current &&
            downloadCanvas(scaledImagesCanvas(stripCanvas.current, 2), `interpolation-${slot}.png`)
          }
        >
          Save strip as PNG
        </button>
      </div>
      <div className="interp-result">
        <ImageStrip
          images={images}
          count={steps}
          columns={steps}
          cell={CELL}
          label={`Interpolation strip (${view.label})`}
          highlight={frame}
          onCanvas={(c) => {
            stripCanvas.current = c;
          }}
        />
        {playing && <DigitCanvas pixels={frameImage} size={112} label="Interpolation frame" />}
      </div>
      <p className="hint">
        Spherical paths keep |z| near that of typical prior draws; straight lines through the origin pass through the
        prior&apos;s dense, low-norm centre, which few real digits occupy in higher dimensions.
      </p>
    </section>
  );
}

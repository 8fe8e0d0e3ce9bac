import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { DigitCanvas } from './DigitCanvas';
import { downloadCanvas, scaledImagesCanvas } from './download';
import { fixed } from './format';
import { ImageStrip } from './ImageStrip';
import { useStore } from '../state/createStore';
import { digitPoint, runInterpolation, updateExplorer } from '../state/explorerActions';
import { explorerStore, type InterpolationMode } from '../state/explorerStore';
import { slotsStore } from '../state/slots';
import type { SlotView } from '../state/slotView';
import { useT } from '../i18n';

const CELL = 56;

/** An end point's first three coordinates, with an ellipsis for the rest; `notSet` when there is none. */
function formatZ(z: number[] | null, notSet: string): string {
  if (!z) return notSet;
  return `(${z
    .slice(0, 3)
    .map((v) => fixed(v, 2))
    .join(', ')}${z.length > 3 ? ', …' : ''})`;
}

export const InterpolationPanel = memo(function InterpolationPanel({ views }: { views: SlotView[] }) {
  const { t } = useT();
  const interpolation = useStore(explorerStore, (s) => s.interpolation);
  const view = views.find((v) => v.slot === interpolation.slot) ?? views[0];
  const selected = useStore(slotsStore, (s) => (view ? s[view.slot].point : null));
  const [digitA, setDigitA] = useState('0');
  const [digitB, setDigitB] = useState('1');
  const [frame, setFrame] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const stripCanvas = useRef<HTMLCanvasElement | null>(null);
  // Stable: the strip redraws when its images change, not whenever this panel renders.
  const keepStripCanvas = useCallback((c: HTMLCanvasElement | null) => {
    stripCanvas.current = c;
  }, []);
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
      <h3 id="interp-heading">{t('generators.interpolation.heading')}</h3>
      {views.length > 1 && (
        <div role="radiogroup" aria-label={t('generators.interpolation.slot')} className="segmented small">
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
              <strong>{name}</strong> = {formatZ(interpolation[end], t('generators.interpolation.notSet'))}
              <button type="button" disabled={!selected} onClick={() => set({ [end]: selected })}>
                {t('generators.interpolation.setToSelected', { name })}
              </button>
              <label>
                {t('generators.interpolation.orTestDigit')}
                <input
                  type="number"
                  min={0}
                  max={9999}
                  value={digit}
                  aria-label={t('generators.interpolation.testDigitFor', { name })}
                  onChange={(e) => setDigit(e.target.value)}
                />
              </label>
              <button type="button" onClick={() => set({ [end]: fromDigit(digit) })}>
                {t('generators.interpolation.useAs', { name })}
              </button>
            </div>
          );
        })}
      </div>
      <div className="interp-options">
        <label>
          {t('generators.interpolation.images')}{' '}
          <input
            type="number"
            min={2}
            max={30}
            value={steps}
            aria-label={t('generators.interpolation.imagesLabel')}
            onChange={(e) => set({ steps: Math.min(30, Math.max(2, Math.round(Number(e.target.value)) || 2)) })}
          />
        </label>
        <label>
          {t('generators.interpolation.path')}{' '}
          <select value={interpolation.mode} onChange={(e) => set({ mode: e.target.value as InterpolationMode })}>
            <option value="linear">{t('generators.interpolation.linear')}</option>
            <option value="spherical">{t('generators.interpolation.spherical')}</option>
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
          {t('generators.interpolation.run')}
        </button>
        <button type="button" disabled={!images} onClick={() => setPlaying((p) => !p)} aria-pressed={playing}>
          {playing ? t('generators.interpolation.stop') : t('generators.interpolation.play')}
        </button>
        <button
          type="button"
          disabled={!images}
          onClick={() =>
            stripCanvas.current &&
            downloadCanvas(scaledImagesCanvas(stripCanvas.current, 2), `interpolation-${slot}.png`)
          }
        >
          {t('generators.interpolation.save')}
        </button>
      </div>
      <div className="interp-result">
        <ImageStrip
          images={images}
          count={steps}
          columns={steps}
          cell={CELL}
          label={t('generators.interpolation.strip', { label: view.label })}
          highlight={frame}
          onCanvas={keepStripCanvas}
        />
        {playing && <DigitCanvas pixels={frameImage} size={112} label={t('generators.interpolation.frame')} />}
      </div>
      <p className="hint">{t('generators.interpolation.hint')}</p>
    </section>
  );
});

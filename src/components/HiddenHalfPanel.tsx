import { useEffect, useId, useMemo, useRef, type PointerEvent } from 'react';
import { fixed } from './format';
import { useT } from '../i18n';
import { ImageStrip } from './ImageStrip';
import { Segmented } from './Segmented';
import { PosteriorInset } from './posterior/PosteriorInset';
import { TestDigitInput } from './TestDigitInput';
import { useStore } from '../state/createStore';
import { useLabSlot } from './useLabSlot';
import {
  cancelHiddenSummary,
  clearHidden,
  hiddenStore,
  runHidden,
  runHiddenSummary,
  setHiddenOptions,
  type HiddenResult,
} from '../state/hiddenHalf';
import { HALF_MASKS, PIXELS, SIDE, type MaskKind } from '../model/posterior/inpainting';
import { cellField, type MapLayers } from '../viz/mapLayers';

const n2 = (x: number | undefined | null) => fixed(x, 2);
const MASKS: MaskKind[] = [...HALF_MASKS, 'brush'];
const SCALE = 6;

/** The image with its hidden pixels tinted (the brush paints them when `paint` is given). */
function MaskedDigit({
  image,
  hidden,
  label,
  paint,
}: {
  image: Float32Array | null;
  hidden: Uint8Array;
  label: string;
  paint?: (index: number, value: 0 | 1) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const painting = useRef<0 | 1 | null>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const data = ctx.createImageData(SIDE, SIDE);
    for (let i = 0; i < PIXELS; i++) {
      const v = Math.round(255 * (image?.[i] ?? 0));
      const h = hidden[i] === 1;
      data.data[4 * i] = h ? Math.round(v * 0.35 + 200 * 0.65) : v;
      data.data[4 * i + 1] = h ? Math.round(v * 0.35 + 60 * 0.65) : v;
      data.data[4 * i + 2] = h ? Math.round(v * 0.35 + 60 * 0.65) : v;
      data.data[4 * i + 3] = 255;
    }
    ctx.putImageData(data, 0, 0);
  }, [image, hidden]);
  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const c = Math.floor(((e.clientX - rect.left) / rect.width) * SIDE);
    const r = Math.floor(((e.clientY - rect.top) / rect.height) * SIDE);
    return { r, c };
  };
  const stroke = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!paint || painting.current === null) return;
    const { r, c } = at(e);
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr;
        const cc = c + dc;
        if (rr >= 0 && rr < SIDE && cc >= 0 && cc < SIDE) paint(rr * SIDE + cc, painting.current);
      }
    }
  };
  return (
    <canvas
      ref={ref}
      width={SIDE}
      height={SIDE}
      className={paint ? 'hidden-digit brush' : 'hidden-digit'}
      style={{ width: SIDE * SCALE, height: SIDE * SCALE, imageRendering: 'pixelated' }}
      role="img"
      aria-label={label}
      onPointerDown={
        paint
          ? (e) => {
              e.currentTarget.setPointerCapture(e.pointerId);
              const { r, c } = at(e);
              painting.current = hidden[r * SIDE + c] === 1 && e.button === 0 ? 0 : 1;
              if (e.button === 2 || e.shiftKey) painting.current = 0;
              stroke(e);
            }
          : undefined
      }
      onPointerMove={paint ? stroke : undefined}
      onPointerUp={
        paint
          ? () => {
              painting.current = null;
            }
          : undefined
      }
      onContextMenu={paint ? (e) => e.preventDefault() : undefined}
    />
  );
}

/** The inset's layers: p(z | x_v) shaded with its 50/90/99 % contours, p(z | x) dashed, both q's, the completions' codes. */
function hiddenLayers(result: HiddenResult, labels: Record<'visible' | 'whole' | 'encoder' | 'wholeQ', string>) {
  const { display, encoder, whole, completions } = result;
  if (!display) return null;
  const visible = cellField(
    display.box,
    display.nx,
    display.ny,
    Float32Array.from(display.visible.logDensity, Math.exp),
  );
  const wholeField = cellField(
    display.box,
    display.nx,
    display.ny,
    Float32Array.from(display.whole.logDensity, Math.exp),
  );
  const layers: MapLayers = {
    legend: [labels.visible],
    heatmaps: [{ field: visible, color: '#c92a2a', opacity: 0.85, gamma: 0.6 }],
    contours: [
      { field: visible, thresholds: display.visible.levels, color: '#862e9c', width: 1.5 },
      { field: wholeField, thresholds: display.whole.levels, color: '#2b8a3e', dash: [5, 3], width: 1.5 },
    ],
    gaussians: [],
    marks: completions ? [{ points: pairs(completions.codes), color: '#f08c00', shape: 'cross' }] : [],
  };
  if (encoder?.gaussian)
    layers.gaussians!.push({ ...encoder.gaussian, scales: [1, 2], color: '#1864ab', label: labels.encoder });
  if (display.encoderLogDensity) {
    const field = cellField(
      display.box,
      display.nx,
      display.ny,
      Float32Array.from(display.encoderLogDensity, Math.exp),
    );
    layers.contours!.push({
      field,
      thresholds: [field.values.reduce((m, v) => Math.max(m, v), 0) * 0.1],
      color: '#1864ab',
      dash: [4, 3],
    });
  }
  if (whole?.gaussian)
    layers.gaussians!.push({ ...whole.gaussian, scales: [1], color: '#2b8a3e', dash: [2, 2], label: labels.wholeQ });
  return layers;
}

function pairs(codes: Float32Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < codes.length; i += 2) out.push([codes[i], codes[i + 1]]);
  return out;
}

function Figures({ result }: { result: HiddenResult }) {
  const { t } = useT();
  const update = result.figures;
  if (!update) return null;
  const f = update.figures;
  const quadrature = update.method === 'quadrature';
  const lowEss = update.method === 'importance' && update.ess < 10;
  return (
    <>
      {lowEss && (
        <p className="notice notice-error">
          {t('lab.hidden.lowEss', { ess: fixed(update.ess, 1), draws: update.draws })}
        </p>
      )}
      <table className="lab-table hidden-figures">
        <caption>
          {t('lab.hidden.figuresCaption', { pixels: f.hiddenPixels })}{' '}
          {quadrature
            ? t('lab.hidden.byQuadrature', { ms: Math.round(update.ms) })
            : t('lab.hidden.bySampling', { draws: update.draws, ess: fixed(update.ess, 0), ms: Math.round(update.ms) })}
        </caption>
        <tbody>
          <tr>
            <th scope="row">{quadrature ? t('lab.hidden.exact') : t('lab.hidden.exactApprox')}</th>
            <td>{n2(f.exact)}</td>
          </tr>
          <tr>
            <th scope="row">{t('lab.hidden.encoder')}</th>
            <td>{n2(f.encoder)}</td>
          </tr>
          <tr>
            <th scope="row">{t('lab.hidden.prior')}</th>
            <td>{n2(f.prior)}</td>
          </tr>
          <tr>
            <th scope="row">log p(x_v)</th>
            <td>{n2(f.logPxVisible)}</td>
          </tr>
          <tr>
            <th scope="row">log p(x)</th>
            <td>{n2(f.logPx)}</td>
          </tr>
          {update.method === 'quadrature' && (
            <tr>
              <th scope="row">{t('lab.hidden.klEncoder')}</th>
              <td>{n2(update.figures.klPosteriorToEncoder)}</td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}

function Summary({ slot }: { slot: 'left' | 'right' }) {
  const { t } = useT();
  const id = useId();
  const summary = useStore(hiddenStore, (s) => s.summary);
  const countText = useStore(hiddenStore, (s) => s.summaryCountText);
  const mask = useStore(hiddenStore, (s) => s.mask);
  const count = Number(countText);
  const valid = Number.isInteger(count) && count >= 1 && count <= 10_000;
  const mean = (v: number) => (summary && summary.done > 0 ? n2(v / summary.done) : '–');
  return (
    <div className="hidden-summary">
      <h3>{t('lab.hidden.summaryHeading')}</h3>
      <div className="lab-controls">
        <label>
          {t('lab.hidden.summaryCount')}{' '}
          <input
            type="number"
            min={1}
            max={10000}
            value={countText}
            aria-invalid={!valid}
            onChange={(e) => setHiddenOptions({ summaryCountText: e.target.value })}
          />
        </label>
        <button
          type="button"
          disabled={!valid || summary?.running}
          onClick={() => void runHiddenSummary(count, slot, mask)}
        >
          {t('lab.hidden.summaryRun', { count: valid ? count : 0, mask: t(`lab.hidden.masks.${mask}`) })}
        </button>
        {summary?.running && (
          <button type="button" onClick={cancelHiddenSummary}>
            {t('lab.hidden.summaryCancel')}
          </button>
        )}
      </div>
      {summary && (
        <>
          {summary.running && (
            <div className="progress-row">
              <label htmlFor={`${id}-progress`}>
                {t('lab.hidden.summaryProgress', {
                  done: summary.done,
                  total: summary.count,
                  left: summary.secondsLeft === null ? '–' : Math.round(summary.secondsLeft),
                })}
              </label>
              <progress
                id={`${id}-progress`}
                aria-label={t('lab.hidden.summaryProgressName')}
                max={summary.count}
                value={summary.done}
              />
            </div>
          )}
          {summary.error && (
            <p className="notice notice-error" role="alert">
              {summary.error}
            </p>
          )}
          <table className="lab-table">
            <caption>
              {t('lab.hidden.summaryCaption', {
                done: summary.done,
                count: summary.count,
                mask: t(`lab.hidden.masks.${summary.mask}`),
              })}
              {summary.seconds !== null && ` ${t('lab.hidden.summaryTime', { seconds: Math.round(summary.seconds) })}`}
            </caption>
            <tbody>
              <tr>
                <th scope="row">{t('lab.hidden.exact')}</th>
                <td>{mean(summary.sums.exact)}</td>
              </tr>
              <tr>
                <th scope="row">{t('lab.hidden.encoder')}</th>
                <td>{mean(summary.sums.encoder)}</td>
              </tr>
              <tr>
                <th scope="row">{t('lab.hidden.prior')}</th>
                <td>{mean(summary.sums.prior)}</td>
              </tr>
              <tr>
                <th scope="row">{t('lab.hidden.klEncoder')}</th>
                <td>{mean(summary.sums.kl)}</td>
              </tr>
              <tr>
                <th scope="row">{t('lab.hidden.exactBelowPrior')}</th>
                <td>{summary.done > 0 ? `${fixed((100 * summary.sums.exactBelowPrior) / summary.done, 1)} %` : '–'}</td>
              </tr>
            </tbody>
          </table>
          <p className="hint">{t('lab.hidden.summaryHint')}</p>
        </>
      )}
    </div>
  );
}

/** The hidden half: hide part of a digit, see the posterior given the rest, fill it in, measure the fill. */
export function HiddenHalfPanel() {
  const { t } = useT();
  const id = useId();
  const state = useStore(hiddenStore, (s) => s);
  const { labels, selected, hasDrawn, slots, slot } = useLabSlot(state.slot);
  const { result } = state;
  const layers = useMemo(
    () =>
      result
        ? hiddenLayers(result, {
            visible: t('lab.hidden.legendVisible'),
            whole: t('lab.hidden.legendWhole'),
            encoder: t('lab.hidden.legendEncoder'),
            wholeQ: t('lab.hidden.legendWholeQ'),
          })
        : null,
    [result, t],
  );
  const brushMask = state.brush;
  const paint = (index: number, value: 0 | 1) => {
    const brush = hiddenStore.get().brush;
    if (brush[index] === value) return;
    const next = brush.slice();
    next[index] = value;
    setHiddenOptions({ brush: next });
  };
  const run = (source: Parameters<typeof runHidden>[0]) => slot && void runHidden(source, slot, state.mask);
  const previewImage = result?.image ?? null;
  return (
    <section id="panel-hidden" className="panel hidden-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('lab.hidden.heading')}</h2>
      <p className="panel-intro">{t('lab.hidden.intro')}</p>
      {slots.length === 0 || !slot ? (
        <p className="hint">{t('lab.hidden.noModel')}</p>
      ) : (
        <>
          <div className="lab-controls">
            {slots.length > 1 && (
              <Segmented
                label={t('lab.hidden.model')}
                name={`${id}-slot`}
                options={slots}
                value={slot}
                onChange={(s) => setHiddenOptions({ slot: s })}
                text={(s) => labels[s]}
              />
            )}
            <Segmented
              label={t('lab.hidden.maskGroup')}
              name={`${id}-mask`}
              options={MASKS}
              value={state.mask}
              onChange={(mask) => setHiddenOptions({ mask })}
              text={(m) => t(`lab.hidden.masks.${m}`)}
            />
          </div>
          {state.mask === 'brush' && (
            <div className="hidden-brush">
              <MaskedDigit image={previewImage} hidden={brushMask} label={t('lab.hidden.brushLabel')} paint={paint} />
              <p className="hint">{t('lab.hidden.brushHint')}</p>
              <button type="button" onClick={() => setHiddenOptions({ brush: new Uint8Array(PIXELS) })}>
                {t('lab.hidden.brushClear')}
              </button>
            </div>
          )}
          <div className="lab-controls">
            <TestDigitInput
              value={state.digitText}
              onChange={(text) => setHiddenOptions({ digitText: text })}
              label={t('lab.hidden.testDigit')}
            />
            <button
              type="button"
              className="primary"
              onClick={() => run({ kind: 'test', index: Number(state.digitText) })}
            >
              {t('lab.hidden.run')}
            </button>
            <button type="button" disabled={!hasDrawn} onClick={() => run({ kind: 'drawn' })}>
              {t('lab.hidden.useDrawn')}
            </button>
            <button
              type="button"
              disabled={selected === null}
              onClick={() => selected !== null && run({ kind: 'test', index: selected })}
            >
              {selected !== null ? t('lab.hidden.usePickedNumber', { index: selected }) : t('lab.hidden.usePicked')}
            </button>
            {result && (
              <button type="button" onClick={clearHidden}>
                {t('lab.hidden.clear')}
              </button>
            )}
          </div>
        </>
      )}
      {result && (
        <div className="lab-result" aria-live="polite">
          <h3>
            {result.source.kind === 'test'
              ? t('lab.hidden.resultTest', {
                  index: result.source.index,
                  mask: t(`lab.hidden.masks.${result.mask}`),
                  model: labels[result.slot],
                })
              : t('lab.hidden.resultDrawn', { mask: t(`lab.hidden.masks.${result.mask}`), model: labels[result.slot] })}
          </h3>
          {result.error && (
            <p className="notice notice-error" role="alert">
              {result.error}
            </p>
          )}
          {!result.done && !result.figures && <p role="status">{t('lab.hidden.evaluating')}</p>}
          <div className="hidden-row">
            <figure>
              <MaskedDigit image={result.image} hidden={result.pixels} label={t('lab.hidden.maskedLabel')} />
              <figcaption>{t('lab.hidden.maskedCaption')}</figcaption>
            </figure>
            {layers && result.display && (
              <figure>
                <PosteriorInset layers={layers} box={result.display.box} label={t('lab.hidden.insetLabel')} />
                <figcaption>{t('lab.hidden.insetCaption')}</figcaption>
              </figure>
            )}
          </div>
          <Figures result={result} />
          {result.completions && (
            <figure>
              <ImageStrip
                images={result.completions.images}
                count={result.completions.images.length / PIXELS}
                columns={8}
                cell={56}
                label={t('lab.hidden.completionsLabel')}
              />
              <figcaption>
                {result.completions.exactDraws ? t('lab.hidden.completionsExact') : t('lab.hidden.completionsApprox')}
              </figcaption>
            </figure>
          )}
          {result.figures && <p className="hint">{t('lab.hidden.lookFor')}</p>}
        </div>
      )}
      {slot && slots.length > 0 && <Summary slot={slot} />}
    </section>
  );
}

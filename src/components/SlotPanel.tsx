import { useCallback, useEffect, useRef, useState } from 'react';
import { CodeUsage } from './CodeUsage';
import { DigitCanvas } from './DigitCanvas';
import { downloadCanvas, scaledImagesCanvas } from './download';
import { ImageStrip } from './ImageStrip';
import { LatentMap } from './LatentMap';
import { fixed } from './format';
import { TestFigures } from './TestFigures';
import { explorerClient } from '../bridge/explorerClient';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { computeManifold } from '../state/explorerActions';
import { explorerStore } from '../state/explorerStore';
import { setProjection, slotsStore } from '../state/slots';
import type { SlotView } from '../state/slotView';
import { unproject, type Projection } from '../viz/projection';
import { pcaBasis } from '../lib/pca';
import { markDecodedPaint } from '../state/perf';

function ModelFigures({ view }: { view: SlotView }) {
  const { t } = useT();
  if (view.source === 'training')
    return <p className="model-figures">{t('explorer.slot.trainingStep', { step: view.trainingStep ?? 0 })}</p>;
  if (view.status !== 'ready') return null;
  const usage = view.testMetrics?.codeUsage;
  return (
    <>
      <TestFigures metrics={view.testMetrics} />
      {usage && <CodeUsage usage={usage} label={view.label} />}
    </>
  );
}

function ProjectionPicker({ view }: { view: SlotView }) {
  const { t } = useT();
  const projection = useStore(slotsStore, (s) => s[view.slot].projection);
  const d = view.latentDim ?? 2;
  if (d <= 2) return null;
  const set = (p: Projection) => setProjection(view.slot, p);
  const dims = projection.mode === 'dims' ? projection.dims : null;
  const options = Array.from({ length: d }, (_, i) => i);
  return (
    <div className="projection-picker" role="group" aria-label={t('explorer.projection.group', { label: view.label })}>
      <label>
        <input
          type="checkbox"
          checked={projection.mode === 'pca'}
          onChange={(e) => set(e.target.checked ? { mode: 'pca' } : { mode: 'dims', dims: [0, 1] })}
        />{' '}
        {t('explorer.projection.pca')}
      </label>
      {dims &&
        ([0, 1] as const).map((axis) => (
          <label key={axis}>
            {t('explorer.projection.axis', { axis: axis === 0 ? 'x' : 'y' })}{' '}
            <select
              value={dims[axis]}
              onChange={(e) => {
                const next: [number, number] = [...dims];
                next[axis] = Number(e.target.value);
                set({ mode: 'dims', dims: next });
              }}
            >
              {options.map((i) => (
                <option key={i} value={i}>
                  z{i + 1}
                </option>
              ))}
            </select>
          </label>
        ))}
      <span className="hint">{t('explorer.projection.others', { n: d - 2 })}</span>
    </div>
  );
}

function Manifold({ view }: { view: SlotView }) {
  const { t } = useT();
  const manifold = useStore(explorerStore, (s) => s.manifold);
  const result = useStore(slotsStore, (s) => s[view.slot].manifold);
  const projection = useStore(slotsStore, (s) => s[view.slot].projection);
  const point = useStore(slotsStore, (s) => s[view.slot].point);
  const { posteriors, latentDim, weightsVersion, slot } = view;
  useEffect(() => {
    if (!manifold.show || !posteriors || !latentDim) return;
    const handle = setTimeout(() => {
      const basis = projection.mode === 'pca' ? pcaBasis(posteriors.means, posteriors.count, latentDim) : null;
      const base = point ?? new Array(latentDim).fill(0);
      // Uniform grids span the central part of the posterior means.
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < posteriors.count; i += 7) {
        const z = Array.from(posteriors.means.subarray(i * latentDim, (i + 1) * latentDim));
        const [u, v] = projection.mode === 'dims' ? [z[projection.dims[0]], z[projection.dims[1]]] : [0, 0];
        xs.push(u);
        ys.push(v);
      }
      const q = (arr: number[], p: number) => arr.sort((a, b) => a - b)[Math.floor(p * (arr.length - 1))];
      const extent: [number, number, number, number] =
        projection.mode === 'dims' ? [q(xs, 0.02), q(xs, 0.98), q(ys, 0.02), q(ys, 0.98)] : [-3, 3, -3, 3];
      void computeManifold(slot, extent, (u, v) => unproject(u, v, base, projection, basis));
    }, 150);
    return () => clearTimeout(handle);
  }, [
    manifold.show,
    manifold.size,
    manifold.inverseCdf,
    posteriors,
    latentDim,
    weightsVersion,
    projection,
    point,
    slot,
  ]);
  if (!manifold.show) return null;
  const size = result?.size ?? manifold.size;
  const [x0, x1, y0, y1] = result?.extent ?? [0, 0, 0, 0];
  return (
    <figure className="manifold">
      <ImageStrip
        images={result?.images ?? null}
        count={size * size}
        columns={size}
        cell={Math.floor(420 / size)}
        label={t('explorer.manifold.strip', { label: view.label })}
      />
      <figcaption>
        {manifold.inverseCdf
          ? t('explorer.manifold.quantiles', { size })
          : t('explorer.manifold.even', {
              size,
              x0: fixed(x0, 1),
              x1: fixed(x1, 1),
              y0: fixed(y0, 1),
              y1: fixed(y1, 1),
            })}
      </figcaption>
    </figure>
  );
}

/**
 * A VQ-VAE decodes the code of the cell a point falls in; beside it, what
 * the decoder makes of the point of z_e space itself (never a code: shown
 * to make the snapping visible).
 */
function ExactPointDecode({ view, point }: { view: SlotView; point: number[] | null }) {
  const { t } = useT();
  const [image, setImage] = useState<Float32Array | null>(null);
  const { slot, weightsVersion } = view;
  useEffect(() => {
    if (!point) return;
    let live = true;
    void explorerClient.decode(slot, Float32Array.from(point), 1, true).then((pixels) => live && setImage(pixels));
    return () => {
      live = false;
    };
  }, [slot, point, weightsVersion]);
  return (
    <figure className="exact-decode">
      <DigitCanvas pixels={image} size={84} label={t('explorer.slot.exactDecode', { label: view.label })} />
      <figcaption>{t('explorer.slot.exactCaption')}</figcaption>
    </figure>
  );
}

/** "z = (0.12, -1.30)": a point as the panel prints it (the first four dimensions). */
const zText = (z: readonly number[]) =>
  `z = (${z
    .slice(0, 4)
    .map((v) => fixed(v, 2))
    .join(', ')}${z.length > 4 ? ', …' : ''})`;

export function SlotPanel({ view }: { view: SlotView }) {
  const { t } = useT();
  const decoded = useStore(slotsStore, (s) => s[view.slot].decoded);
  const point = useStore(slotsStore, (s) => s[view.slot].point);
  const decodedAt = useStore(slotsStore, (s) => s[view.slot].decodedAt);
  const exportRef = useRef<(() => HTMLCanvasElement | null) | null>(null);
  const onExportReady = useCallback((fn: () => HTMLCanvasElement | null) => {
    exportRef.current = fn;
  }, []);
  const decodedRef = useRef<HTMLCanvasElement | null>(null);
  const onDecodedPainted = useCallback(() => markDecodedPaint(`decoded-${view.slot}`, view.slot), [view.slot]);
  const coords = point ? zText(point) : t('explorer.slot.clickToDecode');
  return (
    <section className="slot-panel" aria-label={`${view.label}: ${view.name}`}>
      <header className="slot-header">
        <h3>
          {view.label}: {view.name}
        </h3>
        <ModelFigures view={view} />
      </header>
      <ProjectionPicker view={view} />
      <div className="slot-body">
        <LatentMap view={view} onExportReady={onExportReady} />
        <div className="decoded">
          <DigitCanvas
            pixels={decoded}
            size={168}
            label={t('explorer.slot.decodedImage', { label: view.label })}
            className="decoded-canvas"
            canvasRef={decodedRef}
            onPainted={onDecodedPainted}
            liveKey={`decoded-${view.slot}`}
            shows={decodedAt ? zText(decodedAt) : undefined}
          />
          <p className="coords" aria-live="polite">
            {coords}
            {view.family?.hasCodebook && point && t('explorer.slot.vqDecoded')}
          </p>
          {view.family?.hasCodebook && <ExactPointDecode view={view} point={point} />}
          <div className="button-row">
            <button
              type="button"
              onClick={() => {
                const c = exportRef.current?.();
                if (c) downloadCanvas(c, `latent-map-${view.slot}.png`);
              }}
            >
              {t('explorer.slot.saveMap')}
            </button>
            <button
              type="button"
              disabled={!decoded}
              onClick={() => {
                if (decodedRef.current)
                  downloadCanvas(scaledImagesCanvas(decodedRef.current, 8), `decoded-${view.slot}.png`);
              }}
            >
              {t('explorer.slot.saveImage')}
            </button>
          </div>
        </div>
      </div>
      <Manifold view={view} />
    </section>
  );
}

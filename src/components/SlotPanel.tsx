import { useCallback, useEffect, useRef, useState } from 'react';
import { CodeUsage } from './CodeUsage';
import { DigitCanvas } from './DigitCanvas';
import { downloadCanvas, scaledImagesCanvas } from './download';
import { ImageStrip } from './ImageStrip';
import { LatentMap } from './LatentMap';
import { TestFigures } from './TestFigures';
import { explorerClient } from '../bridge/explorerClient';
import { useStore } from '../state/createStore';
import { computeManifold } from '../state/explorerActions';
import { explorerStore } from '../state/explorerStore';
import { setProjection, slotsStore } from '../state/slots';
import type { SlotView } from '../state/slotView';
import { unproject, type Projection } from '../viz/projection';
import { pcaBasis } from '../lib/pca';
import { markDecodedPaint } from '../state/perf';

function ModelFigures({ view }: { view: SlotView }) {
  if (view.source === 'training')
    return <p className="model-figures">Weights from training step {view.trainingStep ?? 0}.</p>;
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
  const projection = useStore(slotsStore, (s) => s[view.slot].projection);
  const d = view.latentDim ?? 2;
  if (d <= 2) return null;
  const set = (p: Projection) => setProjection(view.slot, p);
  const dims = projection.mode === 'dims' ? projection.dims : null;
  const options = Array.from({ length: d }, (_, i) => i);
  return (
    <div className="projection-picker" role="group" aria-label={`Plotted dimensions (${view.label})`}>
      <label>
        <input
          type="checkbox"
          checked={projection.mode === 'pca'}
          onChange={(e) => set(e.target.checked ? { mode: 'pca' } : { mode: 'dims', dims: [0, 1] })}
        />{' '}
        PCA of the means
      </label>
      {dims &&
        ([0, 1] as const).map((axis) => (
          <label key={axis}>
            {axis === 0 ? 'x' : 'y'} axis{' '}
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
      <span className="hint">The other {d - 2} dimensions come from the selected point (see the sliders).</span>
    </div>
  );
}

function Manifold({ view }: { view: SlotView }) {
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
        label={`Decoded manifold (${view.label})`}
      />
      <figcaption>
        {size} × {size} decodes,{' '}
        {manifold.inverseCdf
          ? `z at the prior's quantiles Φ⁻¹((k + ½)/${size}): equal prior mass per cell`
          : `z evenly spaced over [${x0.toFixed(1)}, ${x1.toFixed(1)}] × [${y0.toFixed(1)}, ${y1.toFixed(1)}]`}
        .
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
      <DigitCanvas pixels={image} size={84} label={`Decoded z_e point, not a code (${view.label})`} />
      <figcaption>the point itself (z_e space, not a code)</figcaption>
    </figure>
  );
}

export function SlotPanel({ view }: { view: SlotView }) {
  const decoded = useStore(slotsStore, (s) => s[view.slot].decoded);
  const point = useStore(slotsStore, (s) => s[view.slot].point);
  const exportRef = useRef<(() => HTMLCanvasElement | null) | null>(null);
  const onExportReady = useCallback((fn: () => HTMLCanvasElement | null) => {
    exportRef.current = fn;
  }, []);
  const decodedRef = useRef<HTMLCanvasElement | null>(null);
  const onDecodedPainted = useCallback(() => markDecodedPaint(`decoded-${view.slot}`, view.slot), [view.slot]);
  const coords = point
    ? `z = (${point
        .slice(0, 4)
        .map((v) => v.toFixed(2))
        .join(', ')}${point.length > 4 ? ', …' : ''})`
    : 'Click the map to decode a point.';
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
            label={`Decoded image (${view.label})`}
            className="decoded-canvas"
            canvasRef={decodedRef}
            onPainted={onDecodedPainted}
            liveKey={`decoded-${view.slot}`}
          />
          <p className="coords" aria-live="polite">
            {coords}
            {view.kind === 'vq-vae' && point && ' → decoded: the code of its cell'}
          </p>
          {view.kind === 'vq-vae' && <ExactPointDecode view={view} point={point} />}
          <div className="button-row">
            <button
              type="button"
              onClick={() => {
                const c = exportRef.current?.();
                if (c) downloadCanvas(c, `latent-map-${view.slot}.png`);
              }}
            >
              Save map as PNG
            </button>
            <button
              type="button"
              disabled={!decoded}
              onClick={() => {
                if (decodedRef.current)
                  downloadCanvas(scaledImagesCanvas(decodedRef.current, 8), `decoded-${view.slot}.png`);
              }}
            >
              Save image as PNG
            </button>
          </div>
        </div>
      </div>
      <Manifold view={view} />
    </section>
  );
}

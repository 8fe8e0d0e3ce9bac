import * as d3 from 'd3';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
} from 'react';
import { DigitCanvas } from './DigitCanvas';
import { fixed } from './format';
import { useElementWidth } from './useElementWidth';
import { useT } from '../i18n';
import { appStore } from '../state/appStore';
import { useStore } from '../state/createStore';
import { scheduleHeavyDraw } from '../viz/frameQueue';
import { selectPointWithImage, setHoverDigit } from '../state/explorerActions';
import { explorerStore } from '../state/explorerStore';
import { useMapLayers } from '../state/slotLayers';
import { markMapClick, markMapDrawn } from '../state/perf';
import { slotsStore } from '../state/slots';
import type { SlotView } from '../state/slotView';
import { pcaBasis } from '../lib/pca';
import {
  drawAxesOnCanvas,
  drawLatentMap,
  drawOverlay,
  fitDomain,
  followDomain,
  type MapDomain,
  type MapFrame,
  type Marker,
} from '../viz/latentMap';
import { digitNear, flattenCanvases, hoverIndex, mapKeyAction } from '../viz/mapInteraction';
import { project, projectPoint, unproject, type Projection } from '../viz/projection';

const HOVER_RADIUS_PX = 8;

interface LatentMapProps {
  view: SlotView;
  /** Registers the function that paints this map (both layers) into a canvas, for PNG export. */
  onExportReady?: (exportPng: () => HTMLCanvasElement | null) => void;
}

/** The name of a plotted axis: z1, z2, ... or PC1, PC2. */
function axisName(p: Projection, axis: 0 | 1): string {
  return p.mode === 'pca' ? `PC${axis + 1}` : `z${p.dims[axis] + 1}`;
}

function projectionKey(p: Projection): string {
  return p.mode === 'pca' ? 'pca' : `dims-${p.dims.join('-')}`;
}

/** Whether the map draws N(0, I)'s rings: a family with a prior, and that prior the standard normal. */
function hasStandardPrior(view: SlotView): boolean {
  if (!view.family?.hasPrior) return false;
  const prior = view.meta?.prior ?? view.runConfig?.prior;
  return !prior || prior.kind === 'standard';
}

export function LatentMap({ view, onExportReady }: LatentMapProps) {
  const { t } = useT();
  const { slot, posteriors, label } = view;
  const containerRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const axesRef = useRef<SVGSVGElement>(null);
  const width = Math.min(useElementWidth(containerRef, 420), 640);
  const height = width;
  const dpr = typeof window === 'undefined' ? 1 : Math.min(2, window.devicePixelRatio || 1);

  const projection = useStore(slotsStore, (s) => s[slot].projection);
  const point = useStore(slotsStore, (s) => s[slot].point);
  const showEllipses = useStore(explorerStore, (s) => s.showEllipses);
  const sigmaScale = useStore(explorerStore, (s) => s.sigmaScale);
  const showPrior = useStore(explorerStore, (s) => s.showPrior);
  const hiddenDigits = useStore(explorerStore, (s) => s.hiddenDigits);
  const hoverDigit = useStore(explorerStore, (s) => s.hoverDigit);
  const selectedDigit = useStore(explorerStore, (s) => s.selectedDigit);
  const interpolation = useStore(explorerStore, (s) => s.interpolation);
  const drawn = useStore(explorerStore, (s) => s.drawn);
  const labels = useStore(appStore, (s) => s.testSet?.labels ?? null);
  const testImages = useStore(appStore, (s) => s.testSet?.images ?? null);
  const layers = useMapLayers(view);

  const d = posteriors?.latentDim ?? 2;
  const basis = useMemo(
    () => (projection.mode === 'pca' && posteriors ? pcaBasis(posteriors.means, posteriors.count, d) : null),
    [projection.mode, posteriors, d],
  );
  const points = useMemo(
    () =>
      posteriors
        ? project(posteriors.means, posteriors.logVars, posteriors.count, d, projection, basis, posteriors.covariances)
        : null,
    [posteriors, d, projection, basis],
  );

  // The view fits the points of a new model. While a model trains, a view the person has not zoomed or
  // panned follows the points as they spread or gather (an AE's codes grow from a tiny patch to tens of
  // units); a zoomed one stays where the person put it until "Fit view".
  const withPrior = hasStandardPrior(view);
  const fitKey = `${view.name}|${view.source}|${d}|${projectionKey(projection)}`;
  const [fit, setFit] = useState<{ key: string; domain: MapDomain; points: unknown } | null>(null);
  const [transform, setTransform] = useState(d3.zoomIdentity);
  const [userMoved, setUserMoved] = useState(false);
  if (points && points.count > 0 && fit?.key !== fitKey) {
    // Adjusting state to a new model during render (React's pattern for state derived from props).
    setFit({ key: fitKey, domain: fitDomain(points, withPrior), points });
    setTransform(d3.zoomIdentity);
    setUserMoved(false);
  } else if (points && points.count > 0 && fit && fit.points !== points && view.source === 'training' && !userMoved) {
    const domain = followDomain(fit.domain, fitDomain(points, withPrior));
    setFit({ key: fitKey, domain, points });
  }

  const frame = useMemo((): MapFrame | null => {
    if (!fit) return null;
    const x0 = d3.scaleLinear().domain(fit.domain.x).range([0, width]);
    const y0 = d3.scaleLinear().domain(fit.domain.y).range([height, 0]);
    return { width, height, dpr, x: transform.rescaleX(x0), y: transform.rescaleY(y0) };
  }, [fit, width, height, dpr, transform]);

  const hidden = useMemo(() => new Set(hiddenDigits), [hiddenDigits]);
  const priorCenter = useMemo((): [number, number] => {
    if (projection.mode === 'dims' || !basis) return [0, 0];
    return projectPoint(new Float64Array(d), projection, basis);
  }, [projection, basis, d]);

  // Base layer: every point and ellipse, the shaded layers. Drawn in a coming animation frame, one map's
  // base layer per frame (viz/frameQueue.ts), so that two maps redrawn at once make two short tasks.
  useEffect(() => {
    const canvas = baseRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !frame) return;
    return scheduleHeavyDraw(() => {
      if (!points || !labels) {
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.clearRect(0, 0, width, height);
        return;
      }
      drawLatentMap(
        ctx,
        points,
        labels,
        frame,
        {
          showEllipses,
          sigmaScale,
          showPrior: showPrior && withPrior,
          priorCenter,
          hiddenDigits: hidden,
          pointAlpha: 0.85,
        },
        layers,
      );
      markMapDrawn(slot);
    });
  }, [
    points,
    labels,
    frame,
    showEllipses,
    sigmaScale,
    showPrior,
    withPrior,
    priorCenter,
    hidden,
    dpr,
    width,
    height,
    slot,
    layers,
  ]);

  // Overlay: the tools' lines, selection, hover, interpolation path, a drawn digit.
  const markers = useMemo((): Marker[] => {
    const out: Marker[] = [];
    const digitMarker = (index: number | null, kind: Marker['kind'], text?: string) => {
      if (index === null || !points || index >= points.count) return;
      const sigma =
        points.sigmaX && points.sigmaY ? ([points.sigmaX[index], points.sigmaY[index]] as [number, number]) : undefined;
      const rho = points.rho?.[index];
      out.push({ at: [points.xs[index], points.ys[index]], kind, sigma, rho, label: text });
    };
    digitMarker(hoverDigit, 'hover');
    if (selectedDigit !== hoverDigit)
      digitMarker(selectedDigit, 'hover', labels ? `#${selectedDigit} (${labels[selectedDigit ?? 0]})` : undefined);
    if (point && point.length === d) out.push({ at: projectPoint(point, projection, basis), kind: 'selected' });
    if (interpolation.slot === slot) {
      if (interpolation.a?.length === d)
        out.push({ at: projectPoint(interpolation.a, projection, basis), kind: 'endpoint', label: 'A' });
      if (interpolation.b?.length === d)
        out.push({ at: projectPoint(interpolation.b, projection, basis), kind: 'endpoint', label: 'B' });
    }
    const enc = drawn?.encoded[slot];
    if (enc && enc.mean.length === d) {
      const sigma =
        enc.sigma && projection.mode === 'dims'
          ? ([enc.sigma[projection.dims[0]], enc.sigma[projection.dims[1]]] as [number, number])
          : undefined;
      const logVars = enc.sigma ? Float32Array.from(enc.sigma, (s) => 2 * Math.log(s)) : null;
      const rho = enc.covariance
        ? project(Float32Array.from(enc.mean), logVars, 1, d, projection, basis, enc.covariance).rho?.[0]
        : undefined;
      out.push({
        at: projectPoint(enc.mean, projection, basis),
        kind: 'drawn',
        sigma,
        rho,
        label: t('explorer.map.drawnMark'),
      });
    }
    return out;
  }, [points, hoverDigit, selectedDigit, labels, point, d, projection, basis, interpolation, slot, drawn, t]);

  // What the marks on the map are, in words (they start with the page, before the person does anything).
  const markerLegend = useMemo(() => {
    const lines: string[] = [];
    if (markers.some((m) => m.kind === 'endpoint'))
      lines.push(t('explorer.map.interpolationPath', { panel: t('generators.interpolation.heading') }));
    const enc = drawn?.encoded[slot];
    if (enc && enc.mean.length === d)
      lines.push(
        drawn?.testIndex !== null && drawn?.testIndex !== undefined
          ? t('explorer.map.drawnTest', { index: drawn.testIndex })
          : t('explorer.map.drawn'),
      );
    return lines;
  }, [markers, drawn, slot, d, t]);

  const path = useMemo(
    () =>
      interpolation.slot === slot && interpolation.path && interpolation.path[0]?.length === d
        ? interpolation.path.map((z) => projectPoint(z, projection, basis))
        : null,
    [interpolation, slot, d, projection, basis],
  );

  useEffect(() => {
    const canvas = overlayRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !frame) return;
    const handle = requestAnimationFrame(() => drawOverlay(ctx, frame, markers, path, sigmaScale, layers));
    return () => cancelAnimationFrame(handle);
  }, [frame, markers, path, sigmaScale, layers]);

  // Axes (SVG, d3).
  useEffect(() => {
    const svg = axesRef.current;
    if (!svg || !frame) return;
    const sel = d3.select(svg);
    sel.selectAll('*').remove();
    sel
      .append('g')
      .attr('transform', `translate(0,${height - 1})`)
      .call(d3.axisTop(frame.x).ticks(6).tickSizeOuter(0));
    sel.append('g').attr('transform', 'translate(1,0)').call(d3.axisRight(frame.y).ticks(6).tickSizeOuter(0));
  }, [frame, height]);

  // Zoom and pan with d3-zoom on the interactive layer; a refit resets it through zoom.transform (its public API).
  const zoomRef = useRef<d3.ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  // d3-zoom's default extent reads the canvas's clientWidth: a forced layout (9 ms on a page showing a
  // new model) inside the refit below. The stage's size is known here.
  const sizeRef = useRef({ width, height });
  useEffect(() => {
    sizeRef.current = { width, height };
  }, [width, height]);
  useEffect(() => {
    const canvas = overlayRef.current;
    if (!canvas) return;
    const zoom = d3
      .zoom<HTMLCanvasElement, unknown>()
      .extent(() => [
        [0, 0],
        [sizeRef.current.width, sizeRef.current.height],
      ])
      .scaleExtent([0.2, 200])
      .on('zoom', (event: d3.D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        setTransform(event.transform);
        // A wheel, drag or pinch (not a refit through zoom.transform): the view is the person's now.
        if (event.sourceEvent) setUserMoved(true);
      });
    zoomRef.current = zoom;
    d3.select(canvas).call(zoom).on('dblclick.zoom', null);
    return () => {
      d3.select(canvas).on('.zoom', null);
    };
  }, []);
  const resetZoom = useCallback(() => {
    const canvas = overlayRef.current;
    if (canvas && zoomRef.current) d3.select(canvas).call(zoomRef.current.transform, d3.zoomIdentity);
  }, []);
  const fittedKey = fit?.key ?? null;
  useEffect(() => {
    // A new model's fit starts unzoomed; keep d3's own state in line. (A view that follows a training
    // model is unzoomed already: resetting d3's state on every follow would read the layout each time.)
    if (fittedKey !== null) resetZoom();
  }, [fittedKey, resetZoom]);

  // The hover index is built on first use, not on every new snapshot: while a model trains, snapshots
  // arrive several times a second and most are never hovered.
  const treeCache = useRef<{ points: unknown; hidden: unknown; tree: d3.Quadtree<number> } | null>(null);
  const digitAt = useCallback(
    (px: number, py: number): number | null => {
      if (!frame || !points || !labels) return null;
      let cached = treeCache.current;
      if (!cached || cached.points !== points || cached.hidden !== hidden) {
        cached = { points, hidden, tree: hoverIndex(points, labels, hidden) };
        treeCache.current = cached;
      }
      const radius = Math.abs(frame.x.invert(HOVER_RADIUS_PX) - frame.x.invert(0));
      return digitNear(cached.tree, frame.x.invert(px), frame.y.invert(py), radius);
    },
    [frame, points, labels, hidden],
  );

  const [tooltip, setTooltip] = useState<{ index: number; left: number; top: number } | null>(null);

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    const index = digitAt(px, py);
    setHoverDigit(index);
    setTooltip(index === null ? null : { index, left: px, top: py });
  };

  const selectAt = (px: number, py: number) => {
    if (!frame || !posteriors) return;
    const base = point ?? new Array<number>(d).fill(0);
    const z = unproject(frame.x.invert(px), frame.y.invert(py), base, projection, basis);
    // A click on a test digit also selects that digit (highlighted on every map), in the same update as the image.
    const index = digitAt(px, py);
    void selectPointWithImage(slot, z, index === null ? {} : { selectedDigit: index });
  };

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    markMapClick(slot, e.timeStamp);
    const rect = e.currentTarget.getBoundingClientRect();
    selectAt(e.clientX - rect.left, e.clientY - rect.top);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const action = mapKeyAction(e.key, e.shiftKey);
    if (!frame || !action) return;
    e.preventDefault();
    if (action.type === 'zoom') {
      setUserMoved(true);
      if (overlayRef.current && zoomRef.current) {
        d3.select(overlayRef.current).call(zoomRef.current.scaleBy, action.factor);
      }
      return;
    }
    const current = point
      ? projectPoint(point, projection, basis)
      : [frame.x.invert(width / 2), frame.y.invert(height / 2)];
    const [dx, dy] = action.type === 'move' ? [action.dx, action.dy] : [0, 0];
    selectAt(frame.x(current[0]) + dx, frame.y(current[1]) + dy);
  };

  const exportPng = useCallback((): HTMLCanvasElement | null => {
    if (!baseRef.current || !overlayRef.current) return null;
    const out = flattenCanvases([baseRef.current, overlayRef.current]);
    const ctx = out?.getContext('2d');
    if (out && ctx && frame) drawAxesOnCanvas(ctx, frame, [axisName(projection, 0), axisName(projection, 1)]);
    return out;
  }, [frame, projection]);
  useEffect(() => onExportReady?.(exportPng), [onExportReady, exportPng]);

  const refit = () => {
    if (points) setFit({ key: fitKey, domain: fitDomain(points, withPrior), points });
    resetZoom();
    setUserMoved(false);
  };

  const tooltipDigit =
    tooltip && testImages ? testImages.subarray(tooltip.index * 784, (tooltip.index + 1) * 784) : null;

  return (
    <div className="latent-map" ref={containerRef}>
      <div className="latent-map-stage" style={{ width, height }}>
        <canvas ref={baseRef} width={width * dpr} height={height * dpr} style={{ width, height }} aria-hidden="true" />
        <svg ref={axesRef} className="latent-map-axes" width={width} height={height} aria-hidden="true" />
        <canvas
          ref={overlayRef}
          className="latent-map-interactive"
          width={width * dpr}
          height={height * dpr}
          style={{ width, height }}
          tabIndex={0}
          role="application"
          aria-label={t('explorer.map.label', { label })}
          aria-roledescription={t('explorer.map.roleDescription')}
          aria-describedby={`${slot}-map-help`}
          onPointerMove={onPointerMove}
          onPointerLeave={() => {
            setHoverDigit(null);
            setTooltip(null);
          }}
          onClick={onClick}
          onKeyDown={onKeyDown}
        />
        {tooltip && labels && (
          <div
            className="map-tooltip"
            // Below and right of the pointer: clear of the label the picked digit carries above its dot.
            style={{ left: Math.min(tooltip.left + 14, width - 90), top: Math.min(tooltip.top + 18, height - 84) }}
            role="tooltip"
          >
            <DigitCanvas
              pixels={tooltipDigit}
              size={56}
              label={t('explorer.map.testDigit', { index: tooltip.index })}
            />
            <span>{t('explorer.map.tooltip', { index: tooltip.index, digit: labels[tooltip.index] })}</span>
          </div>
        )}
        {view.status !== 'ready' && (
          <div className="latent-map-status">
            {view.status === 'error'
              ? view.message
              : view.status === 'loading'
                ? t('explorer.map.loading', { name: view.name })
                : t('explorer.map.noModel')}
          </div>
        )}
      </div>
      {markerLegend.length > 0 && (
        <ul className="map-legend map-marks" aria-label={t('explorer.map.marks', { label })}>
          {markerLegend.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {layers.legend && layers.legend.length > 0 && (
        <ul className="map-legend" aria-label={t('explorer.map.alsoDrawn', { label })}>
          {layers.legend.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {frame && (
        <p className="visually-hidden" aria-live="off" aria-label={t('explorer.map.visibleRange', { label })}>
          {t('explorer.map.range', {
            x: axisName(projection, 0),
            x0: fixed(frame.x.domain()[0], 2),
            x1: fixed(frame.x.domain()[1], 2),
            y: axisName(projection, 1),
            y0: fixed(frame.y.domain()[0], 2),
            y1: fixed(frame.y.domain()[1], 2),
          })}
        </p>
      )}
      <p id={`${slot}-map-help`} className="map-help">
        {t('explorer.map.help')}{' '}
        <button type="button" className="link" onClick={refit}>
          {t('explorer.map.fit')}
        </button>
      </p>
    </div>
  );
}

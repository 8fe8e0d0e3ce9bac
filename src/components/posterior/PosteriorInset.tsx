import * as d3 from 'd3';
import { useEffect, useRef } from 'react';
import type { MapFrame } from '../../viz/latentMap';
import { drawLineLayers, drawShadeLayers, type MapLayers } from '../../viz/mapLayers';

const SIZE = 300;
const DPR = typeof window === 'undefined' ? 1 : Math.min(2, window.devicePixelRatio || 1);

/**
 * An enlarged view of the lab's posterior: the box around its mass, with the
 * same layers as on the map (heatmap, 50/90/99 % contours, q, the fits).
 */
export function PosteriorInset({
  layers,
  box,
  label,
}: {
  layers: MapLayers;
  box: [number, number, number, number];
  label: string;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const axesRef = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = canvas.width / SIZE;
    const frame: MapFrame = {
      width: SIZE,
      height: SIZE,
      dpr,
      x: d3.scaleLinear().domain([box[0], box[1]]).range([0, SIZE]),
      y: d3.scaleLinear().domain([box[2], box[3]]).range([SIZE, 0]),
    };
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, SIZE, SIZE);
    drawShadeLayers(ctx, frame, layers);
    drawLineLayers(ctx, frame, layers);
    if (axesRef.current) {
      const sel = d3.select(axesRef.current);
      sel.selectAll('*').remove();
      sel
        .append('g')
        .attr('transform', `translate(0,${SIZE - 1})`)
        .call(d3.axisTop(frame.x).ticks(4).tickSizeOuter(0));
      sel.append('g').attr('transform', 'translate(1,0)').call(d3.axisRight(frame.y).ticks(4).tickSizeOuter(0));
    }
  }, [layers, box]);
  return (
    <div className="posterior-inset" style={{ width: SIZE, height: SIZE }}>
      <canvas
        ref={canvasRef}
        width={SIZE * DPR}
        height={SIZE * DPR}
        style={{ width: SIZE, height: SIZE }}
        role="img"
        aria-label={label}
      />
      <svg ref={axesRef} className="latent-map-axes" width={SIZE} height={SIZE} aria-hidden="true" />
    </div>
  );
}

import * as d3 from 'd3';

/**
 * A small multi-series line chart drawn into an <svg> with d3: pure (given
 * the data and the element, it draws), so components call it from an effect.
 */
export interface Series {
  id: string;
  label: string;
  color: string;
  dashed?: boolean;
  /** err: a vertical bar of +-err drawn at the point (a spread over repeats). */
  points: Array<{ x: number; y: number; err?: number }>;
}

export interface LineChartOptions {
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  /** Clip the y range to these quantiles of the data (the first steps' huge losses would flatten the rest). */
  yQuantiles?: [number, number];
  annotations?: Array<{ x: number; y1: number; y2: number; label: string }>;
  /** A logarithmic x axis (e.g. the number of samples K). */
  xLog?: boolean;
  /** Horizontal reference lines across the plot. */
  references?: Array<{ y: number; label: string; color: string }>;
}

const MARGIN = { top: 10, right: 16, bottom: 34, left: 52 };

export function drawLineChart(svgElement: SVGSVGElement, series: Series[], options: LineChartOptions): void {
  const { width, height } = options;
  const svg = d3.select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).style('max-width', `${width}px`);
  svg.selectAll('*').remove();
  const all = [
    ...series.flatMap((s) =>
      s.points.flatMap((p) => (p.err ? [p, { x: p.x, y: p.y - p.err }, { x: p.x, y: p.y + p.err }] : [p])),
    ),
    ...(options.references ?? []).map((r) => ({ x: NaN, y: r.y })),
  ].filter((p) => Number.isFinite(p.y));
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const g = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  if (all.length === 0) {
    g.append('text')
      .attr('x', innerW / 2)
      .attr('y', innerH / 2)
      .attr('text-anchor', 'middle')
      .attr('class', 'chart-empty')
      .text('No data yet');
    return;
  }
  const xs = d3.extent(
    all.filter((p) => Number.isFinite(p.x)),
    (p) => p.x,
  ) as [number, number];
  const ys = all.map((p) => p.y).sort(d3.ascending);
  const [qLo, qHi] = options.yQuantiles ?? [0, 1];
  let yLo = d3.quantileSorted(ys, qLo) ?? ys[0];
  let yHi = d3.quantileSorted(ys, qHi) ?? ys[ys.length - 1];
  if (yLo === yHi) {
    yLo -= 1;
    yHi += 1;
  }
  const pad = (yHi - yLo) * 0.05;
  const x = options.xLog
    ? d3
        .scaleLog()
        .domain(xs[0] === xs[1] ? [xs[0] / 2, xs[1] * 2] : xs)
        .range([0, innerW])
    : d3
        .scaleLinear()
        .domain(xs[0] === xs[1] ? [xs[0] - 0.5, xs[1] + 0.5] : xs)
        .range([0, innerW]);
  const y = d3
    .scaleLinear()
    .domain([yLo - pad, yHi + pad])
    .range([innerH, 0])
    .nice();

  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${innerH})`)
    .call(options.xLog ? d3.axisBottom(x).ticks(6, '~s') : d3.axisBottom(x).ticks(6));
  g.append('g').attr('class', 'axis').call(d3.axisLeft(y).ticks(5));
  g.append('text')
    .attr('class', 'axis-label')
    .attr('x', innerW / 2)
    .attr('y', innerH + 30)
    .attr('text-anchor', 'middle')
    .text(options.xLabel);
  g.append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(-40,${innerH / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(options.yLabel);

  const clipId = `clip-${Math.random().toString(36).slice(2)}`;
  g.append('clipPath').attr('id', clipId).append('rect').attr('width', innerW).attr('height', innerH);
  const line = d3
    .line<{ x: number; y: number }>()
    .defined((p) => Number.isFinite(p.y))
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  const plot = g.append('g').attr('clip-path', `url(#${clipId})`);
  for (const s of series) {
    if (s.points.length === 0) continue;
    plot
      .append('path')
      .datum(s.points)
      .attr('fill', 'none')
      .attr('stroke', s.color)
      .attr('stroke-width', 1.6)
      .attr('stroke-dasharray', s.dashed ? '5 3' : null)
      .attr('d', line);
    for (const p of s.points) {
      if (!p.err) continue;
      plot
        .append('line')
        .attr('x1', x(p.x))
        .attr('x2', x(p.x))
        .attr('y1', y(p.y - p.err))
        .attr('y2', y(p.y + p.err))
        .attr('stroke', s.color)
        .attr('stroke-width', 1.2);
    }
    if (s.points.length < 40) {
      plot
        .selectAll(null)
        .data(s.points)
        .join('circle')
        .attr('cx', (p) => x(p.x))
        .attr('cy', (p) => y(p.y))
        .attr('r', 2.5)
        .attr('fill', s.color);
    }
  }
  for (const r of options.references ?? []) {
    plot
      .append('line')
      .attr('x1', 0)
      .attr('x2', innerW)
      .attr('y1', y(r.y))
      .attr('y2', y(r.y))
      .attr('stroke', r.color)
      .attr('stroke-dasharray', '6 3');
    g.append('text')
      .attr('class', 'reference-label')
      .attr('x', innerW - 4)
      .attr('y', y(r.y) - 4)
      .attr('text-anchor', 'end')
      .attr('fill', r.color)
      .text(r.label);
  }
  for (const a of options.annotations ?? []) {
    const ax = x(a.x);
    const [top, bottom] = [y(Math.max(a.y1, a.y2)), y(Math.min(a.y1, a.y2))];
    const bracket = g.append('g').attr('class', 'annotation');
    bracket
      .append('path')
      .attr('d', `M${ax - 6},${top} h6 V${bottom} h-6`)
      .attr('fill', 'none')
      .attr('stroke', '#444');
    bracket
      .append('text')
      .attr('x', ax - 10)
      .attr('y', (top + bottom) / 2)
      .attr('text-anchor', 'end')
      .attr('dominant-baseline', 'middle')
      .text(a.label);
  }
}

/** Exponential moving average, for per-step losses. */
export function smooth(points: Array<{ x: number; y: number }>, alpha = 0.3): Array<{ x: number; y: number }> {
  let acc = NaN;
  return points.map((p) => {
    acc = Number.isNaN(acc) ? p.y : acc + alpha * (p.y - acc);
    return { x: p.x, y: acc };
  });
}

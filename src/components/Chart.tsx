import { useEffect, useRef, useState } from 'react';
import { useElementWidth } from './useElementWidth';
import { useT } from '../i18n';
import { drawLineChart, type LineChartOptions, type Series } from '../viz/lineChart';

/** The chart's numbers as a table: one row per x, one column per series (built only when opened). */
function ChartData({ series, options, label }: { series: Series[]; options: LineChartOptions; label: string }) {
  const { t } = useT();
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const byX = series.map((s) => new Map(s.points.map((p) => [p.x, p.y])));
  const cell = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : Number(v.toPrecision(6)));
  return (
    <table className="figures chart-data" aria-label={t('app.chart.data', { label })}>
      <thead>
        <tr>
          <th scope="col">{options.xLabel}</th>
          {series.map((s) => (
            <th key={s.id} scope="col">
              {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {xs.map((x) => (
          <tr key={x}>
            <th scope="row">{cell(x)}</th>
            {byX.map((m, i) => (
              <td key={series[i].id}>{cell(m.get(x))}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A d3 line chart (viz/lineChart.ts) with its legend, and its data as a table
 * on request. It is drawn at the width it gets on the page (up to the width
 * its options ask for), so its text keeps its size: never blown up across a
 * wide panel, never shrunk to a few pixels in a narrow column.
 */
export function Chart({ series, options, label }: { series: Series[]; options: LineChartOptions; label: string }) {
  const ref = useRef<SVGSVGElement>(null);
  const figureRef = useRef<HTMLElement>(null);
  const available = useElementWidth(figureRef, options.width);
  const width = Math.max(280, Math.min(options.width, available));
  const [showData, setShowData] = useState(false);
  const { t } = useT();
  useEffect(() => {
    if (ref.current) drawLineChart(ref.current, series, { ...options, width });
  }, [series, options, width]);
  return (
    <figure className="chart" ref={figureRef}>
      <svg ref={ref} role="img" aria-label={label} />
      <figcaption>
        <ul className="legend">
          {series.map((s) => (
            <li key={s.id}>
              <span className={s.dashed ? 'swatch dashed' : 'swatch'} style={{ borderColor: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
        <details className="chart-details" onToggle={(e) => setShowData(e.currentTarget.open)}>
          <summary>{t('app.chart.numbers', { unit: options.yLabel })}</summary>
          {showData && <ChartData series={series} options={options} label={label} />}
        </details>
      </figcaption>
    </figure>
  );
}

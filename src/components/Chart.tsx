import { useEffect, useRef } from 'react';
import { drawLineChart, type LineChartOptions, type Series } from '../viz/lineChart';

/** A d3 line chart (viz/lineChart.ts) with its legend. */
export function Chart({ series, options, label }: { series: Series[]; options: LineChartOptions; label: string }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) drawLineChart(ref.current, series, options);
  }, [series, options]);
  return (
    <figure className="chart">
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
      </figcaption>
    </figure>
  );
}

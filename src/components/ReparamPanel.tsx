import * as d3 from 'd3';
import { useEffect, useMemo, useRef, type PointerEvent } from 'react';
import { fixed } from './format';
import { ImageStrip } from './ImageStrip';
import { TestDigitInput } from './TestDigitInput';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { explorerStore } from '../state/explorerStore';
import {
  compareGradients,
  currentTheta,
  DRAW_COLORS,
  moveMean,
  reparamStore,
  resample,
  scaleSigma,
  setFrozen,
  setOnMap,
  showDigit,
  reparamSlot,
} from '../state/reparam';
import { slotsStore } from '../state/slots';
import type { GradientEstimates } from '../model/posterior/reparam';

const SIZE = 220;

/** A square SVG plot of points in a box, with rings or ellipses; optionally a draggable centre. */
function Inset({
  label,
  box,
  points,
  rings,
  centre,
  onDrag,
}: {
  label: string;
  box: [number, number, number, number];
  points: Array<[number, number]>;
  rings: Array<{ cx: number; cy: number; rx: number; ry: number }>;
  centre?: [number, number];
  onDrag?: (at: [number, number]) => void;
}) {
  const x = d3.scaleLinear().domain([box[0], box[1]]).range([0, SIZE]);
  const y = d3.scaleLinear().domain([box[2], box[3]]).range([SIZE, 0]);
  const dragging = useRef(false);
  const at = (e: PointerEvent<SVGSVGElement>): [number, number] => {
    const rect = e.currentTarget.getBoundingClientRect();
    return [
      x.invert(((e.clientX - rect.left) / rect.width) * SIZE),
      y.invert(((e.clientY - rect.top) / rect.height) * SIZE),
    ];
  };
  return (
    <svg
      className="reparam-inset"
      width={SIZE}
      height={SIZE}
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="img"
      aria-label={label}
      onPointerDown={
        onDrag
          ? (e) => {
              dragging.current = true;
              e.currentTarget.setPointerCapture(e.pointerId);
              onDrag(at(e));
            }
          : undefined
      }
      onPointerMove={onDrag ? (e) => dragging.current && onDrag(at(e)) : undefined}
      onPointerUp={() => {
        dragging.current = false;
      }}
    >
      <rect width={SIZE} height={SIZE} fill="#fff" stroke="#ced4da" />
      {rings.map((r, i) => (
        <ellipse
          key={i}
          cx={x(r.cx)}
          cy={y(r.cy)}
          rx={Math.abs(x(r.cx + r.rx) - x(r.cx))}
          ry={Math.abs(y(r.cy + r.ry) - y(r.cy))}
          fill="none"
          stroke="#495057"
          strokeDasharray="4 3"
        />
      ))}
      {points.map(([u, v], k) => (
        <circle key={k} cx={x(u)} cy={y(v)} r={4} fill={DRAW_COLORS[k % DRAW_COLORS.length]} stroke="#fff" />
      ))}
      {centre && (
        <g stroke="#000" strokeWidth={2}>
          <line x1={x(centre[0]) - 7} x2={x(centre[0]) + 7} y1={y(centre[1])} y2={y(centre[1])} />
          <line x1={x(centre[0])} x2={x(centre[0])} y1={y(centre[1]) - 7} y2={y(centre[1]) + 7} />
        </g>
      )}
    </svg>
  );
}

function ComparisonTable({ result }: { result: GradientEstimates }) {
  const { t } = useT();
  const names = ['∂/∂μ₁', '∂/∂μ₂', '∂/∂log σ₁²', '∂/∂log σ₂²'];
  const cell = (mean: number, std: number) => `${fixed(mean, 2)} ± ${fixed(std, 2)}`;
  return (
    <table className="figures" aria-label={t('reparam.table', { K: result.K })}>
      <caption>{t('reparam.caption', { K: result.K, repeats: result.repeats })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reparam.parameter')}</th>
          <th scope="col">{t('reparam.pathwise')}</th>
          <th scope="col">{t('reparam.score')}</th>
          <th scope="col">{t('reparam.ratio')}</th>
        </tr>
      </thead>
      <tbody>
        {names.map((name, j) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{cell(result.reparameterisation.mean[j], result.reparameterisation.std[j])}</td>
            <td>{cell(result.scoreFunction.mean[j], result.scoreFunction.std[j])}</td>
            <td>{fixed(result.varianceRatio[j], 1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The reparameterisation trick, visible and measured (see state/reparam.ts and model/posterior/reparam.ts). */
export function ReparamPanel() {
  const { t } = useT();
  const s = useStore(reparamStore, (x) => x);
  const selected = useStore(explorerStore, (x) => x.selectedDigit);
  // The slot whose 2-D VAE the panel uses: a string, so the panel re-renders when that answer changes,
  // not at each snapshot of a training run.
  const slot = useStore(slotsStore, () => reparamSlot());
  const digit = selected ?? 7;
  // Follows the digit picked on the maps (test digit 7 until one is), once a 2-D VAE is shown.
  useEffect(() => {
    if (slot) showDigit(digit);
  }, [slot, digit]);
  const q = currentTheta(s);
  const eps = s.eps;
  const epsPoints = useMemo(
    () => (eps ? Array.from({ length: s.K }, (_, k): [number, number] => [eps[2 * k], eps[2 * k + 1]]) : []),
    [eps, s.K],
  );
  const zPoints = useMemo(
    () => (s.z ? Array.from({ length: s.K }, (_, k): [number, number] => [s.z![2 * k], s.z![2 * k + 1]]) : []),
    [s.z, s.K],
  );
  const inside = epsPoints.filter(([u, v]) => u * u + v * v <= 1).length;
  if (!slot) {
    return (
      <section id="panel-reparam" className="panel reparam-panel" aria-labelledby="reparam-heading">
        <h2 id="reparam-heading">{t('reparam.heading')}</h2>
        <p className="hint">{t('reparam.noModel')}</p>
      </section>
    );
  }
  const span = q ? 3.5 * Math.max(q.sigma[0], q.sigma[1], ...(s.encoder?.sigma ?? [])) : 1;
  const centre: [number, number] = s.encoder ? [s.encoder.mean[0], s.encoder.mean[1]] : [0, 0];
  const zBox: [number, number, number, number] = [
    centre[0] - span,
    centre[0] + span,
    centre[1] - span,
    centre[1] + span,
  ];
  return (
    <section id="panel-reparam" className="panel reparam-panel" aria-labelledby="reparam-heading">
      <h2 id="reparam-heading">{t('reparam.heading')}</h2>
      <p className="panel-intro">{t('reparam.intro')}</p>
      <div className="lab-controls">
        <TestDigitInput
          value={String(digit)}
          onChange={(text) => {
            const i = Number(text);
            if (Number.isInteger(i) && i >= 0 && i < 10_000) explorerStore.set({ selectedDigit: i });
          }}
          label={t('reparam.digit')}
        />
        <button type="button" onClick={resample}>
          {t('reparam.resample')}
        </button>
        <label>
          <input type="checkbox" checked={s.frozen} onChange={(e) => setFrozen(e.target.checked)} />{' '}
          {t('reparam.freeze')}
        </label>
        <label>
          <input type="checkbox" checked={s.onMap} onChange={(e) => setOnMap(e.target.checked)} /> {t('reparam.onMap')}
        </label>
        <label>
          {t('reparam.sigmaScale')}{' '}
          <input
            type="range"
            min={-2}
            max={2}
            step={0.05}
            value={Math.log2(s.sigmaScale)}
            onChange={(e) => scaleSigma(2 ** Number(e.target.value))}
          />{' '}
          {t('reparam.sigmaScaleValue', { value: fixed(s.sigmaScale, 2) })}
        </label>
        <button type="button" className="link" onClick={() => showDigit(digit)}>
          {t('reparam.reset')}
        </button>
      </div>
      {q && (
        <p aria-live="polite">
          {t('reparam.theta', {
            m1: fixed(q.mean[0], 2),
            m2: fixed(q.mean[1], 2),
            s1: fixed(q.sigma[0], 3),
            s2: fixed(q.sigma[1], 3),
          })}
        </p>
      )}
      <div className="reparam-insets">
        <Inset
          label={t('reparam.epsInset', { K: s.K })}
          box={[-3.5, 3.5, -3.5, 3.5]}
          points={epsPoints}
          rings={[1, 2].map((r) => ({ cx: 0, cy: 0, rx: r, ry: r }))}
          centre={[0, 0]}
        />
        <Inset
          label={t('reparam.zInset')}
          box={zBox}
          points={zPoints}
          rings={q ? [1, 2].map((r) => ({ cx: q.mean[0], cy: q.mean[1], rx: r * q.sigma[0], ry: r * q.sigma[1] })) : []}
          centre={q ? [q.mean[0], q.mean[1]] : undefined}
          onDrag={(at) => s.encoder && moveMean([at[0] - s.encoder.mean[0], at[1] - s.encoder.mean[1]])}
        />
      </div>
      <ImageStrip images={s.images} count={s.K} columns={s.K} cell={36} label={t('reparam.strip')} />
      <div className="reparam-swatches" aria-hidden="true">
        {Array.from({ length: s.K }, (_, k) => (
          <span key={k} style={{ background: DRAW_COLORS[k % DRAW_COLORS.length] }} />
        ))}
      </div>
      <p>{t('reparam.inside', { n: inside, K: s.K })}</p>
      <p className="hint">{t('reparam.compareHint')}</p>
      <button type="button" className="primary" disabled={s.comparing || !q} onClick={() => void compareGradients()}>
        {t('reparam.compare')}
      </button>
      {s.comparing && <p role="status">{t('reparam.comparing')}</p>}
      {s.error && (
        <p className="notice notice-error" role="alert">
          {s.error}
        </p>
      )}
      <div className="reparam-tables">
        {s.comparison?.map((result) => (
          <ComparisonTable key={result.K} result={result} />
        ))}
      </div>
    </section>
  );
}

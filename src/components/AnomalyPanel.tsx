import * as d3 from 'd3';
import { useId, useMemo } from 'react';
import { fixed } from './format';
import { useT } from '../i18n';
import { Segmented } from './Segmented';
import { useStore } from '../state/createStore';
import { useLabSlot } from './useLabSlot';
import {
  anomalyStore,
  cancelAnomaly,
  markImage,
  runAnomaly,
  setAnomalyOptions,
  type AnomalyScores,
} from '../state/anomaly';
import { bitsPerDim, rocCurve, scoreAurocs } from '../lib/anomaly';
import { DATASETS } from '../data/datasets';
import type { MarkerScore } from '../model/posterior/anomalyProtocol';

const COLORS = { own: '#1864ab', other: '#e8590c', noise: '#868e96', image: '#000', inverted: '#862e9c' };

type Score = 'raw' | 'corrected';
type Units = 'nats' | 'bits';

function transform(nll: ArrayLike<number>, complexity: ArrayLike<number>, score: Score, units: Units): Float64Array {
  return Float64Array.from(nll, (v, i) => {
    const s = score === 'raw' ? v : v - complexity[i];
    return units === 'bits' ? bitsPerDim(s) : s;
  });
}

function markValue(m: MarkerScore, score: Score, units: Units): number {
  const s = score === 'raw' ? m.negLogLikelihood : m.negLogLikelihood - m.complexity;
  return units === 'bits' ? bitsPerDim(s) : s;
}

interface Sets {
  own: Float64Array;
  other: Float64Array;
  noise: Float64Array;
}

const W = 560;
const H = 220;
const M = { left: 44, right: 12, top: 10, bottom: 34 };

/** Two histograms (own test set, the other dataset's) on one axis, the marks (an image, its inverse, noise) as lines. */
function Histogram({
  sets,
  marks,
  label,
  names,
  xLabel,
}: {
  sets: Sets;
  marks: Array<{ value: number; color: string; name: string }>;
  label: string;
  names: { own: string; other: string };
  xLabel: string;
}) {
  const { bins, x, y } = useMemo(() => {
    const both = [...sets.own, ...sets.other].sort((a, b) => a - b);
    const lo = d3.quantileSorted(both, 0.005) ?? 0;
    const hi = d3.quantileSorted(both, 0.995) ?? 1;
    const x = d3
      .scaleLinear()
      .domain([lo, hi])
      .nice()
      .range([M.left, W - M.right]);
    const bin = d3
      .bin()
      .domain(x.domain() as [number, number])
      .thresholds(x.ticks(60));
    const clamp = (v: number) => Math.min(x.domain()[1], Math.max(x.domain()[0], v));
    const bins = {
      own: bin(Array.from(sets.own, clamp)),
      other: bin(Array.from(sets.other, clamp)),
    };
    const share = (b: d3.Bin<number, number>, n: number) => b.length / n;
    const top = Math.max(
      ...bins.own.map((b) => share(b, sets.own.length)),
      ...bins.other.map((b) => share(b, sets.other.length)),
    );
    const y = d3
      .scaleLinear()
      .domain([0, top || 1])
      .range([H - M.bottom, M.top]);
    return { bins, x, y };
  }, [sets]);
  const bars = (which: 'own' | 'other', n: number) =>
    bins[which].map((b, i) => (
      <rect
        key={`${which}-${i}`}
        x={x(b.x0 ?? 0)}
        width={Math.max(0, x(b.x1 ?? 0) - x(b.x0 ?? 0) - 0.5)}
        y={y(b.length / n)}
        height={y(0) - y(b.length / n)}
        fill={COLORS[which]}
        opacity={0.55}
      />
    ));
  const [d0, d1] = x.domain();
  return (
    <svg width={W} height={H} role="img" aria-label={label} className="anomaly-histogram">
      {bars('own', sets.own.length)}
      {bars('other', sets.other.length)}
      {marks.map((m, i) => {
        const v = Math.min(d1, Math.max(d0, m.value));
        const off = v !== m.value;
        return (
          <g key={m.name}>
            <line
              x1={x(v)}
              x2={x(v)}
              y1={M.top}
              y2={H - M.bottom}
              stroke={m.color}
              strokeWidth={2}
              strokeDasharray={off ? '3 3' : undefined}
            />
            <text
              x={x(v) + (v === d1 ? -4 : 4)}
              y={M.top + 10 + 12 * i}
              fontSize={10}
              fill={m.color}
              textAnchor={v === d1 ? 'end' : 'start'}
            >
              {`${m.name}${off ? (m.value > d1 ? ' →' : ' ←') : ''}`}
            </text>
          </g>
        );
      })}
      <g
        transform={`translate(0,${H - M.bottom})`}
        ref={(g) => void (g && d3.select(g).call(d3.axisBottom(x).ticks(8)))}
      />
      <g
        transform={`translate(${M.left},0)`}
        ref={(g) => void (g && d3.select(g).call(d3.axisLeft(y).ticks(4, '%')))}
      />
      <text x={(M.left + W - M.right) / 2} y={H - 4} fontSize={11} textAnchor="middle">
        {xLabel}
      </text>
      <g fontSize={10}>
        {(['own', 'other'] as const).map((k, i) => (
          <g key={k} transform={`translate(${W - M.right - 200},${M.top + 24 + 14 * i})`}>
            <rect width={10} height={10} fill={COLORS[k]} opacity={0.55} />
            <text x={14} y={9}>
              {names[k]}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}

/** ROC curves: own test set (normal) against the other dataset and against noise (anomalous). */
function Roc({ sets, label, names }: { sets: Sets; label: string; names: { other: string; noise: string } }) {
  const size = 220;
  const pad = 30;
  const x = d3
    .scaleLinear()
    .domain([0, 1])
    .range([pad, size - 8]);
  const y = d3
    .scaleLinear()
    .domain([0, 1])
    .range([size - pad, 8]);
  const line = d3
    .line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  const curves = useMemo(
    () => ({
      other: rocCurve(sets.own, sets.other),
      noise: sets.noise.length > 0 ? rocCurve(sets.own, sets.noise) : [],
    }),
    [sets],
  );
  return (
    <svg width={size} height={size} role="img" aria-label={label} className="anomaly-roc">
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#ced4da" strokeDasharray="4 3" />
      <path d={line(curves.noise) ?? ''} fill="none" stroke={COLORS.noise} strokeWidth={2} />
      <path d={line(curves.other) ?? ''} fill="none" stroke={COLORS.other} strokeWidth={2} />
      <g
        transform={`translate(0,${size - pad})`}
        ref={(g) => void (g && d3.select(g).call(d3.axisBottom(x).ticks(4)))}
      />
      <g transform={`translate(${pad},0)`} ref={(g) => void (g && d3.select(g).call(d3.axisLeft(y).ticks(4)))} />
      <g fontSize={10}>
        <text x={x(0.35)} y={y(0.12)} fill={COLORS.other}>
          {names.other}
        </text>
        <text x={x(0.35)} y={y(0.04)} fill={COLORS.noise}>
          {names.noise}
        </text>
      </g>
    </svg>
  );
}

function verdictKey(a: number): 'separates' | 'weak' | 'reversed' {
  return a >= 0.9 ? 'separates' : a > 0.5 ? 'weak' : 'reversed';
}

function Figures({ scores, score, units }: { scores: AnomalyScores; score: Score; units: Units }) {
  const { t } = useT();
  const marks = useStore(anomalyStore, (s) => s.markers);
  const ownName = DATASETS[scores.header.dataset].label;
  const otherName = DATASETS[scores.header.otherDataset].label;
  const sets = useMemo(
    () => ({
      own: transform(scores.own, scores.ownComplexity, score, units),
      other: transform(scores.other, scores.otherComplexity, score, units),
      noise: transform(scores.noise, scores.noiseComplexity, score, units),
    }),
    [scores, score, units],
  );
  const areas = useMemo(() => scoreAurocs(scores), [scores]);
  const markList = marks?.values
    ? [
        {
          value: markValue(marks.values.image, score, units),
          color: COLORS.image,
          name:
            marks.source.kind === 'test'
              ? t('lab.anomaly.markTest', { index: marks.source.index })
              : t('lab.anomaly.markDrawn'),
        },
        {
          value: markValue(marks.values.inverted, score, units),
          color: COLORS.inverted,
          name: t('lab.anomaly.markInverted'),
        },
        { value: markValue(marks.values.noise, score, units), color: COLORS.noise, name: t('lab.anomaly.markNoise') },
      ]
    : [];
  const xLabel = t(`lab.anomaly.axis.${score}.${units}`);
  const names = {
    own: t('lab.anomaly.ownSet', { name: ownName, count: scores.header.own }),
    other: t('lab.anomaly.otherSet', { name: otherName, count: scores.header.other }),
    noise: t('lab.anomaly.noiseSet', { count: scores.header.noise }),
  };
  const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
  return (
    <>
      <p className="hint">
        {scores.source === 'file'
          ? t('lab.anomaly.fromFile', { count: scores.header.own })
          : t(`lab.anomaly.computed.${scores.header.method}`, { count: scores.header.own })}
      </p>
      {scores.note && (
        <p className="notice notice-error" role="alert">
          {t('lab.anomaly.fileRefused', { reason: scores.note })}
        </p>
      )}
      <div className="anomaly-row">
        <Histogram
          sets={sets}
          marks={markList}
          label={t('lab.anomaly.histogramLabel', { own: ownName, other: otherName })}
          names={names}
          xLabel={xLabel}
        />
        <Roc
          sets={sets}
          label={t('lab.anomaly.rocLabel', { own: ownName, other: otherName })}
          names={{ other: names.other, noise: names.noise }}
        />
      </div>
      <table className="lab-table">
        <caption>{t('lab.anomaly.aurocCaption', { own: ownName })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lab.anomaly.against')}</th>
            <th scope="col">{t('lab.anomaly.rawScore')}</th>
            <th scope="col">{t('lab.anomaly.correctedScore')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{otherName}</th>
            <td>{fixed(areas.rawOther, 3)}</td>
            <td>{fixed(areas.corOther, 3)}</td>
          </tr>
          <tr>
            <th scope="row">{t('lab.anomaly.noiseRow')}</th>
            <td>{fixed(areas.rawNoise, 3)}</td>
            <td>{fixed(areas.corNoise, 3)}</td>
          </tr>
        </tbody>
      </table>
      <p className="anomaly-caption">
        {t(`lab.anomaly.verdict.raw.${verdictKey(areas.rawOther)}`, {
          own: ownName,
          other: otherName,
          auroc: fixed(areas.rawOther, 3),
          ownMean: fixed(mean(sets.own), units === 'bits' ? 3 : 1),
          otherMean: fixed(mean(sets.other), units === 'bits' ? 3 : 1),
        })}{' '}
        {t(`lab.anomaly.verdict.corrected.${verdictKey(areas.corOther)}`, { auroc: fixed(areas.corOther, 3) })}{' '}
        {t('lab.anomaly.scaleNote')}
      </p>
    </>
  );
}

function Directions() {
  const { t } = useT();
  const directions = useStore(anomalyStore, (s) => s.directions);
  if (!directions) return null;
  if (directions.status === 'loading') return <p role="status">{t('lab.anomaly.directionsLoading')}</p>;
  if (directions.status === 'error')
    return (
      <p className="notice notice-error" role="alert">
        {t('lab.anomaly.directionsFailed', { reason: directions.message })}
      </p>
    );
  return (
    <table className="lab-table">
      <caption>{t('lab.anomaly.directionsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('lab.anomaly.direction')}</th>
          <th scope="col">{t('lab.anomaly.rawScore')}</th>
          <th scope="col">{t('lab.anomaly.correctedScore')}</th>
        </tr>
      </thead>
      <tbody>
        {directions.value.map((d) => (
          <tr key={d.model}>
            <th scope="row">
              {t('lab.anomaly.directionRow', {
                model: d.model,
                own: DATASETS[d.dataset].label,
                other: DATASETS[d.otherDataset].label,
                count: d.count,
              })}
            </th>
            <td>{fixed(d.raw, 3)}</td>
            <td>{fixed(d.corrected, 3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The odd one out: -log p(x) of the model's own test set against another dataset's, noise and an inverted digit. */
export function AnomalyPanel() {
  const { t } = useT();
  const id = useId();
  const state = useStore(anomalyStore, (s) => s);
  const { labels, selected, hasDrawn, slots, slot } = useLabSlot(state.slot);
  const count = Number(state.countText);
  const valid = Number.isInteger(count) && count >= 1 && count <= 10_000;
  const run = state.run?.slot === slot ? state.run : null;
  return (
    <section id="panel-anomaly" className="panel anomaly-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('lab.anomaly.heading')}</h2>
      <p className="panel-intro">{t('lab.anomaly.intro')}</p>
      {!slot ? (
        <p className="hint">{t('lab.anomaly.noModel')}</p>
      ) : (
        <>
          <div className="lab-controls">
            {slots.length > 1 && (
              <Segmented
                label={t('lab.anomaly.model')}
                name={`${id}-slot`}
                options={slots}
                value={slot}
                onChange={(s) => setAnomalyOptions({ slot: s })}
                text={(s) => labels[s]}
              />
            )}
            <label>
              {t('lab.anomaly.count')}{' '}
              <input
                type="number"
                min={1}
                max={10000}
                value={state.countText}
                aria-invalid={!valid}
                onChange={(e) => setAnomalyOptions({ countText: e.target.value })}
              />
            </label>
            <button
              type="button"
              className="primary"
              disabled={!valid || run?.running}
              onClick={() => void runAnomaly(slot, count)}
            >
              {t('lab.anomaly.run')}
            </button>
            {run?.running && (
              <button type="button" onClick={cancelAnomaly}>
                {t('lab.anomaly.cancel')}
              </button>
            )}
          </div>
          <div className="lab-controls">
            <Segmented
              label={t('lab.anomaly.scoreGroup')}
              name={`${id}-score`}
              options={['raw', 'corrected'] as const}
              value={state.score}
              onChange={(score) => setAnomalyOptions({ score })}
              text={(s) => t(`lab.anomaly.scoreOption.${s}`)}
            />
            <Segmented
              label={t('lab.anomaly.unitsGroup')}
              name={`${id}-units`}
              options={['nats', 'bits'] as const}
              value={state.units}
              onChange={(units) => setAnomalyOptions({ units })}
              text={(u) => t(`lab.anomaly.unitsOption.${u}`)}
            />
            <button
              type="button"
              disabled={selected === null}
              onClick={() => selected !== null && void markImage({ kind: 'test', index: selected }, slot)}
            >
              {selected !== null ? t('lab.anomaly.markPickedNumber', { index: selected }) : t('lab.anomaly.markPicked')}
            </button>
            <button type="button" disabled={!hasDrawn} onClick={() => void markImage({ kind: 'drawn' }, slot)}>
              {t('lab.anomaly.markDrawnButton')}
            </button>
          </div>
          {run?.running && (
            <div className="progress-row">
              <label htmlFor={`${id}-progress`}>
                {t('lab.anomaly.progress', { done: run.done, total: run.total })}
              </label>
              <progress
                id={`${id}-progress`}
                aria-label={t('lab.anomaly.progressName')}
                max={run.total || 1}
                value={run.done}
              />
            </div>
          )}
          {run?.error && (
            <p className="notice notice-error" role="alert">
              {run.error}
            </p>
          )}
          {state.markers?.error && (
            <p className="notice notice-error" role="alert">
              {state.markers.error}
            </p>
          )}
          {run?.scores && <Figures scores={run.scores} score={state.score} units={state.units} />}
        </>
      )}
      <Directions />
    </section>
  );
}

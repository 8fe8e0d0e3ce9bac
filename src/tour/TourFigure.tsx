import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { count, fixed, nats, percent } from '../components/format';
import { useHoles } from '../components/HoleFigure';
import { explorerClient } from '../bridge/explorerClient';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { explorerStore } from '../state/explorerStore';
import { anomalyStore } from '../state/anomaly';
import { hiddenStore } from '../state/hiddenHalf';
import { labStore } from '../state/posteriorLab';
import { DATASETS } from '../data/datasets';
import { scoreAurocs } from '../lib/anomaly';
import { mixtureStore } from '../state/mixtures';
import { modelsStore } from '../state/modelsStore';
import { reparamStore } from '../state/reparam';
import { useRuns } from '../state/runsView';
import { slotsStore } from '../state/slots';
import { useSlotLabels, useSlotView, type SlotView } from '../state/slotView';
import type { FigureId } from './types';
import type { SetFigures } from '../worker/mixtureHost';

/**
 * The live figure of a tour chapter: numbers computed from the models
 * shown (their test posteriors, the lab's and the mixtures' results, the
 * run being trained), and whether the chapter's claim holds on them. The
 * figure is measured, not written in: a claim that fails says so.
 */
type Row = [string, string];

function Figure({ rows, claim, holds }: { rows: Row[]; claim: string | null; holds: boolean | null }) {
  const { t } = useT();
  return (
    <div className="tour-figure">
      <table className="figures" aria-label={t('tour.figure')}>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" aria-label={t('tour.claim')} data-holds={holds === null ? 'pending' : String(holds)}>
        {holds === null ? t('tour.pending') : claim}
      </p>
    </div>
  );
}

/** The slot showing a model of this family (the left one first). */
function viewOf(views: SlotView[], kind: string): SlotView | null {
  return views.find((v) => v.kind === kind && v.status === 'ready') ?? null;
}

/** The (upper) median; a typed array's numeric sort, some ten times faster than an array's with a comparator. */
const median = (values: Float64Array) => {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
};

function useAnswer() {
  const { t } = useT();
  return (holds: boolean) => (holds ? t('tour.figures.yes') : t('tour.figures.no'));
}

function AeCode({ views }: { views: SlotView[] }) {
  const { t } = useT();
  const ae = viewOf(views, 'ae');
  const point = useStore(slotsStore, (s) => (ae ? s[ae.slot].point : null));
  const recon = ae?.testMetrics?.reconstruction ?? null;
  const rows: Row[] = [
    [t('tour.figures.numbers'), t('tour.figures.numbersValue')],
    [t('tour.figures.aeReconstruction'), nats(recon)],
    [
      t('tour.figures.selectedCode'),
      point ? `z = (${point.map((v) => fixed(v, 2)).join(', ')})` : t('tour.figures.none'),
    ],
  ];
  return <Figure rows={rows} claim={t('tour.holds')} holds={recon === null ? null : Number.isFinite(recon)} />;
}

function Holes({ views }: { views: SlotView[] }) {
  const { t } = useT();
  const answer = useAnswer();
  const ae = viewOf(views, 'ae');
  const vae = viewOf(views, 'vae');
  const aeHoles = useHoles(ae);
  const vaeHoles = useHoles(vae);
  const width = (h: typeof aeHoles) => (h ? Math.max(h.box[1] - h.box[0], h.box[3] - h.box[2]) : null);
  const codeWidth = (v: SlotView | null) => {
    const p = v?.posteriors;
    if (!p) return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < p.count * p.latentDim; i++) {
      lo = Math.min(lo, p.means[i]);
      hi = Math.max(hi, p.means[i]);
    }
    return hi - lo;
  };
  const holds = aeHoles && vaeHoles ? aeHoles.share > vaeHoles.share : null;
  const rows: Row[] = [
    [t('tour.figures.aeHoles'), percent(aeHoles?.share)],
    [t('tour.figures.vaeHoles'), percent(vaeHoles?.share)],
    [t('tour.figures.aeSpan'), fixed(width(aeHoles) ?? codeWidth(ae), 1)],
    [t('tour.figures.vaeSpan'), fixed(codeWidth(vae), 1)],
  ];
  return <Figure rows={rows} claim={t('tour.figures.holesClaim', { answer: answer(holds ?? false) })} holds={holds} />;
}

function PosteriorWidth({ views }: { views: SlotView[] }) {
  const { t } = useT();
  const answer = useAnswer();
  const vae = viewOf(views, 'vae');
  const digit = useStore(explorerStore, (s) => s.selectedDigit);
  const figures = useMemo(() => {
    const p = vae?.posteriors;
    if (!p?.logVars || p.latentDim !== 2) return null;
    const sx = new Float64Array(p.count);
    const sy = new Float64Array(p.count);
    let inside = 0;
    let minSigma = Infinity;
    for (let i = 0; i < p.count; i++) {
      sx[i] = Math.exp(0.5 * p.logVars[2 * i]);
      sy[i] = Math.exp(0.5 * p.logVars[2 * i + 1]);
      minSigma = Math.min(minSigma, sx[i], sy[i]);
      if (p.means[2 * i] ** 2 + p.means[2 * i + 1] ** 2 <= 4) inside++;
    }
    return { sx: median(sx), sy: median(sy), inside: inside / p.count, minSigma };
  }, [vae?.posteriors]);
  const p = vae?.posteriors;
  const selected =
    p?.logVars && digit !== null && digit < p.count
      ? `μ = (${fixed(p.means[2 * digit], 2)}, ${fixed(p.means[2 * digit + 1], 2)}), σ = (${fixed(Math.exp(0.5 * p.logVars[2 * digit]), 3)}, ${fixed(Math.exp(0.5 * p.logVars[2 * digit + 1]), 3)})`
      : t('tour.figures.none');
  // Draws of N(0, I) fall inside the 2-sigma disc with probability 1 - e^-2 = 86.5 %.
  const holds = figures ? figures.minSigma > 0 && Math.abs(figures.inside - (1 - Math.exp(-2))) < 0.1 : null;
  const rows: Row[] = [
    [t('tour.figures.medianSigma'), figures ? `(${fixed(figures.sx, 3)}, ${fixed(figures.sy, 3)})` : '–'],
    [t('tour.figures.insidePrior'), percent(figures?.inside)],
    [t('tour.figures.selectedSigma', { index: digit ?? '–' }), selected],
  ];
  return <Figure rows={rows} claim={t('tour.figures.regionClaim', { answer: answer(holds ?? false) })} holds={holds} />;
}

function DiagonalCost() {
  const { t } = useT();
  const answer = useAnswer();
  const truth = useStore(labStore, (s) => s.result?.truth ?? null);
  const d = 1024;
  const holds = truth ? truth.klPosteriorToFit < truth.klPosteriorToQ : null;
  const rows: Row[] = [
    [t('tour.figures.correlation'), fixed(truth?.moments.correlation, 2)],
    [t('tour.figures.klDiagonal'), nats(truth?.klPosteriorToQ, 2)],
    [t('tour.figures.klFull'), nats(truth?.klPosteriorToFit, 2)],
    [t('tour.figures.costDiagonal'), count(2 * d)],
    [t('tour.figures.costFull'), count(d + (d * (d + 1)) / 2)],
  ];
  return (
    <Figure rows={rows} claim={t('tour.figures.diagonalClaim', { answer: answer(holds ?? false) })} holds={holds} />
  );
}

function ReparamVariance() {
  const { t } = useT();
  const answer = useAnswer();
  const comparison = useStore(reparamStore, (s) => s.comparison);
  const meanRatio = (K: number) => {
    const c = comparison?.find((x) => x.K === K);
    return c ? c.varianceRatio.reduce((a, b) => a + b, 0) / c.varianceRatio.length : null;
  };
  const k1 = meanRatio(1);
  const holds = comparison ? comparison.every((c) => c.varianceRatio.every((r) => r > 1)) : null;
  const rows: Row[] = [
    [t('tour.figures.varianceRatio'), fixed(k1, 1)],
    [t('tour.figures.varianceRatio10'), fixed(meanRatio(10), 1)],
  ];
  return (
    <Figure rows={rows} claim={t('tour.figures.reparamClaim', { answer: answer(holds ?? false) })} holds={holds} />
  );
}

/** The model's figures on 10,000 training digits and the 10,000 test digits (the explorer worker measures them once). */
function useTrainTest(view: SlotView | null): { train: SetFigures; test: SetFigures } | null {
  const [result, setResult] = useState<{ key: unknown; value: { train: SetFigures; test: SetFigures } } | null>(null);
  const slot = view?.slot;
  const version = view?.weightsVersion;
  const ready = view?.status === 'ready' && view.source !== 'training';
  useEffect(() => {
    if (!slot || !ready) return;
    let live = true;
    void explorerClient.trainTestFigures(slot).then((value) => live && setResult({ key: version, value }));
    return () => {
      live = false;
    };
  }, [slot, version, ready]);
  return result && result.key === version ? result.value : null;
}

function KlRegulariser({ views }: { views: SlotView[] }) {
  const { t } = useT();
  const answer = useAnswer();
  const [left, right] = views;
  const leftFigures = useTrainTest(left ?? null);
  const rightFigures = useTrainTest(right ?? null);
  const shown = [
    { view: left, figures: leftFigures },
    { view: right, figures: rightFigures },
  ].filter((x): x is { view: SlotView; figures: typeof leftFigures } => Boolean(x.view && x.view.status === 'ready'));
  const rows: Row[] = [];
  for (const { view, figures } of shown) {
    const name = `${view.label}: ${view.name}`;
    if (view.testMetrics?.kl !== undefined && view.testMetrics.kl !== null)
      rows.push([t('tour.figures.klOf', { label: name }), nats(view.testMetrics.kl, 2)]);
    rows.push([
      t('tour.figures.gapOf', { label: name }),
      figures ? nats(figures.train.reconstruction - figures.test.reconstruction, 2) : t('tour.figures.measuringGap'),
    ]);
  }
  // With the KL term the code is dearer (reconstruction higher) and the model overfits less (gap nearer zero).
  const withKl = shown.filter((s) => s.view.family?.hasKlTerm && s.figures);
  const without = shown.filter((s) => !s.view.family?.hasKlTerm && s.figures);
  let holds: boolean | null = null;
  if (withKl.length && without.length) {
    const gap = (s: (typeof shown)[number]) =>
      Math.abs(s.figures!.train.reconstruction - s.figures!.test.reconstruction);
    holds = withKl.every((a) => without.every((b) => gap(a) <= gap(b)));
  }
  return <Figure rows={rows} claim={t('tour.figures.klClaim', { answer: answer(holds ?? false) })} holds={holds} />;
}

function PriorReach({ views }: { views: SlotView[] }) {
  const { t } = useT();
  const answer = useAnswer();
  const reach = (v: SlotView | null) => {
    const p = v?.posteriors;
    if (!p || p.latentDim !== 2) return null;
    let near = 0;
    for (let i = 0; i < p.count; i++) if (p.means[2 * i] ** 2 + p.means[2 * i + 1] ** 2 <= 9) near++;
    return near / p.count;
  };
  const vae = viewOf(views, 'vae');
  const ae = viewOf(views, 'ae');
  const [vaeReach, aeReach] = [reach(vae), reach(ae)];
  const holds = vaeReach !== null && aeReach !== null ? vaeReach > 0.9 && aeReach < 0.5 : null;
  const rows: Row[] = [vae, ae].flatMap((v, i) =>
    v ? [[t('tour.figures.reachOf', { label: v.label }), percent([vaeReach, aeReach][i])] as Row] : [],
  );
  return <Figure rows={rows} claim={t('tour.figures.reachClaim', { answer: answer(holds ?? false) })} holds={holds} />;
}

function Estimators() {
  const { t } = useT();
  const answer = useAnswer();
  const result = useStore(labStore, (s) => s.result);
  const est = result?.estimators;
  const logPx = result?.quadrature?.logPx;
  const at = (runs: Array<{ K: number; mean: number }> | undefined, K: number) => runs?.find((r) => r.K === K)?.mean;
  const [small, large] = [10, 10_000];
  const is = at(est?.importance, small);
  const prior = at(est?.prior, small);
  const uniform = at(est?.uniform, small);
  let holds: boolean | null = null;
  if (logPx !== undefined && is !== undefined && prior !== undefined && uniform !== undefined) {
    const off = (x: number) => Math.abs(x - logPx);
    holds = off(is) < off(prior) && off(is) < off(uniform);
  }
  const rows: Row[] = [
    [t('tour.figures.quadrature'), nats(logPx, 2)],
    [t('tour.figures.importance', { K: count(small) }), nats(is, 2)],
    [t('tour.figures.prior', { K: count(small) }), nats(prior, 2)],
    [t('tour.figures.uniform', { K: count(small) }), nats(uniform, 2)],
    [t('tour.figures.importance', { K: count(large) }), nats(at(est?.importance, large), 2)],
    [t('tour.figures.prior', { K: count(large) }), nats(at(est?.prior, large), 2)],
  ];
  return (
    <Figure rows={rows} claim={t('tour.figures.estimatorsClaim', { answer: answer(holds ?? false) })} holds={holds} />
  );
}

function Identity() {
  const { t } = useT();
  const answer = useAnswer();
  const identity = useStore(labStore, (s) => s.result?.identity ?? null);
  const holds = identity
    ? identity.elbo.elbo <= identity.logPx + 3 * identity.elbo.standardError &&
      Math.abs(identity.residual) <= 4 * identity.elbo.standardError + 0.05
    : null;
  const rows: Row[] = [
    [t('tour.figures.logPx'), nats(identity?.logPx, 2)],
    [
      t('tour.figures.elbo'),
      identity ? `${nats(identity.elbo.elbo, 2)} ± ${nats(identity.elbo.standardError, 2)}` : '–',
    ],
    [t('tour.figures.klPosterior'), nats(identity?.kl, 2)],
    [t('tour.figures.residual'), fixed(identity?.residual, 3)],
  ];
  return (
    <Figure rows={rows} claim={t('tour.figures.identityClaim', { answer: answer(holds ?? false) })} holds={holds} />
  );
}

/** A shipped model's test figures from the catalog (its meta.json). */
function useShippedMetrics(id: string) {
  return useStore(modelsStore, (s) =>
    s.shipped.status === 'ready' ? (s.shipped.value.find((i) => i.id === id)?.meta.testMetrics ?? null) : null,
  );
}

function Mixtures() {
  const { t } = useT();
  const answer = useAnswer();
  const { gmm, aggregate } = useStore(mixtureStore, (s) => s);
  const learned = useShippedMetrics('mog-vae-2d');
  const standard = useShippedMetrics('vae-2d');
  const labels = useSlotLabels();
  const rows: Row[] = [];
  if (gmm?.result)
    rows.push([
      t('tour.figures.gmmHeldOut', { K: gmm.result.K, label: labels[gmm.slot] }),
      nats(gmm.result.heldOutLogLikelihood, 2),
    ]);
  if (aggregate?.result) {
    const label = labels[aggregate.slot];
    rows.push([t('tour.figures.aggregateKl', { label }), nats(aggregate.result.figures.kl, 3)]);
    rows.push([t('tour.figures.aggregateHoles', { label }), percent(aggregate.result.figures.holeShare)]);
  }
  rows.push([t('tour.figures.standardPriorKl'), nats(standard?.aggregatePosteriorKl, 3)]);
  rows.push([t('tour.figures.learnedPriorKl'), nats(learned?.aggregatePosteriorKl, 3)]);
  const holds =
    learned?.aggregatePosteriorKl !== undefined && standard?.aggregatePosteriorKl !== undefined
      ? learned.aggregatePosteriorKl < standard.aggregatePosteriorKl
      : null;
  return (
    <Figure rows={rows} claim={t('tour.figures.mixturesClaim', { answer: answer(holds ?? false) })} holds={holds} />
  );
}

function Variants() {
  const { t } = useT();
  const answer = useAnswer();
  const vae = useShippedMetrics('vae-2d');
  const beta = useShippedMetrics('beta4-vae-2d');
  const vq = useShippedMetrics('vq-2d');
  const flow = useShippedMetrics('flow-vae-2d');
  const rows: Row[] = [
    [t('tour.figures.betaKl'), `${nats(beta?.kl, 2)} / ${nats(vae?.kl, 2)}`],
    [t('tour.figures.vqPerplexity'), fixed(vq?.perplexity, 1)],
    [t('tour.figures.flowKl'), `${nats(flow?.klToTruePosterior, 2)} / ${nats(vae?.klToTruePosterior, 2)}`],
  ];
  const ready = vae && beta && flow;
  const holds = ready
    ? (beta.kl ?? Infinity) < (vae.kl ?? -Infinity) &&
      (flow.klToTruePosterior ?? Infinity) < (vae.klToTruePosterior ?? -Infinity)
    : null;
  return (
    <Figure rows={rows} claim={t('tour.figures.variantsClaim', { answer: answer(holds ?? false) })} holds={holds} />
  );
}

function HiddenHalf() {
  const { t } = useT();
  const answer = useAnswer();
  const labels = useSlotLabels();
  const result = useStore(hiddenStore, (s) => s.result);
  const update = result?.figures ?? null;
  const f = update?.figures ?? null;
  // Only the exact (grid) posterior has a KL to the encoder's q; above 2-D the figures are sampled.
  const kl = update?.method === 'quadrature' ? update.figures.klPosteriorToEncoder : null;
  const rows: Row[] = [
    [
      t('tour.figures.hiddenOf'),
      result
        ? t('tour.figures.hiddenWhat', {
            image:
              result.source.kind === 'test'
                ? t('tour.figures.testDigit', { index: result.source.index })
                : t('tour.figures.drawnDigit'),
            mask: t(`lab.hidden.masks.${result.mask}`),
            model: labels[result.slot],
          })
        : t('tour.figures.none'),
    ],
    [t('tour.figures.hiddenExact'), nats(f?.exact, 2)],
    [t('tour.figures.hiddenEncoder'), nats(f?.encoder, 2)],
    [t('tour.figures.hiddenPrior'), nats(f?.prior, 2)],
  ];
  if (kl !== null) rows.push([t('tour.figures.hiddenKl'), nats(kl, 1)]);
  // The encoder never saw a masked image: the exact posterior predicts the hidden pixels better.
  const holds = f ? f.exact > f.encoder : null;
  return <Figure rows={rows} claim={t('tour.figures.hiddenClaim', { answer: answer(holds ?? false) })} holds={holds} />;
}

function Anomaly() {
  const { t } = useT();
  const answer = useAnswer();
  const labels = useSlotLabels();
  const run = useStore(anomalyStore, (s) => s.run);
  const directions = useStore(anomalyStore, (s) => s.directions);
  const scores = run?.scores ?? null;
  const areas = useMemo(() => (scores ? scoreAurocs(scores) : null), [scores]);
  const rows: Row[] = [];
  if (run && scores) {
    const names = {
      label: labels[run.slot],
      own: DATASETS[scores.header.dataset].label,
      other: DATASETS[scores.header.otherDataset].label,
    };
    rows.push([t('tour.figures.aurocRaw', names), fixed(areas?.rawOther, 3)]);
    rows.push([t('tour.figures.aurocCorrected', names), fixed(areas?.corOther, 3)]);
  } else {
    rows.push([t('tour.figures.aurocShown'), run?.running ? t('tour.figures.scoring') : t('tour.figures.notScored')]);
  }
  const shipped = directions?.status === 'ready' ? directions.value : [];
  for (const d of shipped)
    rows.push([
      t('tour.figures.aurocDirection', {
        model: d.model,
        own: DATASETS[d.dataset].label,
        other: DATASETS[d.otherDataset].label,
      }),
      `${fixed(d.raw, 3)} / ${fixed(d.corrected, 3)}`,
    ]);
  if (directions?.status === 'error') rows.push([t('tour.figures.aurocDirections'), directions.message]);
  // Nalisnick et al. 2019: trained on Fashion-MNIST, a VAE finds MNIST more probable than its own test images.
  const fashion = shipped.find((d) => d.dataset === 'fashion-mnist' && d.otherDataset === 'mnist');
  const holds =
    directions?.status === 'ready' ? (fashion ? fashion.raw < 0.5 && fashion.corrected > 0.5 : false) : null;
  return (
    <Figure rows={rows} claim={t('tour.figures.anomalyClaim', { answer: answer(holds ?? false) })} holds={holds} />
  );
}

function Training() {
  const { t } = useT();
  const answer = useAnswer();
  const runs = useRuns();
  const rows: Row[] = [];
  let holds: boolean | null = null;
  for (const { label, run } of runs) {
    const last = run.epochs[run.epochs.length - 1];
    rows.push([t('tour.figures.trainStep', { label }), count(run.progress?.step ?? 0)]);
    if (last?.negElbo !== null && last?.negElbo !== undefined)
      rows.push([t('tour.figures.trainElbo', { label }), nats(last.negElbo)]);
    const elbos = run.epochs.map((p) => p.negElbo).filter((x): x is number => x !== null);
    if (elbos.length >= 2) holds = elbos[elbos.length - 1] < elbos[0];
  }
  if (runs.length === 0) rows.push([t('tour.figures.trainStep', { label: '' }), t('tour.figures.notStarted')]);
  return (
    <Figure rows={rows} claim={t('tour.figures.trainingClaim', { answer: answer(holds ?? false) })} holds={holds} />
  );
}

export function TourFigure({ figure }: { figure: FigureId }) {
  const left = useSlotView('left');
  const right = useSlotView('right');
  const views = useMemo(() => [left, right], [left, right]);
  const figures: Record<FigureId, () => ReactNode> = {
    'ae-code': () => <AeCode views={views} />,
    holes: () => <Holes views={views} />,
    'posterior-width': () => <PosteriorWidth views={views} />,
    'diagonal-cost': () => <DiagonalCost />,
    'reparam-variance': () => <ReparamVariance />,
    'kl-regulariser': () => <KlRegulariser views={views} />,
    'prior-reach': () => <PriorReach views={views} />,
    estimators: () => <Estimators />,
    identity: () => <Identity />,
    mixtures: () => <Mixtures />,
    variants: () => <Variants />,
    'hidden-half': () => <HiddenHalf />,
    anomaly: () => <Anomaly />,
    training: () => <Training />,
  };
  return <>{figures[figure]()}</>;
}

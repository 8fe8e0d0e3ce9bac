import { nats } from './format';
import { codeUsageFigures } from '../lib/codeUsage';
import { familyInfo } from '../model/familyInfo';
import type { EpochPoint, StepPoint } from '../model/training/events';
import { useRuns, type RunView } from '../state/runsView';

/** The mean of the last few step points: what the smoothed curve shows at its end. */
function recent(points: StepPoint[], key: keyof StepPoint, n = 5): number | null {
  if (points.length === 0) return null;
  const tail = points.slice(-n);
  return tail.reduce((s, p) => s + (p[key] as number), 0) / tail.length;
}

type Row = [
  string,
  (r: RunView, test: EpochPoint | undefined, iwae: EpochPoint['iwae'] | undefined) => [unknown, unknown],
];

const hasKl = (r: RunView) => familyInfo(r.run.config.kind).hasKlTerm || r.run.config.kind === 'vq-vae';

const ROWS: Row[] = [
  ['Reconstruction −log p(x|z)', (r, t) => [recent(r.run.steps, 'reconstruction'), t?.reconstruction]],
  ['KL(q(z|x) ‖ p(z))', (r, t) => (hasKl(r) ? [recent(r.run.steps, 'kl'), t?.kl] : [null, null])],
  ['−ELBO', (r, t) => (hasKl(r) ? [recent(r.run.steps, 'negElbo'), t?.negElbo] : [null, null])],
  ['β-weighted loss (what is minimised)', (r) => [recent(r.run.steps, 'loss'), null]],
  ['−log p(x), importance-sampled', (_r, _t, iwae) => [null, iwae?.negLogLikelihood]],
  ['Gap: KL(q(z|x) ‖ p(z|x)) ≥', (_r, _t, iwae) => [null, iwae?.gap]],
  [
    'Codebook perplexity exp H(usage)',
    (_r, t) => [null, t?.codeUsage ? codeUsageFigures(t.codeUsage).perplexity : null],
  ],
];

export function TrainingFigures() {
  const runs = useRuns();
  if (runs.length === 0) return null;
  const lasts = runs.map((r) => ({
    test: r.run.epochs[r.run.epochs.length - 1],
    // The importance-sampled figures come with whole epochs only (see TrainingSession.evaluateNow).
    iwae: [...r.run.epochs].reverse().find((p) => p.iwae)?.iwae,
  }));
  const rows = ROWS.filter(
    ([label]) => !label.startsWith('Codebook') || runs.some((r) => r.run.config.kind === 'vq-vae'),
  );
  const iwae = lasts.find((l) => l.iwae)?.iwae;
  const sampled = lasts.some((l) => l.test?.klMethod === 'sampled');
  return (
    <table className="figures" aria-label="Training figures">
      <caption>
        Nats per image. Batch: the last training batches; test: the test set after the last epoch
        {iwae && `; −log p(x) with K = ${iwae.K} on ${iwae.count} test digits drawn at random`}.
        {sampled &&
          ' A KL marked by a learned prior or a flow has no closed form: it is the one-sample estimate log q(z|x) − log p(z).'}
        {runs.some((r) => r.run.config.kind === 'vq-vae') &&
          ' A VQ-VAE’s KL is log K (a uniform prior over its K codes).'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          {runs.map((r) => [
            <th key={`${r.slot}-batch`} scope="col">
              {r.label} batch
            </th>,
            <th key={`${r.slot}-test`} scope="col">
              {r.label} test
            </th>,
          ])}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, values]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {runs.flatMap((r, i) =>
              values(r, lasts[i].test, lasts[i].iwae).map((v, j) => (
                <td key={`${r.slot}-${j}`}>{nats(typeof v === 'number' ? v : null)}</td>
              )),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

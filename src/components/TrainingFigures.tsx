import { count, nats } from './format';
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

const hasKl = (r: RunView) => familyInfo(r.run.config.kind).hasKlTerm || r.run.config.kind === 'vq-vae';

type Row = [string, (r: RunView, test: EpochPoint | undefined) => [unknown, unknown]];

/** Batch figures and the latest test evaluation (one evaluation: same weights, same digits). */
const ROWS: Row[] = [
  ['Reconstruction −log p(x|z)', (r, t) => [recent(r.run.steps, 'reconstruction'), t?.reconstruction]],
  ['KL(q(z|x) ‖ p(z))', (r, t) => (hasKl(r) ? [recent(r.run.steps, 'kl'), t?.kl] : [null, null])],
  ['−ELBO', (r, t) => (hasKl(r) ? [recent(r.run.steps, 'negElbo'), t?.negElbo] : [null, null])],
  ['β-weighted loss (what is minimised)', (r) => [recent(r.run.steps, 'loss'), null]],
  [
    'Codebook perplexity exp H(usage)',
    (_r, t) => [null, t?.codeUsage ? codeUsageFigures(t.codeUsage).perplexity : null],
  ],
];

const evaluationText = (p: EpochPoint) => `step ${count(p.step)} (epoch ${Number(p.epoch.toFixed(2))})`;

/**
 * The importance-sampled figures of one evaluation: -ELBO and -log p(x)
 * from the same K draws per digit, on the same digits, with the same
 * weights, so -log p(x) <= -ELBO on every digit (Jensen) and the gap is
 * their difference, a lower bound on the mean KL(q(z|x) || p(z|x)).
 */
function ImportanceSampledRows({ runs }: { runs: RunView[] }) {
  const last = runs.map((r) => [...r.run.epochs].reverse().find((p) => p.iwae));
  if (!last.some(Boolean)) return null;
  const cells = (pick: (iwae: NonNullable<EpochPoint['iwae']>) => number) =>
    runs.map((r, i) => {
      const iwae = last[i]?.iwae;
      return [<td key={`${r.slot}-batch`} />, <td key={`${r.slot}-test`}>{iwae ? nats(pick(iwae)) : '–'}</td>];
    });
  return (
    <tbody aria-label="Importance-sampled figures">
      <tr>
        <th scope="rowgroup" colSpan={1 + 2 * runs.length} className="row-group">
          Importance sampling, one evaluation each:{' '}
          {runs
            .map((r, i) => {
              const p = last[i];
              return p?.iwae
                ? `${r.label} at ${evaluationText(p)}, K = ${p.iwae.K} on ${count(p.iwae.count)} test digits drawn at random`
                : null;
            })
            .filter(Boolean)
            .join('; ')}
        </th>
      </tr>
      <tr>
        <th scope="row">−ELBO (the same draws)</th>
        {cells((iwae) => iwae.negElbo)}
      </tr>
      <tr>
        <th scope="row">−log p(x), importance-sampled</th>
        {cells((iwae) => iwae.negLogLikelihood)}
      </tr>
      <tr>
        <th scope="row">Gap: KL(q(z|x) ‖ p(z|x)) ≥</th>
        {cells((iwae) => iwae.gap)}
      </tr>
    </tbody>
  );
}

export function TrainingFigures() {
  const runs = useRuns();
  if (runs.length === 0) return null;
  const tests = runs.map((r) => r.run.epochs[r.run.epochs.length - 1]);
  const rows = ROWS.filter(
    ([label]) => !label.startsWith('Codebook') || runs.some((r) => r.run.config.kind === 'vq-vae'),
  );
  const sampled = tests.some((t) => t?.klMethod === 'sampled');
  return (
    <table className="figures" aria-label="Training figures">
      <caption>
        Nats per image. Batch: the last training batches. Test: the latest evaluation of the test set (
        {runs
          .map((r, i) => (tests[i] ? `${r.label}: ${evaluationText(tests[i])}, ${count(tests[i].count)} digits` : null))
          .filter(Boolean)
          .join('; ') || 'none yet'}
        ).
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
              values(r, tests[i]).map((v, j) => (
                <td key={`${r.slot}-${j}`}>{nats(typeof v === 'number' ? v : null)}</td>
              )),
            )}
          </tr>
        ))}
      </tbody>
      <ImportanceSampledRows runs={runs} />
    </table>
  );
}
